"""The money side of the production milestones, and quote orders that follow their milestone orders.

Each milestone is an ordinary ``orders.Order`` whose payment the ledger holds in escrow, like any order's. Two of
them never ship, so the order lifecycle alone would leave their money held for ever or their quote order waiting:

- **The deposit is released when production starts.** Paying 50 % up front exists so that a small workshop can buy
  its materials; money held until the goods arrive abroad would defeat it. When the artisan starts production,
  the deposit order completes (``DEPOSIT_ORDER_MACHINE``: paid → completed, the one way a deposit order moves
  after payment) and the ledger releases it as it releases every completed order: held → available, minus the
  commission (``orders.money.services.events.record_completion``).
- **Cancelled after the release**, the deposit is owed back to the buyer in full and comes out of the artisan's
  available balance, which may go negative and is netted from the next payouts (the ledger's "refund after
  completion"). Only the artisan or staff can cancel once production has started.
- **A milestone that is not paid in time** (its purchase expires and the order lifecycle cancels its order), or
  whose order is cancelled on the orders pages, ends its quote order: ``follow_milestone_orders`` cancels every
  quote order still waiting on a cancelled milestone order, once. A sample or deposit not paid: nothing was paid,
  nothing is owed. A balance not paid: the goods were made to the buyer's order, so the deposit stays with the
  artisan, and both sides are told why.
- **A paid balance makes the order ready to ship** (balance due → ready to ship) right after the payment commits
  (``after_payment``, called by the one place every payment method confirms through), and the artisan is told to
  ship the balance order. The same follow job catches up if that step was lost (a crash between the two).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from craftmarket.common.errors import TransitionNotAllowed
from craftmarket.common.notifications import notify
from orders.locks import lock_purchase
from orders.models import Order, Purchase, Refund
from orders.money.services import events as money

from .machine import DEPOSIT_ORDER_MACHINE, MILESTONE_MACHINE
from .models import QuoteOrder

M = QuoteOrder.Status
S = Order.Status

#: Quote order statuses that wait on a milestone order being paid, and which order that is.
WAITING_ON_FIRST = (M.SAMPLE_DUE, M.DEPOSIT_DUE)
WAITING_ON_BALANCE = (M.BALANCE_DUE,)
PAID = (S.PAID, S.PROCESSING, S.SHIPPED)


def _locked_order(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def release_deposit_locked(*, quote_order: QuoteOrder, by: Any, now: datetime) -> Order:
    """Complete the paid deposit order of ``quote_order`` and release its money to the artisan. The caller holds
    the quote order's lock and moves it to "in production" in the same transaction."""
    deposit = _locked_order(quote_order.first_order)
    if deposit.status not in DEPOSIT_ORDER_MACHINE.transitions:
        raise TransitionNotAllowed(_("The deposit has not been paid yet."), code="deposit_unpaid")
    deposit.completed_at = now
    DEPOSIT_ORDER_MACHINE.apply(
        instance=deposit,
        target=S.COMPLETED,
        by=by,
        reason=_("Deposit released: production started."),
        update_fields=["completed_at"],
    )
    money.record_completion(order=deposit, by=by, now=now)
    quote_order.first_order = deposit
    return deposit


def refund_released_deposit_locked(*, quote_order: QuoteOrder, by: Any, reason: str, now: datetime) -> Refund | None:
    """A production order cancelled after its deposit was released: the whole deposit becomes a refund owed to the
    buyer, taken from the artisan's available balance. None when the deposit was not released (the order
    lifecycle's cancellation refunds it then). The caller holds the quote order's lock."""
    deposit = quote_order.first_order
    if quote_order.kind != QuoteOrder.Kind.PRODUCTION or deposit.status != S.COMPLETED:
        return None
    lock_purchase(deposit.purchase_id)
    deposit = _locked_order(deposit)
    existing = Refund.objects.filter(order=deposit).first()
    if existing is not None:
        return existing
    refund = Refund.objects.create(order=deposit, purchase_id=deposit.purchase_id, amount=deposit.total, created_at=now)
    money.record_refund(refund=refund, order=deposit, by=by, now=now, memo=f"{deposit.number}: {reason}"[:255])
    return refund


def _waiting_on_cancelled() -> Q:
    cancelled = (S.CANCELLED,)
    return Q(status__in=WAITING_ON_FIRST, first_order__status__in=cancelled) | Q(
        status__in=WAITING_ON_BALANCE, balance_order__status__in=cancelled
    )


def _tell_both(quote_order: QuoteOrder, reason: str) -> None:
    quote = quote_order.quote
    for user, url in (
        (quote.rfq.buyer, f"/quotes/{quote.public_id}/"),
        (quote.artisan.user, f"/studio/quotes/{quote.public_id}/"),
    ):
        notify(
            event="quote_order_changed",
            users=[user],
            context={"item": quote.rfq.title, "status": quote_order.get_status_display(), "reason": reason, "url": url},
        )


def _why(quote_order: QuoteOrder, order: Order) -> str:
    unpaid = order.purchase.status == Purchase.Status.EXPIRED
    if quote_order.status == M.BALANCE_DUE:
        return (
            _("The balance was not paid in time; the deposit stays with the artisan.")
            if unpaid
            else _("The balance order was cancelled; the deposit stays with the artisan.")
        )
    if quote_order.status == M.SAMPLE_DUE:
        return _("The sample was not paid in time.") if unpaid else _("The sample order was cancelled.")
    return _("The deposit was not paid in time.") if unpaid else _("The deposit order was cancelled.")


def follow_one(*, quote_order_id: int) -> bool:
    """Cancel one quote order whose awaited milestone order was cancelled (or expired unpaid). Safe to run twice:
    False when it is gone, no longer waiting, or its milestone order is still alive."""
    with transaction.atomic():
        locked = (
            QuoteOrder.objects.select_for_update(of=("self",))
            .select_related("quote__rfq__buyer", "quote__artisan__user")
            .filter(pk=quote_order_id)
            .filter(_waiting_on_cancelled())
            .first()
        )
        if locked is None:
            return False
        waited = locked.balance_order_id if locked.status in WAITING_ON_BALANCE else locked.first_order_id
        order = Order.objects.select_related("purchase").get(pk=waited)
        reason = _why(locked, order)
        MILESTONE_MACHINE.apply(instance=locked, target=M.CANCELLED, by=None, reason=reason)
        _tell_both(locked, reason)
    return True


def advance_paid_balance(*, quote_order_id: int) -> bool:
    """Balance due → ready to ship once the balance order is paid; the artisan is told to ship it. Safe to run
    twice: False when it is gone, not waiting for its balance, or the balance is not paid."""
    with transaction.atomic():
        locked = (
            QuoteOrder.objects.select_for_update(of=("self",))
            .select_related("quote__rfq__buyer", "quote__artisan__user")
            .filter(pk=quote_order_id, status__in=WAITING_ON_BALANCE, balance_order__status__in=PAID)
            .first()
        )
        if locked is None:
            return False
        reason = _("The balance is paid: ship the balance order.")
        MILESTONE_MACHINE.apply(instance=locked, target=M.READY_TO_SHIP, by=None, reason=reason)
        _tell_both(locked, reason)
    return True


def after_payment(*, order_ids: Sequence[int]) -> None:
    """Called inside the payment's transaction with the orders it paid: once it commits, a quote order whose
    balance order is among them moves on to ready to ship. After the commit, in a transaction of its own, so the
    payment never waits on (or deadlocks with) a quote order's lock; a failure there is logged, and the follow
    job catches up."""
    ids = list(order_ids)

    def advance() -> None:
        waiting = QuoteOrder.objects.filter(balance_order_id__in=ids, status__in=WAITING_ON_BALANCE)
        for pk in waiting.values_list("pk", flat=True):
            advance_paid_balance(quote_order_id=pk)

    if ids:
        transaction.on_commit(advance, robust=True)


def follow_milestone_orders() -> int:
    """Cancel every quote order left waiting on a cancelled milestone order, and move on every one whose balance
    is paid; returns how many changed (scheduled job)."""
    cancelled = list(QuoteOrder.objects.filter(_waiting_on_cancelled()).values_list("pk", flat=True))
    paid = list(
        QuoteOrder.objects.filter(status__in=WAITING_ON_BALANCE, balance_order__status__in=PAID).values_list(
            "pk", flat=True
        )
    )
    return sum(follow_one(quote_order_id=pk) for pk in cancelled) + sum(
        advance_paid_balance(quote_order_id=pk) for pk in paid
    )
