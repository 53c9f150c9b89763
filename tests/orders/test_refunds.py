"""Refunds: an order cancelled after its purchase was paid is money owed to the buyer, recorded once, and sent by
national moderators who enter the transfer's reference in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from craftmarket.common.errors import ConflictError, DomainError, PermissionDenied
from craftmarket.common.models import Notification
from orders.models import Order, Payment, Purchase, Refund
from orders.services import lifecycle
from orders.services.payments import midtrans_notification_handle, payment_confirm, purchase_expire, refund_record
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.moderation import factories as mf
from tests.orders.factories import AddressFactory, checkout, midtrans_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid():
    """A purchase of two artisans' orders, paid."""
    buyer = UserFactory()
    a = VariantFactory(product=ProductFactory(artisan=ArtisanFactory()), stock=5)
    b = VariantFactory(product=ProductFactory(artisan=ArtisanFactory()), stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (a, 1), (b, 2))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    first, second = purchase.orders.select_related("artisan__user").order_by("pk")
    return purchase, first, second, buyer


def test_cancelling_a_paid_order_owes_its_total_back_once(paid):
    purchase, first, second, _buyer = paid
    lifecycle.order_cancel(order=first, by=first.artisan.user, reason="Bahan habis.")

    refund = Refund.objects.get()
    assert (refund.order, refund.purchase, refund.amount, refund.status) == (first, purchase, first.total, "due")
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.PAID  # the other order goes on
    with pytest.raises(DomainError):
        lifecycle.order_cancel(order=first, by=first.artisan.user, reason="Lagi.")
    assert Refund.objects.count() == 1
    assert Order.objects.get(pk=second.pk).status == Order.Status.PAID


def test_cancelling_an_unpaid_order_owes_nothing():
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (VariantFactory(stock=5), 1))
    lifecycle.order_cancel(order=purchase.orders.get(), by=buyer)
    assert not Refund.objects.exists()


def test_staff_record_the_transfer_and_the_buyer_is_told(paid, django_capture_on_commit_callbacks):
    _purchase, first, _second, buyer = paid
    lifecycle.order_cancel(order=first, by=first.artisan.user, reason="Bahan habis.")
    refund = Refund.objects.get()
    staff = UserFactory(is_staff=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        done = refund_record(refund=refund, by=staff, reference=" BCA 2911-0042 ")

    assert (done.status, done.reference, done.refunded_by) == ("refunded", "BCA 2911-0042", staff)
    assert done.refunded_at is not None
    assert Notification.objects.filter(recipient=buyer, event="refund_sent").count() == 1
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    with pytest.raises(ConflictError):
        refund_record(refund=refund, by=staff, reference="BCA 2911-0043")
    assert Refund.objects.get().reference == "BCA 2911-0042"


@pytest.mark.parametrize(
    ("by", "reference", "error"),
    [("buyer", "BCA 1", PermissionDenied), ("staff", "  ", DomainError), ("staff", "x" * 101, DomainError)],
)
def test_a_refused_record_changes_nothing(paid, by, reference, error):
    _purchase, first, _second, buyer = paid
    lifecycle.order_cancel(order=first, by=first.artisan.user, reason="Bahan habis.")
    actor = buyer if by == "buyer" else UserFactory(is_staff=True)
    with pytest.raises(error):
        refund_record(refund=Refund.objects.get(), by=actor, reference=reference)
    refund = Refund.objects.get()
    assert (refund.status, refund.reference, refund.refunded_at) == ("due", "", None)


def test_the_database_refuses_a_negative_or_unrecorded_refund(paid):
    _purchase, first, _second, _buyer = paid
    with transaction.atomic(), pytest.raises(IntegrityError):
        Refund.objects.create(order=first, purchase=first.purchase, amount=-1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Refund.objects.create(order=first, purchase=first.purchase, amount=1, status="refunded")


def test_the_buyer_sees_the_refund_on_the_order_page(client, paid):
    _purchase, first, _second, buyer = paid
    lifecycle.order_cancel(order=first, by=first.artisan.user, reason="Bahan habis.")
    client.force_login(buyer)
    due = client.get(f"/orders/{first.number}/")
    assert b"refund-status" in due.content
    refund_record(refund=Refund.objects.get(), by=UserFactory(is_staff=True), reference="BCA 1")
    sent = client.get(f"/orders/{first.number}/")
    assert b"refund-status" in sent.content and sent.content != due.content


def _record(client, refund, **form):
    return client.post("/admin/orders/refund/", {"action": "record_refund", "_selected_action": [refund.pk], **form})


def test_national_moderators_record_refunds_in_the_admin_and_regional_ones_do_not_see_them(client, paid):
    _purchase, first, _second, buyer = paid
    lifecycle.order_cancel(order=first, by=first.artisan.user, reason="Bahan habis.")
    refund = Refund.objects.get()

    client.force_login(mf.regional())
    assert first.number not in client.get("/admin/orders/refund/").content.decode()
    _record(client, refund, apply="1", reason="BCA 1")
    assert Refund.objects.get().status == "due"

    client.force_login(mf.national())
    listing = client.get("/admin/orders/refund/").content.decode()
    assert first.number in listing and buyer.email in listing
    asked = _record(client, refund)
    assert asked.status_code == 200
    assert gettext("Reference of the refund transfer (the buyer is told)") in asked.content.decode()
    empty = _record(client, refund, apply="1", reason="")
    assert empty.status_code == 200 and Refund.objects.get().status == "due"
    _record(client, refund, apply="1", reason="BCA 2911-0042")
    refund.refresh_from_db()
    assert (refund.status, refund.reference) == ("refunded", "BCA 2911-0042")


def test_a_payment_after_expiry_is_owed_back_once_and_the_buyer_sees_it(client):
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (VariantFactory(stock=5), 1), method="midtrans")
    purchase_expire(purchase_id=purchase.pk, now=purchase.expires_at + timedelta(seconds=1))

    payment = midtrans_notification_handle(payload=midtrans_payload(purchase, tx="tx-late"))
    midtrans_notification_handle(payload=midtrans_payload(purchase, tx="tx-late"))  # Midtrans repeats itself

    assert payment.status == Payment.Status.LATE
    refund = Refund.objects.get()
    assert (refund.payment, refund.order, refund.purchase, refund.amount) == (payment, None, purchase, payment.amount)
    assert refund.subject == purchase.number
    client.force_login(buyer)
    page = client.get(purchase.get_absolute_url())
    assert b"refund-status" in page.content
    refund_record(refund=refund, by=UserFactory(is_staff=True), reference="BCA 3011-0007")
    assert Notification.objects.get(recipient=buyer, event="refund_sent").url == purchase.get_absolute_url()
    assert b"refund-status" in client.get(purchase.get_absolute_url()).content


def test_a_refund_is_for_an_order_or_a_payment_never_both_or_neither(paid):
    purchase, first, _second, _buyer = paid
    payment = Payment.objects.create(purchase=purchase, provider="midtrans", reference="tx-x", amount=10)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Refund.objects.create(order=first, payment=payment, purchase=purchase, amount=1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Refund.objects.create(purchase=purchase, amount=1)
