"""The entries of each money event. The order services call these inside their own transaction, holding the
purchase/order/refund locks; so the event and its entries commit or roll back together.

| event | entries |
|---|---|
| payment confirmed | incoming −paid; per order: held(artisan) +items, shipping +shipping; transfer codes +unique code |
| payment after expiry | incoming −paid; refunds payable +paid |
| order completed | held −items; shipping −shipping; commission +c; available +(items − c + shipping) |
| refund before completion | held −items; shipping −shipping; refunds payable +total |
| refund after completion | available −(refund − commission back); commission −back; refunds payable +refund |
| refund sent | refunds payable −amount; refunds sent +amount |
| payout created | available −amount; payouts being transferred +amount |
| payout transferred | payouts being transferred −amount; paid out +amount |
| payout failed | payouts being transferred −amount; available +amount |
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from craftmarket.common.errors import DomainError
from orders.models import Order, Payment, Purchase, Refund

from ..models import Account, LedgerTransaction, OrderCommission
from .commission import commission_snapshot
from .ledger import Line, artisan_accounts, platform_accounts, post

K = Account.Kind
T = LedgerTransaction.Kind


def record_payment(*, purchase: Purchase, orders: Sequence[Order], by: Any, now: datetime) -> LedgerTransaction:
    """Money in for ``purchase`` (its ``amount_due``), held for each of ``orders`` (those it pays), and their
    commission fixed. The caller holds the purchase and order locks."""
    commission_snapshot(orders=orders)
    platform = platform_accounts(K.INCOMING, K.SHIPPING, K.TRANSFER_CODES)
    accounts = artisan_accounts(o.artisan_id for o in orders)
    lines = [Line(platform[K.INCOMING], -purchase.amount_due)]
    for order in orders:
        lines.append(Line(accounts[(order.artisan_id, K.HELD)], order.items_total, order.pk))
        lines.append(Line(platform[K.SHIPPING], order.shipping_cost, order.pk))
    code = purchase.amount_due - sum(o.total for o in orders)
    if code < 0:
        raise DomainError(_("The amount paid is less than the orders it pays for."), code="ledger_short_payment")
    lines.append(Line(platform[K.TRANSFER_CODES], code))
    return post(
        kind=T.PAYMENT, key=f"payment:{purchase.pk}", lines=lines, purchase=purchase, by=by, now=now,
        memo=purchase.number,
    )  # fmt: skip


def record_late_payment(*, payment: Payment, refund: Refund, now: datetime) -> LedgerTransaction:
    """Money that arrived after its purchase expired: received, and owed back at once."""
    platform = platform_accounts(K.INCOMING, K.REFUNDS_PAYABLE)
    lines = [Line(platform[K.INCOMING], -payment.amount), Line(platform[K.REFUNDS_PAYABLE], payment.amount)]
    return post(
        kind=T.LATE_PAYMENT, key=f"late:{payment.pk}", lines=lines, purchase=payment.purchase, refund=refund, now=now,
        memo=payment.reference,
    )  # fmt: skip


def _commission(order: Order) -> OrderCommission:
    found = OrderCommission.objects.filter(order=order).first()
    return found or commission_snapshot(orders=[order])[order.pk]


def record_completion(*, order: Order, by: Any, now: datetime) -> LedgerTransaction:
    """Escrow released: the order's items and shipping become available to the artisan, minus the commission on
    items. The caller holds the order lock."""
    commission = _commission(order).commission
    platform = platform_accounts(K.SHIPPING, K.COMMISSION)
    accounts = artisan_accounts([order.artisan_id])
    lines = [
        Line(accounts[(order.artisan_id, K.HELD)], -order.items_total, order.pk),
        Line(platform[K.SHIPPING], -order.shipping_cost, order.pk),
        Line(platform[K.COMMISSION], commission, order.pk),
        Line(accounts[(order.artisan_id, K.AVAILABLE)], order.total - commission, order.pk),
    ]
    return post(
        kind=T.COMPLETION, key=f"complete:{order.pk}", lines=lines, order=order, by=by, now=now, memo=order.number
    )


def record_refund(*, refund: Refund, order: Order, by: Any, now: datetime, memo: str = "") -> LedgerTransaction:
    """A refund of ``order``. Before completion the money is still held: the whole order is given back from
    escrow. After completion it comes from the artisan's available balance (which may go negative and is netted
    from the next payouts), and the platform returns the same share of its commission."""
    if not 0 < refund.amount <= order.total:
        raise DomainError(
            _("A refund is between Rp 1 and what was paid for the order."), code="refund_too_large", field="amount"
        )
    platform = platform_accounts(K.SHIPPING, K.COMMISSION, K.REFUNDS_PAYABLE)
    accounts = artisan_accounts([order.artisan_id])
    payable = Line(platform[K.REFUNDS_PAYABLE], refund.amount, order.pk)
    completed = LedgerTransaction.objects.filter(key=f"complete:{order.pk}").exists()
    if not completed:
        if refund.amount != order.total:
            raise DomainError(
                _("An order refunded before completion is refunded in full."), code="refund_not_full", field="amount"
            )
        lines = [
            Line(accounts[(order.artisan_id, K.HELD)], -order.items_total, order.pk),
            Line(platform[K.SHIPPING], -order.shipping_cost, order.pk),
            payable,
        ]
    else:
        commission = _commission(order).commission
        # The same share of the commission as of the order, rounded half up.
        returned = (2 * commission * refund.amount + order.total) // (2 * order.total)
        lines = [
            Line(accounts[(order.artisan_id, K.AVAILABLE)], -(refund.amount - returned), order.pk),
            Line(platform[K.COMMISSION], -returned, order.pk),
            payable,
        ]
    return post(
        kind=T.REFUND, key=f"refund:{refund.pk}", lines=lines, order=order, refund=refund, purchase=refund.purchase,
        by=by, now=now, memo=memo or order.number,
    )  # fmt: skip


def record_refund_sent(*, refund: Refund, by: Any, now: datetime) -> LedgerTransaction:
    """Staff sent the refund transfer: the debt to the buyer is settled."""
    platform = platform_accounts(K.REFUNDS_PAYABLE, K.REFUNDS_PAID)
    lines = [
        Line(platform[K.REFUNDS_PAYABLE], -refund.amount, refund.order_id),
        Line(platform[K.REFUNDS_PAID], refund.amount, refund.order_id),
    ]
    return post(
        kind=T.REFUND_SENT, key=f"refund_sent:{refund.pk}", lines=lines, refund=refund, purchase=refund.purchase,
        order=refund.order, by=by, now=now, memo=refund.reference,
    )  # fmt: skip
