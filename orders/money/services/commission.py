"""Commission: the rate of each craft family in force when an order was placed, fixed on the order when it is paid.

Commission is charged on items only; shipping passes through to the artisan untouched. Each line of an order is
charged at its craft family's rate (the top category above the product's category), or at the default rate
(a ``CommissionRate`` without family, else ``settings.COMMISSION_DEFAULT_RATE_BPS``); the order's commission is
the sum, rounded half up to whole rupiah once per order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from catalog.models import Category
from orders.models import Order, OrderLine

from ..models import CommissionRate, OrderCommission

BPS = 10_000


def _family_of(category_id: int | None, parents: dict[int, int | None]) -> int | None:
    seen = set()
    while category_id is not None and parents.get(category_id) is not None and category_id not in seen:
        seen.add(category_id)
        category_id = parents[category_id]
    return category_id


def rate_at(*, family_id: int | None, at: datetime, rates: Sequence[CommissionRate]) -> int:
    """The basis points for ``family_id`` at ``at``: its own latest rate, else the default's, else the setting."""
    for wanted in (family_id, None) if family_id is not None else (None,):
        current = [r for r in rates if r.family_id == wanted and r.effective_from <= at]
        if current:
            return max(current, key=lambda r: r.effective_from).rate_bps
    return int(settings.COMMISSION_DEFAULT_RATE_BPS)


def commission_of(*, base: int, bps: int) -> int:
    return (base * bps + BPS // 2) // BPS


def commission_snapshot(*, orders: Sequence[Order]) -> dict[int, OrderCommission]:
    """Fix the commission of ``orders`` (being paid; the caller holds their locks) at the rates in force when
    each was placed. An order that already has one keeps it. Four queries whatever the number of orders."""
    ids = [o.pk for o in orders]
    existing = {c.order_id: c for c in OrderCommission.objects.filter(order_id__in=ids)}
    todo = [o for o in orders if o.pk not in existing]
    if not todo:
        return existing
    rates = list(CommissionRate.objects.all())
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    lines = OrderLine.objects.filter(order__in=todo).values_list(
        "order_id", "unit_price", "quantity", "variant__product__category_id"
    )
    per_order: dict[int, list[tuple[int, int | None]]] = {o.pk: [] for o in todo}
    for order_id, unit_price, quantity, category_id in lines:
        per_order[order_id].append((unit_price * quantity, _family_of(category_id, parents)))
    slugs = dict(Category.objects.filter(parent=None).values_list("pk", "slug"))
    rows = []
    now = timezone.now()
    for order in todo:
        weighted, applied = 0, {}
        for line_total, family_id in per_order[order.pk]:
            bps = rate_at(family_id=family_id, at=order.created_at, rates=rates)
            weighted += line_total * bps
            applied[slugs.get(family_id, "default")] = bps
        lines_sum = sum(total for total, _f in per_order[order.pk])
        if 0 < order.items_total < lines_sum:
            # A sample credit (orders.services.samples) lowers the items: the commission is on what is paid, the
            # same blend of rates scaled down, rounded half up.
            denominator = BPS * lines_sum
            commission = (2 * weighted * order.items_total + denominator) // (2 * denominator)
        else:
            commission = (weighted + BPS // 2) // BPS
        commission = min(commission, order.items_total)
        rows.append(
            OrderCommission(
                order=order, items_base=order.items_total, commission=commission, rates=applied, created_at=now
            )
        )
    OrderCommission.objects.bulk_create(rows)
    return {**existing, **{row.order_id: row for row in rows}}
