"""Sample lines: a buyer's samples of a product (catalog.wholesale.SampleOffer), limited per buyer over the
cart and every order that still counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from catalog.wholesale.models import SampleOffer
from craftmarket.common.errors import DomainError

from ..models import CartLine, Order, OrderLine

# Orders whose samples no longer count against the buyer's limit.
_RELEASED = [Order.Status.CANCELLED]


def samples_ordered(*, buyer_id: int, product_id: int) -> int:
    """Sample units of the product in the buyer's orders, cancelled orders left out (an expired purchase cancels
    its orders)."""
    total = (
        OrderLine.objects.filter(is_sample=True, order__buyer_id=buyer_id, variant__product_id=product_id)
        .exclude(order__status__in=_RELEASED)
        .aggregate(n=Sum("quantity"))["n"]
    )
    return total or 0


def samples_in_cart(*, cart_id: int, product_id: int, exclude_line: int | None = None) -> int:
    qs = CartLine.objects.filter(cart_id=cart_id, is_sample=True, variant__product_id=product_id)
    if exclude_line is not None:
        qs = qs.exclude(pk=exclude_line)
    return qs.aggregate(n=Sum("quantity"))["n"] or 0


def check_sample_quantity(
    *, offer: SampleOffer, buyer: Any, cart_id: int, quantity: int, exclude_line: int | None = None, adding_to: int = 0
) -> None:
    """Refuse a sample quantity above what the buyer may still order: the offer's units per buyer, less the
    samples of this product already ordered and those in other sample lines of the cart. Field ``quantity``."""
    if buyer is None:
        raise DomainError(_("Sign in to order a sample."), code="sign_in_required", field="quantity")
    used = samples_ordered(buyer_id=buyer, product_id=offer.product_id) + samples_in_cart(
        cart_id=cart_id, product_id=offer.product_id, exclude_line=exclude_line
    )
    left = max(offer.max_units - used, 0)
    if quantity > left:
        # ``adding_to``: the quantity of the line being added to, already part of ``quantity``.
        more = max(left - adding_to, 0)
        if more == 0:
            message = _(
                "You already have the %(max)s samples allowed for this product (in your cart or your orders)."
            ) % {"max": offer.max_units}
        else:
            message = _("You can order at most %(left)s more samples of this product (limit %(max)s per buyer).") % {
                "left": more,
                "max": offer.max_units,
            }
        raise DomainError(message, code="sample_limit", field="quantity")


@dataclass(frozen=True)
class SampleCredit:
    sample_order: Order
    amount: int


def crediting_products(product_ids: set[int]) -> set[int]:
    """The products among ``product_ids`` whose sample offer credits samples (one query; none when empty)."""
    if not product_ids:
        return set()
    return set(
        SampleOffer.objects.filter(product_id__in=product_ids, credit_on_wholesale=True).values_list(
            "product_id", flat=True
        )
    )


def sample_credit_for(
    *, buyer_id: int, artisan_id: int, product_ids: set[int], now: datetime, crediting: set[int] | None = None
) -> SampleCredit | None:
    """The credit an order from ``artisan_id`` earns when it buys ``product_ids`` in wholesale quantity (each at a
    quantity price tier): the oldest sample order of the same buyer and artisan, delivered or completed within
    ``WHOLESALE_SAMPLE_CREDIT_DAYS``, never credited yet, with sample lines of those products whose offer credits
    samples (``credit_on_wholesale``); the amount is what those sample lines cost. None when nothing qualifies.
    Call under the buyer's cart lock (checkout): a buyer's checkouts run one at a time, and the unique
    ``Order.credited_sample`` refuses a second credit of the same sample order in any case."""
    crediting = crediting_products(product_ids) if crediting is None else crediting & product_ids
    if not crediting:
        return None
    since = now - timedelta(days=settings.WHOLESALE_SAMPLE_CREDIT_DAYS)
    lines = (
        OrderLine.objects.filter(
            is_sample=True,
            variant__product_id__in=crediting,
            order__buyer_id=buyer_id,
            order__artisan_id=artisan_id,
            order__status__in=[Order.Status.DELIVERED, Order.Status.COMPLETED],
            order__delivered_at__gte=since,
            order__credited_by__isnull=True,
        )
        .select_related("order")
        .order_by("order__delivered_at", "order_id", "pk")
    )
    first: Order | None = None
    amount = 0
    for line in lines:
        if first is None:
            first = line.order
        if line.order_id != first.pk:
            break
        amount += line.unit_price * line.quantity
    return SampleCredit(sample_order=first, amount=amount) if first is not None and amount > 0 else None
