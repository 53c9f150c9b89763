"""GET /api/v1/purchases/{number}/ tells an API client whether the purchase is paid without scraping a page: method,
status, amount due, the bank transfer's unique code, the transfer proof (uploaded or not, when; never the private
file), confirmation, expiry and refunds due and sent."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from orders.models import Purchase, Refund
from orders.services import lifecycle
from orders.services.payments import payment_confirm, purchase_expire, refund_record
from tests.artisans.factories import PDF_BYTES
from tests.factories import UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout, checkout_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return UserFactory()


def _purchase(buyer, *, method="bank_transfer", products=1) -> Purchase:
    lines = [(VariantFactory(stock=5, price=100_000), 1) for _ in range(products)]
    return checkout(buyer, AddressFactory(user=buyer), *lines, method=method)


def _state(buyer, purchase) -> dict:
    client = APIClient()
    client.force_authenticate(buyer)
    response = client.get(reverse("api-purchase", kwargs={"number": purchase.number}))
    assert response.status_code == 200
    return response.json()["payment_state"]


def test_an_unpaid_bank_transfer(buyer):
    purchase = _purchase(buyer)

    state = _state(buyer, purchase)

    assert state == {
        "method": "bank_transfer",
        "method_label": state["method_label"],
        "status": "awaiting_payment",
        "status_label": state["status_label"],
        "paid": False,
        "amount_due": purchase.amount_due,
        "currency": "IDR",
        "unique_code": purchase.unique_code,
        "proof_uploaded": False,
        "proof_uploaded_at": None,
        "proof_status": None,
        "confirmed_at": None,
        "expires_at": purchase.expires_at.isoformat(),
        "expired": False,
        "late_payments": 0,
        "refunds_due": 0,
        "refunds_sent": 0,
        "refunds": [],
    }


def test_an_uploaded_proof_shows_when_but_never_the_private_file(buyer):
    purchase = _purchase(buyer)
    client = APIClient()
    client.force_authenticate(buyer)
    proof = SimpleUploadedFile("bukti.pdf", PDF_BYTES, content_type="application/pdf")
    upload = client.post(
        reverse("api-purchase-proof", kwargs={"number": purchase.number}), {"proof": proof}, format="multipart"
    )
    assert upload.status_code == 201
    payment = purchase.payments.get()

    response = client.get(reverse("api-purchase", kwargs={"number": purchase.number}))
    state = response.json()["payment_state"]

    assert state["proof_uploaded"] is True
    assert state["proof_uploaded_at"] == payment.created_at.isoformat()
    assert state["proof_status"] == "submitted"
    assert state["paid"] is False
    assert payment.proof.name not in response.content.decode()
    assert "bukti" not in response.content.decode()


def test_a_confirmed_transfer_is_paid(buyer, django_assert_max_num_queries):
    purchase = _purchase(buyer, products=3)
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    purchase.refresh_from_db()
    client = APIClient()
    client.force_authenticate(buyer)

    with django_assert_max_num_queries(8):
        state = client.get(reverse("api-purchase", kwargs={"number": purchase.number})).json()["payment_state"]

    assert state["paid"] is True
    assert state["status"] == "paid"
    assert state["confirmed_at"] == purchase.paid_at.isoformat()


def test_an_expired_purchase(buyer):
    purchase = _purchase(buyer)
    assert purchase_expire(purchase_id=purchase.pk, now=purchase.expires_at + timedelta(minutes=1))

    state = _state(buyer, purchase)

    assert (state["status"], state["expired"], state["paid"]) == ("expired", True, False)


def test_refunds_due_then_sent(buyer):
    purchase = _purchase(buyer, products=2)
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    first, second = purchase.orders.order_by("pk")
    lifecycle.order_cancel(order=first, by=first.artisan.user, reason="Stok habis")

    due = _state(buyer, purchase)

    assert (due["refunds_due"], due["refunds_sent"]) == (first.total, 0)
    assert due["refunds"] == [
        {
            "amount": first.total,
            "status": "due",
            "order": first.number,
            "created_at": due["refunds"][0]["created_at"],
            "refunded_at": None,
            "reference": "",
        }
    ]

    refund_record(refund=Refund.objects.get(order=first), by=UserFactory(is_staff=True), reference="TRF-0012")
    sent = _state(buyer, purchase)

    assert (sent["refunds_due"], sent["refunds_sent"]) == (0, first.total)
    assert sent["refunds"][0]["reference"] == "TRF-0012"
    assert sent["refunds"][0]["refunded_at"] is not None
    assert second.number not in [r["order"] for r in sent["refunds"]]


def test_midtrans_has_no_unique_code(buyer):
    purchase = _purchase(buyer, method="midtrans")

    state = _state(buyer, purchase)

    assert (state["method"], state["unique_code"]) == ("midtrans", None)


def test_checkout_answers_with_the_payment_state(buyer):
    address = AddressFactory(user=buyer)
    cart = cart_with(buyer, (VariantFactory(stock=5, price=100_000), 1))
    data = checkout_input(cart, address)
    client = APIClient()
    client.force_authenticate(buyer)

    response = client.post(
        reverse("api-checkout"),
        {"address": data.address, "shipping": data.shipping, "payment_method": "bank_transfer"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="kunci-1",
    )

    assert response.status_code == 201
    purchase = Purchase.objects.get(number=response.json()["number"])
    state = response.json()["payment_state"]
    assert (state["status"], state["paid"], state["amount_due"]) == ("awaiting_payment", False, purchase.amount_due)
    assert state["unique_code"] == purchase.unique_code
