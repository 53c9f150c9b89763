"""Payments: transfer proofs confirmed by staff, gateway notifications, and expiry of unpaid purchases.

Payment, expiry and cancellation all lock the Purchase row first, so whichever comes first wins and the other
sees the new status: stock is given back exactly once and a paid purchase never expires.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError, DomainError, NotFound, PermissionDenied
from craftmarket.common.notifications import notify
from craftmarket.common.uploads import check_upload_quota, validate_document

from ..locks import lock_purchase
from ..machine import ORDER_MACHINE
from ..models import Order, Payment, Purchase, Refund
from ..money.services import events as money
from ..paymethods.selectors import purchase_for_order_id
from ..providers import Midtrans
from ..quotes import settlement as quote_settlement
from .lifecycle import cancel_locked

logger = logging.getLogger(__name__)

MIDTRANS_SUCCESS = {"settlement", "capture"}
MIDTRANS_FAILED = {"deny", "cancel", "expire", "failure"}


def _mark_paid(*, purchase: Purchase, by: Any, now: datetime) -> None:
    """Purchase and its unpaid orders become paid, and the money is in the ledger, held for each order. The
    caller holds the purchase lock. Every payment method confirms through here (the one "payment confirmed"
    money event)."""
    purchase.status = Purchase.Status.PAID
    purchase.paid_at = now
    purchase.save(update_fields=["status", "paid_at", "updated_at"])
    orders = list(
        purchase.orders.select_for_update(of=("self",))
        .select_related("artisan__user")
        .filter(status=Order.Status.AWAITING_PAYMENT)
        .order_by("pk")
    )
    for order in orders:
        order.paid_at = now
        ORDER_MACHINE.apply(instance=order, target=Order.Status.PAID, by=by, update_fields=["paid_at"])
        notify(
            event="order_paid",
            users=[order.artisan.user],
            context={
                "order": order.number,
                "buyer": purchase.buyer.name,
                "amount": order.total,
                "url": reverse("orders:studio-order", args=[order.number]),
            },
        )
    money.record_payment(purchase=purchase, orders=orders, by=by, now=now)
    quote_settlement.after_payment(order_ids=[order.pk for order in orders])
    notify(
        event="payment_confirmed",
        users=[purchase.buyer],
        context={
            "purchase": purchase.number,
            "amount": purchase.amount_due,
            "url": reverse("orders:purchase", args=[purchase.number]),
        },
    )


@transaction.atomic
def payment_confirm(*, purchase: Purchase, by: Any) -> Purchase:
    """Staff confirm a bank transfer. Confirming twice is a no-op; an expired or cancelled purchase is refused."""
    if not getattr(by, "is_staff", False):
        raise PermissionDenied(_("Only staff can confirm payments."))
    locked = lock_purchase(purchase.pk)
    if locked is None:
        raise NotFound()
    if locked.status == Purchase.Status.PAID:
        return locked
    if locked.status != Purchase.Status.AWAITING_PAYMENT:
        raise ConflictError(
            _("Purchase %(number)s is %(status)s and cannot be confirmed.")
            % {"number": locked.number, "status": locked.get_status_display()},
            code="not_payable",
        )
    now = timezone.now()
    _mark_paid(purchase=locked, by=by, now=now)
    locked.payments.filter(status=Payment.Status.SUBMITTED).update(status=Payment.Status.CONFIRMED, updated_at=now)
    return locked


@transaction.atomic
def refund_record(*, refund: Refund, by: Any, reference: str) -> Refund:
    """Staff record that they sent a refund, with the bank transfer's reference; the buyer is told. Recording it
    again is refused, so a refund is never counted twice."""
    if not getattr(by, "is_staff", False):
        raise PermissionDenied(_("Only staff can record refunds."))
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("Give the reference of the refund transfer."), field="reference")
    if len(reference) > 100:
        raise DomainError(_("The reference is at most 100 characters."), field="reference")
    locked = (
        Refund.objects.select_for_update(of=("self",))
        .select_related("order", "purchase__buyer")
        .filter(pk=refund.pk)
        .first()
    )
    if locked is None:
        raise NotFound()
    if locked.status != Refund.Status.DUE:
        raise ConflictError(_("This refund was already recorded."), code="already_refunded")
    locked.status = Refund.Status.REFUNDED
    locked.reference = reference
    locked.refunded_at = timezone.now()
    locked.refunded_by = by
    locked.save(update_fields=["status", "reference", "refunded_at", "refunded_by"])
    money.record_refund_sent(refund=locked, by=by, now=locked.refunded_at)
    notify(
        event="refund_sent",
        users=[locked.purchase.buyer],
        context={
            "order": locked.subject,
            "amount": locked.amount,
            "url": (
                reverse("orders:order-detail", args=[locked.order.number])
                if locked.order_id
                else locked.purchase.get_absolute_url()
            ),
        },
    )
    return locked


def payment_proof_upload(*, purchase: Purchase, by: Any, file: IO[bytes]) -> Payment:
    """The buyer uploads a transfer proof (PDF or image, private storage). Nothing is stored if it is refused."""
    if purchase.buyer_id != getattr(by, "pk", None):
        raise NotFound()
    try:
        validate_document(file)
        check_upload_quota(user=by, uploads=[file])
    except ValidationError as exc:
        raise ValidationError({"proof": exc.messages})
    payment = None
    try:
        with transaction.atomic():
            locked = lock_purchase(purchase.pk)
            if locked is None or locked.status != Purchase.Status.AWAITING_PAYMENT:
                raise ConflictError(_("This purchase is no longer awaiting payment."), code="not_payable")
            if locked.payment_method != Purchase.Method.BANK_TRANSFER:
                raise DomainError(_("Proofs are only for bank transfers."), field="proof")
            payment = Payment(
                purchase=locked,
                provider=Purchase.Method.BANK_TRANSFER,
                status=Payment.Status.SUBMITTED,
                amount=locked.amount_due,
            )
            payment.proof.save(getattr(file, "name", "proof"), file, save=False)
            payment.save()
    except Exception:
        if payment is not None and payment.proof.name:
            payment.proof.storage.delete(payment.proof.name)
        raise
    return payment


def _gross(value: str) -> int | None:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError):
        return None
    return int(amount) if amount == amount.to_integral_value() else None


@transaction.atomic
def midtrans_notification_handle(*, payload: dict[str, Any]) -> Payment:
    """Apply a Midtrans HTTP notification. A bad signature raises PermissionDenied (403).

    Idempotent: one Payment row per transaction id; a repeated success on a paid purchase changes nothing. A
    success on an expired purchase, or a second transaction on a purchase already paid (an earlier charge of
    another method, paid too), is recorded as ``late`` with a refund, never resurrecting or paying twice.
    """
    if not isinstance(payload, dict) or not Midtrans.verify(payload):
        raise PermissionDenied(_("Invalid signature."), code="bad_signature")
    purchase = purchase_for_order_id(payload["order_id"])
    if purchase is None:
        raise NotFound(_("Unknown order_id."))
    purchase = lock_purchase(purchase.pk)
    reference = str(payload.get("transaction_id") or payload["order_id"])[:100]
    tx_status = str(payload.get("transaction_status", ""))
    fraud = str(payload.get("fraud_status", "accept") or "accept")
    amount = _gross(payload["gross_amount"])
    payment = Payment.objects.select_for_update().filter(provider=Purchase.Method.MIDTRANS, reference=reference).first()
    if payment is None:
        payment = Payment(provider=Purchase.Method.MIDTRANS, reference=reference, purchase=purchase, amount=amount or 0)
    elif payment.status in (Payment.Status.CONFIRMED, Payment.Status.LATE):
        return payment  # a replay of an event already applied
    payment.payload = payload
    if tx_status in MIDTRANS_SUCCESS and fraud == "accept":
        if amount != purchase.amount_due:
            payment.status = Payment.Status.FAILED
            logger.warning("midtrans amount mismatch for %s", purchase.number)
        elif purchase.status == Purchase.Status.AWAITING_PAYMENT:
            payment.status = Payment.Status.CONFIRMED
            payment.save()
            _mark_paid(purchase=purchase, by=None, now=timezone.now())
            return payment
        else:
            # The money arrived after the purchase expired, or a second transaction paid a purchase already paid
            # (a superseded charge paid anyway): it is owed back, once (a replay returns above).
            payment.status = Payment.Status.LATE
            payment.save()
            refund = Refund.objects.create(payment=payment, purchase=purchase, amount=payment.amount)
            money.record_late_payment(payment=payment, refund=refund, now=refund.created_at)
            return payment
    elif tx_status in MIDTRANS_FAILED or fraud == "deny":
        payment.status = Payment.Status.FAILED
    else:
        payment.status = Payment.Status.PENDING
    payment.save()
    return payment


@transaction.atomic
def purchase_expire(*, purchase_id: int, now: datetime | None = None) -> bool:
    """Expire an unpaid purchase past its window: cancel its orders and give their stock back, exactly once.

    Returns False (and changes nothing) when the purchase is gone, paid, already expired or not yet due.
    """
    now = now or timezone.now()
    purchase = lock_purchase(purchase_id)
    if purchase is None or purchase.status != Purchase.Status.AWAITING_PAYMENT or purchase.expires_at > now:
        return False
    orders = list(
        purchase.orders.select_for_update(of=("self",))
        .select_related("buyer")
        .filter(status=Order.Status.AWAITING_PAYMENT)
        .order_by("pk")
    )
    for order in orders:
        cancel_locked(order=order, by=None, reason=_("Not paid in time."), now=now)
    purchase.status = Purchase.Status.EXPIRED
    purchase.save(update_fields=["status", "updated_at"])
    notify(
        event="order_cancelled",
        users=[purchase.buyer],
        context={
            "order": ", ".join(order.number for order in orders),
            "purchase": purchase.number,
            "reason": _("Not paid in time."),
            "url": reverse("orders:purchase", args=[purchase.number]),
        },
    )
    return True
