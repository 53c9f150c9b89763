"""Gateway payment methods: one charge per purchase + method, notifications, replays and the status check,
all against recorded Midtrans answers (no network)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from craftmarket.common.errors import ConflictError, DomainError, NotFound, PermissionDenied
from orders.models import OrderStatusChange, Payment, Purchase, Refund
from orders.paymethods.client import SandboxClient
from orders.paymethods.models import Charge
from orders.paymethods.services import (
    GatewayUnavailable,
    charge_sandbox_settle,
    charge_status_check,
    purchase_method_choose,
)
from orders.paymethods.tasks import check_gateway_charges
from orders.services.payments import midtrans_notification_handle, payment_proof_upload, purchase_expire
from tests.factories import UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout
from tests.orders.midtrans import ReplayClient, recorded

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# method -> (recorded charge, what the buyer pays with)
METHODS = {
    "bca_va": ("charge_bca_va", {"va_number": "12345678901"}),
    "bni_va": ("charge_bni_va", {"va_number": "9888812345678901"}),
    "bri_va": ("charge_bri_va", {"va_number": "888801234567890123"}),
    "mandiri_bill": ("charge_mandiri_bill", {"va_number": "990000000260", "biller_code": "70012"}),
    "permata_va": ("charge_permata_va", {"va_number": "8778000002332015"}),
    "qris": ("charge_qris", {"qr_string": recorded("charge_qris", order_id="x")["qr_string"]}),
    "gopay": ("charge_gopay", {"deeplink_url": recorded("charge_gopay", order_id="x")["actions"][1]["url"]}),
    "shopeepay": (
        "charge_shopeepay",
        {"deeplink_url": recorded("charge_shopeepay", order_id="x")["actions"][0]["url"]},
    ),
}


def _purchase(method="midtrans"):
    buyer = UserFactory()
    return checkout(buyer, AddressFactory(user=buyer), (VariantFactory(stock=5), 2), method=method)


def _choose(purchase, method, client=None):
    client = client or ReplayClient(charge=METHODS[method][0])
    return purchase_method_choose(purchase=purchase, by=purchase.buyer, method=method, client=client), client


@pytest.mark.parametrize("method", list(METHODS))
def test_each_method_is_charged_once_and_its_notification_pays_the_purchase_once(method):
    purchase = _purchase()
    charge, client = _choose(purchase, method)
    assert client.names() == ["charge"]
    body = client.calls[0][1]
    assert body["transaction_details"] == {"order_id": f"{purchase.number}-1", "gross_amount": purchase.amount_due}
    expected_type = {"mandiri_bill": "echannel", "permata_va": "permata"}.get(method, method)
    if method in ("bca_va", "bni_va", "bri_va"):
        expected_type = "bank_transfer"
        assert body["bank_transfer"] == {"bank": method.removesuffix("_va")}
    assert body["payment_type"] == expected_type
    for field, value in METHODS[method][1].items():
        assert getattr(charge, field) == value
    assert charge.amount == purchase.amount_due and charge.status == Charge.Status.PENDING
    assert charge.expires_at <= purchase.expires_at

    notification = recorded(f"notification_{method}_settlement", order_id=charge.order_id, amount=charge.amount)
    payment = midtrans_notification_handle(payload=notification)
    purchase.refresh_from_db()
    assert payment.status == Payment.Status.CONFIRMED
    assert payment.reference == notification["transaction_id"]
    assert purchase.status == Purchase.Status.PAID

    # Midtrans repeats notifications: the replay changes nothing.
    again = midtrans_notification_handle(
        payload=recorded(f"notification_{method}_settlement", order_id=charge.order_id, amount=charge.amount)
    )
    assert again.pk == payment.pk
    assert Payment.objects.filter(purchase=purchase).count() == 1
    assert OrderStatusChange.objects.filter(order__purchase=purchase, to_status="paid").count() == 1


def test_choosing_the_same_method_again_shows_the_same_charge_while_it_is_valid():
    purchase = _purchase()
    first, client = _choose(purchase, "qris")
    second = purchase_method_choose(purchase=purchase, by=purchase.buyer, method="qris", client=client)
    assert second.pk == first.pk and second.qr_string == first.qr_string
    assert client.names() == ["charge"]


def test_a_run_out_charge_is_replaced_by_a_new_one_of_the_same_method():
    purchase = _purchase()
    first, client = _choose(purchase, "qris")
    Charge.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    second = purchase_method_choose(purchase=purchase, by=purchase.buyer, method="qris", client=client)
    assert second.pk != first.pk and second.order_id == f"{purchase.number}-2"
    assert client.names() == ["charge", "charge", "cancel"]
    assert Charge.objects.get(pk=first.pk).status == Charge.Status.SUPERSEDED


def test_switching_method_supersedes_the_old_charge_which_is_still_applied_if_paid_anyway():
    purchase = _purchase()
    old, client = _choose(purchase, "bca_va")
    client.charge_fixture = "charge_qris"
    new = purchase_method_choose(purchase=purchase, by=purchase.buyer, method="qris", client=client)
    assert client.names() == ["charge", "charge", "cancel"] and client.calls[2][1] == old.order_id
    assert Charge.objects.get(pk=old.pk).status == Charge.Status.SUPERSEDED
    assert Charge.objects.filter(purchase=purchase, status="pending").get().pk == new.pk
    # The buyer had already paid the VA before the cancel reached the bank: the money still counts.
    midtrans_notification_handle(
        payload=recorded("notification_bca_va_settlement", order_id=old.order_id, amount=old.amount)
    )
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID


def test_switching_between_bank_transfer_and_a_gateway_method_moves_the_unique_code():
    purchase = _purchase(method="bank_transfer")
    base = purchase.items_total + purchase.shipping_total
    assert purchase.unique_code > 0
    charge, client = _choose(purchase, "bni_va")
    purchase.refresh_from_db()
    assert (purchase.payment_method, purchase.unique_code, purchase.amount_due) == ("midtrans", 0, base)
    assert charge.amount == base
    assert purchase_method_choose(purchase=purchase, by=purchase.buyer, method="bank_transfer", client=client) is None
    purchase.refresh_from_db()
    assert purchase.payment_method == "bank_transfer" and purchase.amount_due == base + purchase.unique_code
    assert purchase.unique_code > 0
    assert Charge.objects.get(pk=charge.pk).status == Charge.Status.SUPERSEDED
    assert client.names() == ["charge", "cancel"]


def test_a_sent_transfer_proof_blocks_paying_another_way():
    purchase = _purchase(method="bank_transfer")
    payment_proof_upload(purchase=purchase, by=purchase.buyer, file=SimpleUploadedFile("b.pdf", PDF, "application/pdf"))
    client = ReplayClient(charge="charge_qris")
    with pytest.raises(ConflictError) as exc:
        purchase_method_choose(purchase=purchase, by=purchase.buyer, method="qris", client=client)
    assert exc.value.code == "proof_submitted"
    purchase.refresh_from_db()
    assert purchase.payment_method == "bank_transfer" and client.calls == [] and not Charge.objects.exists()


def test_bad_choices_are_refused_and_change_nothing(settings):
    purchase = _purchase()
    client = ReplayClient(charge="charge_qris")
    settings.PAYMENT_METHODS = ["bank_transfer", "qris"]
    with pytest.raises(DomainError) as exc:
        purchase_method_choose(purchase=purchase, by=purchase.buyer, method="gopay", client=client)
    assert exc.value.field == "method" and exc.value.status == 400
    with pytest.raises(DomainError):
        purchase_method_choose(purchase=purchase, by=purchase.buyer, method="card", client=client)
    with pytest.raises(NotFound):
        purchase_method_choose(purchase=purchase, by=UserFactory(), method="qris", client=client)
    purchase_expire(purchase_id=purchase.pk, now=purchase.expires_at + timedelta(seconds=1))
    with pytest.raises(ConflictError):
        purchase_method_choose(purchase=purchase, by=purchase.buyer, method="qris", client=client)
    assert client.calls == [] and not Charge.objects.exists()


def test_a_gateway_that_does_not_answer_or_refuses_leaves_the_open_charge_as_it_was():
    purchase = _purchase()
    old, _client = _choose(purchase, "qris")
    for client in (ReplayClient(charge="charge_bca_va", fail=True), ReplayClient(charge="charge_refused")):
        with pytest.raises(GatewayUnavailable) as exc:
            purchase_method_choose(purchase=purchase, by=purchase.buyer, method="bca_va", client=client)
        assert exc.value.status == 503
        assert "cancel" not in client.names()
    assert list(Charge.objects.values_list("pk", "status")) == [(old.pk, "pending")]


def test_forged_or_mismatching_notifications_create_no_money():
    purchase = _purchase()
    charge, _client = _choose(purchase, "qris")
    forged = recorded("notification_qris_settlement", order_id=charge.order_id, amount=charge.amount)
    forged["signature_key"] = "0" * 128
    with pytest.raises(PermissionDenied):
        midtrans_notification_handle(payload=forged)
    # Signed, but for less than the purchase costs.
    short = recorded("notification_qris_settlement", order_id=charge.order_id, amount=charge.amount - 1000)
    assert midtrans_notification_handle(payload=short).status == Payment.Status.FAILED
    with pytest.raises(NotFound):
        midtrans_notification_handle(
            payload=recorded("notification_qris_settlement", order_id="PAY-0000-NOPE-1", amount=1)
        )
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.AWAITING_PAYMENT
    assert not Payment.objects.filter(status="confirmed").exists() and not Refund.objects.exists()


def test_an_expire_notification_leaves_the_purchase_payable_another_way():
    purchase = _purchase()
    charge, _client = _choose(purchase, "qris")
    payment = midtrans_notification_handle(
        payload=recorded("notification_qris_expire", order_id=charge.order_id, amount=charge.amount)
    )
    assert payment.status == Payment.Status.FAILED
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.AWAITING_PAYMENT


def test_status_check_pays_a_purchase_whose_notification_never_arrived_then_stops_asking():
    purchase = _purchase()
    charge, _client = _choose(purchase, "bca_va")
    client = ReplayClient(status=["status_bca_va_settlement"])
    assert charge_status_check(charge_id=charge.pk, client=client) == "settlement"
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    assert Charge.objects.get(pk=charge.pk).status == Charge.Status.PAID
    # A late notification after the check is a replay; a second check does not even ask.
    midtrans_notification_handle(
        payload=recorded("notification_bca_va_settlement", order_id=charge.order_id, amount=charge.amount)
    )
    assert charge_status_check(charge_id=charge.pk, client=client) == ""
    assert client.names() == ["status"]
    assert Payment.objects.filter(purchase=purchase).count() == 1


def test_status_check_of_a_purchase_that_expired_meanwhile_goes_to_the_late_payment_refund():
    purchase = _purchase()
    charge, _client = _choose(purchase, "qris")
    purchase_expire(purchase_id=purchase.pk, now=purchase.expires_at + timedelta(seconds=1))
    charge_status_check(charge_id=charge.pk, client=ReplayClient(status=["status_qris_settlement"]))
    charge_status_check(charge_id=charge.pk, client=ReplayClient(status=["status_qris_settlement"]))
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.EXPIRED
    payment = Payment.objects.get(purchase=purchase)
    assert payment.status == Payment.Status.LATE
    assert Refund.objects.get().amount == charge.amount


def test_status_check_keeps_asking_while_pending_and_closes_what_ran_out():
    purchase = _purchase()
    charge, _client = _choose(purchase, "bca_va")
    client = ReplayClient(status=["status_bca_va_pending"])
    assert charge_status_check(charge_id=charge.pk, client=client) == "pending"
    charge.refresh_from_db()
    assert charge.status == Charge.Status.PENDING and charge.checked_at is not None
    expire = ReplayClient(status=["status_qris_expire"])
    assert charge_status_check(charge_id=charge.pk, client=expire) == "expire"
    assert Charge.objects.get(pk=charge.pk).status == Charge.Status.CLOSED
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.AWAITING_PAYMENT


def test_status_check_survives_an_unknown_transaction_an_outage_and_a_forged_answer():
    purchase = _purchase()
    charge, _client = _choose(purchase, "bca_va")
    assert charge_status_check(charge_id=charge.pk, client=ReplayClient(status=["status_not_found"])) == ""
    assert charge_status_check(charge_id=charge.pk, client=ReplayClient(status=["x"], fail=True)) == ""

    class Forged(ReplayClient):
        def status(self, order_id):
            answer = super().status(order_id)
            answer["signature_key"] = "f" * 128
            return answer

    assert charge_status_check(charge_id=charge.pk, client=Forged(status=["status_bca_va_settlement"])) == ""
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.AWAITING_PAYMENT and not Payment.objects.exists()
    assert Charge.objects.get(pk=charge.pk).status == Charge.Status.PENDING
    # Long after it ran out, a gateway that knows nothing of it no longer keeps it open.
    later = charge.expires_at + timedelta(days=2)
    charge_status_check(charge_id=charge.pk, client=ReplayClient(status=["status_not_found"]), now=later)
    assert Charge.objects.get(pk=charge.pk).status == Charge.Status.CLOSED


def test_the_scheduled_check_asks_only_about_charges_old_enough(monkeypatch, settings):
    purchase, other = _purchase(), _purchase()
    old, _c = _choose(purchase, "bca_va")
    fresh, _c = _choose(other, "bca_va")
    Charge.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    client = ReplayClient(status=["status_bca_va_settlement"])
    monkeypatch.setattr("orders.paymethods.services.get_client", lambda: client)
    assert check_gateway_charges() == 1
    assert client.calls == [("status", old.order_id)]
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.PAID
    assert Purchase.objects.get(pk=other.pk).status == Purchase.Status.AWAITING_PAYMENT
    assert check_gateway_charges() == 0  # paid charges are not asked about again
    assert Charge.objects.get(pk=fresh.pk).status == Charge.Status.PENDING


def test_the_local_sandbox_makes_realistic_charges_and_pays_them_through_the_notification_path(settings):
    settings.MIDTRANS_CLIENT = "sandbox"
    purchase = _purchase()
    va = purchase_method_choose(purchase=purchase, by=purchase.buyer, method="bri_va", client=SandboxClient())
    assert va.sandbox and len(va.va_number) == 18 and va.va_number.isdigit()
    qris = purchase_method_choose(purchase=purchase, by=purchase.buyer, method="qris", client=SandboxClient())
    assert qris.qr_string.startswith("000201010212") and "5802ID" in qris.qr_string
    assert charge_status_check(charge_id=qris.pk, client=SandboxClient()) == "pending"
    with pytest.raises(NotFound):
        charge_sandbox_settle(charge=qris, by=UserFactory())
    payment = charge_sandbox_settle(charge=qris, by=purchase.buyer)
    assert payment.status == Payment.Status.CONFIRMED
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    settings.MIDTRANS_CLIENT = "http"
    with pytest.raises(NotFound):
        charge_sandbox_settle(charge=qris, by=purchase.buyer)


def test_a_superseded_charge_paid_after_the_new_one_is_owed_back_not_kept():
    purchase = _purchase()
    old, client = _choose(purchase, "bca_va")
    client.charge_fixture = "charge_qris"
    new = purchase_method_choose(purchase=purchase, by=purchase.buyer, method="qris", client=client)
    midtrans_notification_handle(
        payload=recorded("notification_qris_settlement", order_id=new.order_id, amount=new.amount)
    )
    # The cancel did not reach the bank in time and the buyer paid the old VA as well.
    second = midtrans_notification_handle(
        payload=recorded("notification_bca_va_settlement", order_id=old.order_id, amount=old.amount)
    )
    assert second.status == Payment.Status.LATE
    refund = Refund.objects.get()
    assert (refund.payment_id, refund.amount) == (second.pk, old.amount)
    assert OrderStatusChange.objects.filter(order__purchase=purchase, to_status="paid").count() == 1
    # Its replay owes nothing more.
    midtrans_notification_handle(
        payload=recorded("notification_bca_va_settlement", order_id=old.order_id, amount=old.amount)
    )
    assert Refund.objects.count() == 1


def test_checkout_refuses_a_method_that_is_not_offered(settings):
    settings.PAYMENT_METHODS = ["qris"]
    buyer = UserFactory()
    variant = VariantFactory(stock=5)
    with pytest.raises(ValidationError) as exc:
        checkout(buyer, AddressFactory(user=buyer), (variant, 1), method="bank_transfer")
    assert "payment_method" in exc.value.message_dict
    assert not Purchase.objects.exists()
    assert checkout(buyer, AddressFactory(user=buyer), (variant, 1), method="midtrans").payment_method == "midtrans"
