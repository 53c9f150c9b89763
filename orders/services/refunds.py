"""Refunds after completion: staff settle a complaint in the buyer's favour once the artisan has been credited.

(A refund before completion is a cancellation: ``lifecycle.order_cancel``.)
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError, DomainError, NotFound, PermissionDenied
from craftmarket.common.notifications import notify

from ..locks import lock_purchase
from ..models import Order, Purchase, Refund
from ..money.services import events as money


@transaction.atomic
def order_refund(*, order: Order, by: Any, amount: int, reason: str) -> Refund:
    """Owe the buyer ``amount`` (1 … the order's total) of a completed order, once. The artisan's available
    balance pays it (it may go negative and is netted from the next payouts) and the platform gives back the same
    share of its commission. Staff send the transfer as for any refund (``refund_record``)."""
    if not getattr(by, "is_staff", False):
        raise PermissionDenied(_("Only staff can refund an order."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for the refund."), field="reason")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DomainError(_("Enter the amount in whole rupiah."), field="amount")
    purchase = lock_purchase(order.purchase_id)
    locked = Order.objects.select_for_update().select_related("artisan__user", "buyer").filter(pk=order.pk).first()
    if purchase is None or locked is None:
        raise NotFound()
    if locked.status != Order.Status.COMPLETED:
        raise ConflictError(
            _("Only a completed order is refunded here; cancel an order that is not completed yet."),
            code="not_completed",
        )
    if Refund.objects.filter(order=locked).exists():
        raise ConflictError(_("This order was already refunded."), code="already_refunded")
    return refund_completed_locked(purchase=purchase, order=locked, by=by, amount=amount, reason=reason)


def refund_completed_locked(*, purchase: Purchase, order: Order, by: Any, amount: int, reason: str) -> Refund:
    """Record the refund of a completed order whose purchase and order rows the caller has locked (``order_refund``,
    and a complaint resolved with a refund, which the artisan may have accepted): the Refund row, the ledger entry
    and the artisan's notification."""
    locked = order
    if not 0 < amount <= locked.total:
        raise DomainError(
            _("A refund is between Rp 1 and what was paid for the order (%(total)s rupiah).") % {"total": locked.total},
            field="amount",
            code="refund_too_large",
        )
    now = timezone.now()
    refund = Refund.objects.create(order=locked, purchase=purchase, amount=amount, created_at=now)
    money.record_refund(refund=refund, order=locked, by=by, now=now, memo=reason)
    notify(
        event="order_refunded",
        users=[locked.artisan.user],
        context={
            "order": locked.number,
            "amount": amount,
            "reason": reason,
            "url": reverse("money:studio-balance"),
        },
    )
    return refund
