"""The order lifecycle: every status change goes through ORDER_MACHINE, records who and why, and notifies."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from craftmarket.common.errors import ConflictError, DomainError, NotFound, PermissionDenied, TransitionNotAllowed
from craftmarket.common.notifications import notify

from ..complaints.models import Complaint
from ..locks import lock_purchase, lock_variants
from ..machine import ARTISAN_CANCELLABLE, BUYER_CANCELLABLE, ORDER_MACHINE
from ..models import Order, Purchase, Refund
from ..money.services import events as money
from ..quotes.models import QuoteOrder
from .amounts import save_with_unique_amount

S = Order.Status


def _buyer_url(order: Order) -> str:
    return reverse("orders:order-detail", args=[order.number])


def _is_buyer(order: Order, by: Any) -> bool:
    return getattr(by, "pk", None) is not None and order.buyer_id == by.pk


def _is_artisan(order: Order, by: Any) -> bool:
    artisan = getattr(by, "artisan", None) if getattr(by, "is_authenticated", False) else None
    return artisan is not None and order.artisan_id == artisan.pk


def _is_staff(by: Any) -> bool:
    return bool(getattr(by, "is_staff", False))


def _locked(order: Order) -> Order:
    locked = Order.objects.select_for_update().select_related("buyer", "artisan__user").filter(pk=order.pk).first()
    if locked is None:
        raise NotFound()
    return locked


def restore_stock(*, orders: list[Order]) -> None:
    """Give back the stock taken at checkout for these orders (not made-to-order lines). Caller holds the lock."""
    quantities: dict[int, int] = {}
    for order in orders:
        for line in order.lines.all():
            if line.stock_reserved and line.variant_id is not None:
                quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity
    lock_variants(quantities)
    for variant_id in sorted(quantities):
        Variant.objects.filter(pk=variant_id).update(stock=F("stock") + quantities[variant_id])


def cancel_locked(*, order: Order, by: Any, reason: str, now: datetime) -> None:
    """Cancel an order whose purchase and order rows the caller has locked; restores its stock."""
    ORDER_MACHINE.check(instance=order, target=S.CANCELLED)
    order.cancel_reason = reason[:255]
    order.cancelled_at = now
    ORDER_MACHINE.apply(
        instance=order, target=S.CANCELLED, by=by, reason=reason[:255], update_fields=["cancel_reason", "cancelled_at"]
    )
    restore_stock(orders=[order])


@transaction.atomic
def order_cancel(*, order: Order, by: Any, reason: str = "") -> Order:
    """Cancel one order and give its stock back exactly once.

    The buyer may cancel before processing starts; the artisan (or staff) until it ships, with a reason. While
    the purchase is unpaid, its amount drops by the cancelled order; when every order is cancelled, so is it.
    Once it is paid, the cancelled order's total becomes a Refund that staff owe the buyer.
    """
    reason = (reason or "").strip()
    purchase = lock_purchase(order.purchase_id)
    order = _locked(order)
    if _is_buyer(order, by):
        if order.status not in BUYER_CANCELLABLE:
            raise TransitionNotAllowed(_("The artisan has started on this order; it can no longer be cancelled."))
        event, users = "order_cancelled_by_buyer", [order.artisan.user]
        reason = reason or _("Cancelled by the buyer.")
    elif _is_artisan(order, by) or _is_staff(by):
        if not reason:
            raise DomainError(_("Give a reason for the cancellation."), field="reason")
        if order.status not in ARTISAN_CANCELLABLE:
            raise TransitionNotAllowed(_("A shipped order can no longer be cancelled."))
        event, users = "order_cancelled", [order.buyer]
    else:
        raise NotFound()
    now = timezone.now()
    cancel_locked(order=order, by=by, reason=reason, now=now)
    if purchase.status == Purchase.Status.PAID:
        # The buyer paid for this order: the marketplace owes it back (items and shipping), once.
        refund = Refund.objects.create(order=order, purchase=purchase, amount=order.total, created_at=now)
        money.record_refund(refund=refund, order=order, by=by, now=now)
    if purchase.status == Purchase.Status.AWAITING_PAYMENT:
        remaining = list(purchase.orders.exclude(status=S.CANCELLED))
        if not remaining:
            purchase.status = Purchase.Status.CANCELLED
            purchase.save(update_fields=["status", "updated_at"])
        else:
            purchase.items_total = sum(o.items_total for o in remaining)
            purchase.shipping_total = sum(o.shipping_cost for o in remaining)
            save_with_unique_amount(purchase=purchase, base=purchase.items_total + purchase.shipping_total)
    notify(event=event, users=users, context={"order": order.number, "reason": reason, "url": _buyer_url(order)})
    return order


def is_production_deposit(order: Order) -> bool:
    """True for the deposit order of a production order (orders.quotes): it is paid and released, never shipped."""
    return QuoteOrder.objects.filter(first_order_id=order.pk, kind=QuoteOrder.Kind.PRODUCTION).exists()


@transaction.atomic
def order_process(*, order: Order, by: Any) -> Order:
    """The artisan starts work on a paid order."""
    order = _locked(order)
    if not _is_artisan(order, by):
        raise PermissionDenied(_("Only the artisan can start processing this order."))
    if order.status == S.DELIVERED:  # delivered → processing is a complaint's replacement (reprocess_locked)
        raise TransitionNotAllowed(_("A delivered order goes back to processing only by a complaint's decision."))
    ORDER_MACHINE.apply(instance=order, target=S.PROCESSING, by=by)
    notify(event="order_processing", users=[order.buyer], context={"order": order.number, "url": _buyer_url(order)})
    return order


@transaction.atomic
def order_ship(*, order: Order, by: Any, courier: str, tracking: str) -> Order:
    """The artisan hands the parcel to a courier; a tracking number is required."""
    order = _locked(order)
    if not _is_artisan(order, by):
        raise PermissionDenied(_("Only the artisan can ship this order."))
    courier, tracking = (courier or "").strip(), (tracking or "").strip()
    if not tracking or len(tracking) > 60:
        raise DomainError(_("Enter the tracking number (up to 60 characters)."), field="tracking")
    if len(courier) > 40:
        raise DomainError(_("The courier name is too long."), field="courier")
    ORDER_MACHINE.check(instance=order, target=S.SHIPPED)
    if is_production_deposit(order):
        raise TransitionNotAllowed(
            _("This is the deposit of a production order: the goods ship with the balance order."),
            code="deposit_does_not_ship",
        )
    order.tracking_number = tracking
    order.shipping_courier = courier or order.shipping_courier
    order.shipped_at = timezone.now()
    ORDER_MACHINE.apply(
        instance=order,
        target=S.SHIPPED,
        by=by,
        reason=f"{order.shipping_courier} {tracking}",
        update_fields=["tracking_number", "shipping_courier", "shipped_at"],
    )
    notify(
        event="order_shipped",
        users=[order.buyer],
        context={
            "order": order.number,
            "courier": order.shipping_courier,
            "tracking_number": tracking,
            "url": _buyer_url(order),
        },
    )
    return order


def _deliver(order: Order, by: Any) -> None:
    order.delivered_at = timezone.now()
    ORDER_MACHINE.apply(instance=order, target=S.DELIVERED, by=by, update_fields=["delivered_at"])
    notify(event="order_delivered", users=[order.buyer], context={"order": order.number, "url": _buyer_url(order)})


@transaction.atomic
def order_deliver(*, order: Order, by: Any) -> Order:
    """The artisan (or staff) records that the courier delivered the parcel."""
    order = _locked(order)
    if not (_is_artisan(order, by) or _is_staff(by)):
        raise PermissionDenied(_("Only the artisan can mark this order delivered."))
    ORDER_MACHINE.check(instance=order, target=S.DELIVERED)
    _deliver(order, by)
    return order


def _complete(order: Order, by: Any, reason: str = "") -> None:
    """The one way an order completes: escrow is released to the artisan in the ledger, in this transaction."""
    order.completed_at = timezone.now()
    ORDER_MACHINE.apply(instance=order, target=S.COMPLETED, by=by, reason=reason, update_fields=["completed_at"])
    money.record_completion(order=order, by=by, now=order.completed_at)
    notify(
        event="order_completed",
        users=[order.artisan.user],
        context={
            "order": order.number,
            "amount": order.total,
            "url": reverse("orders:studio-order", args=[order.number]),
        },
    )


@transaction.atomic
def order_confirm(*, order: Order, by: Any) -> Order:
    """The buyer confirms receipt: a delivered order completes (a shipped one is recorded delivered first)."""
    order = _locked(order)
    if not _is_buyer(order, by):
        raise PermissionDenied(_("Only the buyer can confirm receipt."))
    if has_open_complaint(order):
        raise ConflictError(
            _("This order has an open complaint: it completes when the complaint is resolved."), code="complaint_open"
        )
    if order.status == S.SHIPPED:
        _deliver(order, by)
    ORDER_MACHINE.check(instance=order, target=S.COMPLETED)
    _complete(order, by, reason=_("Receipt confirmed by the buyer."))
    return order


@transaction.atomic
def order_complete_overdue(*, order_id: int, now: datetime | None = None) -> bool:
    """Complete a delivered order ORDER_AUTO_COMPLETE_DAYS after delivery. Safe to run twice."""
    now = now or timezone.now()
    order = Order.objects.select_for_update().select_related("artisan__user").filter(pk=order_id).first()
    if order is None or order.status != S.DELIVERED or order.delivered_at is None:
        return False
    if order.delivered_at > now - timedelta(days=settings.ORDER_AUTO_COMPLETE_DAYS):
        return False
    if has_open_complaint(order):  # the complaint decides how the order ends
        return False
    _complete(order, None, reason=_("Completed automatically after delivery."))
    return True


# --- complaints (orders.complaints): the order side of a complaint's outcome -------------------------------------


def has_open_complaint(order: Order) -> bool:
    """True while a complaint about ``order`` is open: the order then neither completes nor is confirmed."""
    return Complaint.objects.filter(order_id=order.pk).exclude(status__in=Complaint.CLOSED_STATUSES).exists()


def complete_locked(*, order: Order, by: Any, reason: str) -> None:
    """Complete a delivered order whose row the caller has locked (a complaint resolved): escrow is released."""
    ORDER_MACHINE.check(instance=order, target=S.COMPLETED)
    _complete(order, by, reason=reason)


def reprocess_locked(*, order: Order, by: Any, reason: str) -> None:
    """Send a delivered order back to processing (a complaint resolved with a replacement); the caller holds the
    order lock. The artisan ships it again; the money stays held until the new delivery completes."""
    ORDER_MACHINE.apply(instance=order, target=S.PROCESSING, by=by, reason=reason)
    notify(event="order_processing", users=[order.buyer], context={"order": order.number, "url": _buyer_url(order)})
