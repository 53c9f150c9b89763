import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.test import APIClient

from catalog.models import Variant
from craftmarket.common.errors import ConflictError, PermissionDenied
from orders.models import Order, OrderStatusChange, Payment, Purchase
from orders.services.payments import (
    midtrans_notification_handle,
    payment_confirm,
    payment_proof_upload,
    purchase_expire,
)
from orders.tasks import expire_unpaid_purchases
from tests.factories import UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout, midtrans_payload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOTIFY = "/api/v1/payments/midtrans/notify/"


def _purchase(method="bank_transfer", qty=2, stock=5):
    buyer = UserFactory()
    variant = VariantFactory(stock=stock)
    return checkout(buyer, AddressFactory(user=buyer), (variant, qty), method=method), variant


def _stock(variant):
    return Variant.objects.get(pk=variant.pk).stock


def test_staff_confirm_marks_purchase_and_orders_paid_once():
    purchase, _v = _purchase()
    staff = UserFactory(is_staff=True)
    payment_confirm(purchase=purchase, by=staff)
    payment_confirm(purchase=purchase, by=staff)
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    assert list(purchase.orders.values_list("status", flat=True)) == ["paid"]
    assert OrderStatusChange.objects.filter(to_status="paid").count() == 1
    with pytest.raises(PermissionDenied):
        payment_confirm(purchase=purchase, by=purchase.buyer)


def test_proof_upload_is_stored_privately_and_bad_files_leave_nothing(settings):
    purchase, _v = _purchase()
    payment = payment_proof_upload(
        purchase=purchase, by=purchase.buyer, file=SimpleUploadedFile("bukti.pdf", PDF, "application/pdf")
    )
    assert payment.status == Payment.Status.SUBMITTED
    assert payment.amount == purchase.amount_due
    assert payment.proof.storage.exists(payment.proof.name)
    assert payment.proof.name.startswith("payment-proofs/") and payment.proof.name.endswith(".pdf")

    with pytest.raises(ValidationError) as exc:
        payment_proof_upload(
            purchase=purchase,
            by=purchase.buyer,
            file=SimpleUploadedFile("x.pdf", b"<html>hi</html>", "application/pdf"),
        )
    assert "proof" in exc.value.message_dict
    assert Payment.objects.count() == 1


def test_proof_upload_after_expiry_is_refused_and_the_file_removed(tmp_path):
    purchase, _v = _purchase()
    purchase_expire(purchase_id=purchase.pk, now=purchase.expires_at + timedelta(seconds=1))
    with pytest.raises(ConflictError):
        payment_proof_upload(purchase=purchase, by=purchase.buyer, file=SimpleUploadedFile("b.pdf", PDF))
    assert Payment.objects.count() == 0
    assert not any((tmp_path / "private").rglob("*.pdf"))


def test_expiry_restores_stock_exactly_once_even_when_run_twice():
    purchase, variant = _purchase(qty=2, stock=5)
    assert _stock(variant) == 3
    assert expire_unpaid_purchases() == 0  # not yet due
    Purchase.objects.filter(pk=purchase.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert expire_unpaid_purchases() == 1
    assert expire_unpaid_purchases() == 0
    assert _stock(variant) == 5
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.EXPIRED
    order = purchase.orders.get()
    assert (order.status, order.cancel_reason) == ("cancelled", gettext("Not paid in time."))
    assert OrderStatusChange.objects.filter(order=order, to_status="cancelled").count() == 1


def test_payment_after_expiry_is_refused_and_stock_stays_restored():
    purchase, variant = _purchase(qty=2, stock=5)
    purchase_expire(purchase_id=purchase.pk, now=purchase.expires_at + timedelta(seconds=1))
    with pytest.raises(ConflictError):
        payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    payment = midtrans_notification_handle(payload=midtrans_payload(purchase))
    assert payment.status == Payment.Status.LATE
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.EXPIRED
    assert _stock(variant) == 5


def test_paid_purchase_never_expires():
    purchase, variant = _purchase(qty=2, stock=5)
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    assert purchase_expire(purchase_id=purchase.pk, now=purchase.expires_at + timedelta(days=1)) is False
    assert _stock(variant) == 3
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.PAID


def _race_expiry_twice_against_payment():
    purchase, variant = _purchase(qty=2, stock=5)
    staff = UserFactory(is_staff=True)
    late = purchase.expires_at + timedelta(seconds=1)
    barrier = threading.Barrier(3)
    outcome = {}

    def expire(name):
        barrier.wait(timeout=10)
        try:
            outcome[name] = purchase_expire(purchase_id=purchase.pk, now=late)
        finally:
            connection.close()

    def pay():
        barrier.wait(timeout=10)
        try:
            payment_confirm(purchase=purchase, by=staff)
            outcome["pay"] = True
        except ConflictError:
            outcome["pay"] = False
        finally:
            connection.close()

    threads = [threading.Thread(target=expire, args=(n,)) for n in ("e1", "e2")] + [threading.Thread(target=pay)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    purchase.refresh_from_db()
    return purchase, outcome, _stock(variant)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_expiry_racing_payment_and_a_second_expiry_restores_stock_at_most_once():
    for _round in range(5):
        purchase, outcome, stock = _race_expiry_twice_against_payment()
        expired = [outcome["e1"], outcome["e2"]].count(True)
        if purchase.status == Purchase.Status.PAID:
            assert (outcome["pay"], expired, stock) == (True, 0, 3)
        else:
            assert purchase.status == Purchase.Status.EXPIRED
            assert (outcome["pay"], expired, stock) == (False, 1, 5)


def test_midtrans_settlement_marks_paid_and_replays_change_nothing():
    purchase, _v = _purchase(method="midtrans")
    api = APIClient()
    payload = midtrans_payload(purchase)
    first = api.post(NOTIFY, payload, format="json")
    second = api.post(NOTIFY, payload, format="json")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == {"status": "ok", "payment": "confirmed"}
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    assert Payment.objects.count() == 1
    assert OrderStatusChange.objects.filter(to_status="paid").count() == 1
    # A late "pending" for the same transaction does not undo the payment.
    api.post(NOTIFY, midtrans_payload(purchase, status="pending"), format="json")
    assert Payment.objects.get().status == Payment.Status.CONFIRMED


@pytest.mark.parametrize(
    "tamper",
    [
        {"signature_key": "0" * 128},
        {"gross_amount": "1.00"},
        {"status_code": "201"},
        {"signature_key": ""},
    ],
)
def test_midtrans_bad_signature_is_403_and_changes_nothing(tamper):
    purchase, _v = _purchase(method="midtrans")
    payload = {**midtrans_payload(purchase), **tamper}
    response = APIClient().post(NOTIFY, payload, format="json")
    assert response.status_code == 403
    assert Payment.objects.count() == 0
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.AWAITING_PAYMENT


def test_midtrans_wrong_amount_or_failure_leaves_the_purchase_unpaid():
    purchase, _v = _purchase(method="midtrans")
    payment = midtrans_notification_handle(payload=midtrans_payload(purchase, status="deny", tx="tx-9"))
    assert payment.status == Payment.Status.FAILED
    purchase.amount_due += 1
    payment = midtrans_notification_handle(payload=midtrans_payload(purchase, tx="tx-10", order_id=purchase.number))
    assert payment.status == Payment.Status.FAILED
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.AWAITING_PAYMENT
    assert Order.objects.get().status == "awaiting_payment"


def test_midtrans_malformed_body_is_not_a_500():
    response = APIClient().post(NOTIFY, "[1, 2]", content_type="application/json")
    assert response.status_code == 403
    response = APIClient().post(NOTIFY, "{", content_type="application/json")
    assert response.status_code == 400


def test_admin_action_confirms_transfers(client):
    purchase, _v = _purchase()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(
        "/admin/orders/purchase/", {"action": "confirm_transfer", "_selected_action": [purchase.pk]}, follow=True
    )
    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    assert OrderStatusChange.objects.get(to_status="paid").actor == staff


def test_staff_can_open_a_proof_through_the_admin_and_others_cannot(client):
    purchase, _v = _purchase()
    payment = payment_proof_upload(purchase=purchase, by=purchase.buyer, file=SimpleUploadedFile("b.pdf", PDF))
    url = f"/admin/orders/purchase/{purchase.pk}/proof/{payment.pk}/"
    client.force_login(purchase.buyer)
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.get(f"/admin/orders/purchase/{purchase.pk}/change/").status_code == 200
