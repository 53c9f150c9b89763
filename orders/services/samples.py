"""Sample lines: a buyer's samples of a product (catalog.wholesale.SampleOffer), limited per buyer over the
cart and every order that still counts."""

from __future__ import annotations

from typing import Any

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
    *, offer: SampleOffer, buyer: Any, cart_id: int, quantity: int, exclude_line: int | None = None
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
        if left == 0:
            message = _("You have already ordered the %(max)s samples allowed for this product.") % {
                "max": offer.max_units
            }
        else:
            message = _("You can order at most %(left)s more samples of this product (limit %(max)s per buyer).") % {
                "left": left,
                "max": offer.max_units,
            }
        raise DomainError(message, code="sample_limit", field="quantity")
