"""Reads of price tiers: which tiers a buyer may see, and the unit price of a line at a quantity.

Tiers are chosen by the quantity of one variant (one cart line), not by the product's variants added up: each
variant has its own ladder and its own costs, and a line's price must not change because another line changed
(README, "Wholesale")."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from artisans.business.selectors import is_verified_business, is_verified_business_id

from .models import PriceTier, SampleOffer


@dataclass(frozen=True)
class TierRow:
    """A tier as a buyer sees it: ``unit_price`` is None when it is for verified businesses and the buyer is not
    one (they see that it exists and how to get it, not the price)."""

    min_quantity: int
    unit_price: int | None
    business_only: bool


@dataclass(frozen=True)
class LinePrice:
    """The price of ``quantity`` pieces of a variant for one buyer."""

    quantity: int
    list_price: int  # the variant's normal price
    unit_price: int  # what each piece costs at this quantity (the tier's price, or the normal one)
    tier_quantity: int | None  # the quantity the applied tier starts at; None when no tier applies
    next_quantity: int | None = None  # the next tier open to this buyer, for the nudge
    next_price: int | None = None

    @property
    def saving(self) -> int:
        return (self.list_price - self.unit_price) * self.quantity

    @property
    def add_more(self) -> int | None:
        return self.next_quantity - self.quantity if self.next_quantity else None

    @property
    def total(self) -> int:
        return self.unit_price * self.quantity


def tiers_by_variant(variant_ids: Iterable[int]) -> dict[int, list[PriceTier]]:
    """Every tier of the variants, ascending by quantity, in one query."""
    ids = list(set(variant_ids))
    grouped: dict[int, list[PriceTier]] = defaultdict(list)
    if ids:
        for tier in PriceTier.objects.filter(variant_id__in=ids).order_by("variant_id", "min_quantity"):
            grouped[tier.variant_id].append(tier)
    return grouped


def buyer_is_business(buyer: Any) -> bool:
    return is_verified_business(buyer)


def sees_business_prices(*, product: Any, viewer: Any) -> bool:
    """Verified businesses, and the product's own artisan, see the prices of business-only tiers."""
    if getattr(viewer, "pk", None) is not None and getattr(product.artisan, "user_id", None) == viewer.pk:
        return True
    return buyer_is_business(viewer)


def tier_rows(tiers: Sequence[PriceTier], *, business: bool) -> list[TierRow]:
    return [
        TierRow(t.min_quantity, t.unit_price if business or not t.business_only else None, t.business_only)
        for t in tiers
    ]


def price_at(*, list_price: int, quantity: int, tiers: Sequence[PriceTier], business: bool) -> LinePrice:
    """The tier with the highest starting quantity at or below ``quantity`` among those open to the buyer
    (business-only tiers only for verified businesses) sets the price of every piece of the line."""
    open_tiers = [t for t in sorted(tiers, key=lambda t: t.min_quantity) if business or not t.business_only]
    applied = None
    following = None
    for tier in open_tiers:
        if tier.min_quantity <= quantity:
            applied = tier
        elif following is None:
            following = tier
    unit = applied.unit_price if applied is not None else list_price
    return LinePrice(
        quantity=quantity,
        list_price=list_price,
        unit_price=unit,
        tier_quantity=applied.min_quantity if applied is not None else None,
        next_quantity=following.min_quantity if following is not None else None,
        next_price=following.unit_price if following is not None else None,
    )


def variant_price_at(*, variant: Any, quantity: int, buyer: Any) -> LinePrice:
    """``price_at`` for one variant, reading its tiers (one query) and the buyer's business status."""
    return price_at(
        list_price=variant.price,
        quantity=quantity,
        tiers=tiers_by_variant([variant.pk]).get(variant.pk, []),
        business=buyer_is_business(buyer),
    )


def product_has_tiers(product: Any) -> bool:
    """From the product's stored columns: no query."""
    return product.wholesale_price is not None or bool(product.wholesale_business_only)


def tier_table(*, product: Any, variants: Sequence[Any], buyer: Any) -> list[tuple[Any, list[TierRow]]]:
    """The product page's tier table: (variant, rows) for every variant with tiers, as ``buyer`` may see them.
    No query at all for a product without tiers (its stored columns say so); otherwise one for the tiers and,
    only when business-only tiers exist, one for the buyer's business profile."""
    if not product_has_tiers(product):
        return []
    business = bool(product.wholesale_business_only) and sees_business_prices(product=product, viewer=buyer)
    tiers = tiers_by_variant(v.pk for v in variants)
    return [(v, tier_rows(tiers[v.pk], business=business)) for v in variants if tiers.get(v.pk)]


def prices_for(items: Sequence[tuple[Any, int]], *, buyer: Any = None, buyer_id: int | None = None) -> list[LinePrice]:
    """The price of each (variant, quantity) for the buyer (``buyer``, or by ``buyer_id``), in order. Reads the
    products' stored columns first: no query when none has tiers, one for the tiers otherwise, and one for the
    buyer's business profile only when a business-only tier exists. The variants need ``product`` loaded."""
    tiered = [v.pk for v, _q in items if product_has_tiers(v.product)]
    tiers = tiers_by_variant(tiered) if tiered else {}
    business = any(v.product.wholesale_business_only for v, _q in items) and (
        buyer_is_business(buyer) if buyer is not None else is_verified_business_id(buyer_id)
    )
    return [price_at(list_price=v.price, quantity=q, tiers=tiers.get(v.pk, []), business=business) for v, q in items]


def remembered_price(*, current: LinePrice, unit_price: int | None, tier_quantity: int | None, list_price: int | None):
    """The unit price a cart line remembers after the buyer changed its quantity to ``current.quantity``: still in
    the same tier (or still in none), it keeps what it remembered, so that a change made by the artisan since is a
    price change the buyer confirms at checkout; in another tier it takes that tier's price, shown at once."""
    if unit_price is None:  # a new line
        return current.unit_price
    if current.tier_quantity == tier_quantity:
        return unit_price
    if current.tier_quantity is None:  # back below every tier: the normal price the buyer saw
        return list_price if list_price is not None else current.unit_price
    return current.unit_price


# --- lead time from capacity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadTime:
    """How long ``quantity`` pieces take: the product's lead time plus the production days at its capacity."""

    days: int  # calendar days from the order to shipping
    production_days: int  # working days the quantity needs (0 without a capacity)
    capacity_percent: int | None  # share of one month's capacity, in percent (None without a capacity)

    def ship_by(self, start: date) -> date:
        return start + timedelta(days=self.days)


def _calendar_days(working_days: int) -> int:
    """Working days to calendar days at six working days a week (Sundays off): 6 → 7, 12 → 14."""
    weeks, rest = divmod(working_days, 6)
    return weeks * 7 + rest


def lead_time(*, product: Any, quantity: int) -> LeadTime | None:
    """Made-to-order products only (None otherwise). Daily capacity is monthly capacity ÷
    ``WHOLESALE_WORKING_DAYS_PER_MONTH`` (25: six-day weeks less a holiday); the quantity needs
    ceil(quantity ÷ daily capacity) working days, counted in calendar days with Sundays off, on top of the
    product's own lead time. Without a monthly capacity the lead time does not grow with the quantity."""
    if not product.made_to_order:
        return None
    base = product.lead_time_days or 0
    capacity = product.monthly_capacity
    if not capacity:
        return LeadTime(days=base, production_days=0, capacity_percent=None)
    working = settings.WHOLESALE_WORKING_DAYS_PER_MONTH
    production = math.ceil(quantity * working / capacity)  # = ceil(quantity ÷ (capacity ÷ working))
    return LeadTime(
        days=base + _calendar_days(production),
        production_days=production,
        capacity_percent=math.ceil(quantity * 100 / capacity),
    )


def sample_offers(product_ids: Iterable[int]) -> dict[int, SampleOffer]:
    """The sample offers of the products, by product id (one query)."""
    ids = set(product_ids)
    return {o.product_id: o for o in SampleOffer.objects.filter(product_id__in=ids)} if ids else {}


def sample_offer(product: Any) -> SampleOffer | None:
    """The product's sample offer, from the relation when it was joined (``select_related("sample_offer")``)."""
    try:
        return product.sample_offer
    except ObjectDoesNotExist:
        return None


def sample_lead_time(offer: SampleOffer) -> LeadTime:
    """A sample ships within the offer's own lead days, whatever the product's capacity."""
    return LeadTime(days=offer.lead_days, production_days=0, capacity_percent=None)
