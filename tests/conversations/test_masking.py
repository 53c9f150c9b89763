"""Contact details are masked before a paid order exists between the two parties; prices, quantities,
dimensions, dates and order numbers never are."""

from __future__ import annotations

import pytest

from orders.conversations import services
from orders.conversations.masking import MASK, mask_contacts
from orders.conversations.models import Message
from orders.numbers import new_order_number, new_purchase_number
from tests.conversations.factories import paid_order, product_thread

MASKED = [
    ("Hubungi saya di 0812-3456-7890 ya", "phone"),
    ("WA +62 812 3456 7890", "phone"),
    ("nomor 6281234567890", "phone"),
    ("telp (0274) 512-345", "phone"),
    ("kantor 021 5551234", "phone"),
    ("call +1 415 555 0100", "phone"),
    ("0812.3456.7890", "phone"),
    ("email budi.santoso@gmail.com", "email"),
    ("budi [at] gmail [dot] com", "email"),
    ("chat https://wa.me/6281234567890", "whatsapp"),
    ("wa.me/6281234567890", "whatsapp"),
    ("api.whatsapp.com/send?phone=6281234567890", "whatsapp"),
    ("grup https://chat.whatsapp.com/AbCdEf123", "whatsapp"),
]

KEPT = [
    "Harganya Rp 1.250.000 per set",
    "Rp1.250.000",
    "IDR 250000",
    "250000",
    "Rp 62.812.345.678 untuk seluruh pesanan",
    "1,250,000",
    "Minimal 1000 pcs, kapasitas 2500 per bulan",
    "Ukuran 30 x 40 x 12 cm, berat 25,5 kg",
    "Dikirim 12/08/2026 atau 2026-08-12, paling lambat 08-12-2026",
    "Pukul 10.30 WIB",
    "Nomor resi JNE 1234567890123",
]


@pytest.mark.parametrize(("text", "kind"), MASKED)
def test_contact_details_are_masked(text, kind):
    result = mask_contacts(text)
    assert MASK in result.text
    assert result.kinds == [kind]
    for digit_run in ("3456", "gmail", "wa.me", "whatsapp.com", "555"):
        assert digit_run not in result.text


@pytest.mark.parametrize("text", KEPT)
def test_prices_quantities_dimensions_dates_are_never_masked(text):
    assert mask_contacts(text).text == text
    assert mask_contacts(text).kinds == []


def test_order_and_purchase_numbers_are_never_masked():
    for number in [new_order_number() for _ in range(50)] + [new_purchase_number() for _ in range(50)]:
        text = f"Pesanan {number} sudah dibayar"
        assert mask_contacts(text).text == text


def test_a_mixed_message_keeps_the_trade_and_hides_the_contact():
    result = mask_contacts("Total Rp 1.250.000 untuk 10 pcs (30 x 40 cm), pesanan CM-2611-7F3K9Q. WA 081234567890")
    assert result.text == f"Total Rp 1.250.000 untuk 10 pcs (30 x 40 cm), pesanan CM-2611-7F3K9Q. WA {MASK}"


@pytest.mark.django_db
def test_only_the_masked_text_is_stored_before_a_paid_order():
    thread, buyer, product = product_thread(body="Email saya budi@example.id, harga Rp 250.000 ok?")
    message = Message.objects.get(thread=thread)
    assert message.body == f"Email saya {MASK}, harga Rp 250.000 ok?"
    assert message.masked_kinds == ["email"]
    assert not Message.objects.filter(body__contains="budi@example.id").exists()


@pytest.mark.django_db
def test_after_a_paid_order_between_them_contacts_are_not_masked():
    thread, buyer, product = product_thread()
    paid_order(buyer=buyer, product=product)
    message = services.message_post(thread=thread, by=product.artisan.user, body="Kurir akan telepon 081234567890")
    assert message.body == "Kurir akan telepon 081234567890"
    assert message.masked_kinds == []


@pytest.mark.django_db
def test_an_unpaid_order_does_not_lift_the_masking():
    from tests.orders.factories import AddressFactory, checkout

    thread, buyer, product = product_thread()
    checkout(buyer, AddressFactory(user=buyer), (product.variants.get(), 1))  # awaiting payment
    message = services.message_post(thread=thread, by=buyer, body="WA saya 081234567890")
    assert message.body == f"WA saya {MASK}"
