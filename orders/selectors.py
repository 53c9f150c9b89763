"""Reads of the orders app, already scoped to who may see them and already joined."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from artisans.models import Artisan
from catalog.models import Product, ProductImage
from catalog.wholesale import selectors as wholesale

from .models import Address, Cart, CartLine, Order, OrderLine, OrderStatusChange, Purchase, ShippingRate
from .shipping import (
    abroad_problems,
    billable_kg,
    chargeable_grams,
    destination_zone,
    international_billable_grams,
    no_zone_message,
    shipping_cost,
    zone_for,
)


@dataclass
class CartGroup:
    """One artisan's lines in the cart, with the subtotal, weight and shipping options to the chosen address."""

    artisan: Artisan
    lines: list[CartLine] = field(default_factory=list)
    zone: str | None = None
    options: list[tuple[ShippingRate, int]] = field(default_factory=list)
    # Why these lines cannot go to the chosen address abroad (ships-to, HS code, dimensions); none: they can.
    shipping_problems: list[str] = field(default_factory=list)

    @property
    def international(self) -> bool:
        return self.zone == ShippingRate.Zone.INTERNATIONAL

    @property
    def chargeable_grams(self) -> int:
        """The weight the courier charges: abroad the larger of actual and volumetric weight."""
        if self.international:
            return chargeable_grams((line.variant.product, line.quantity) for line in self.lines)
        return self.weight_grams

    @property
    def subtotal(self) -> int:
        return sum(line.unit_price * line.quantity for line in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(line.variant.product.weight_grams * line.quantity for line in self.lines)

    @property
    def billable_kg(self) -> int | Decimal:
        """Domestic: whole kilograms; abroad: the chargeable weight rounded up to the next 0.5 kg."""
        if self.international:
            return (Decimal(international_billable_grams(self.chargeable_grams)) / 1000).normalize()
        return billable_kg(self.weight_grams)

    @property
    def cheapest_shipping(self) -> int | None:
        return min((cost for _r, cost in self.options), default=None)


@dataclass
class CartView:
    cart: Cart
    groups: list[CartGroup]
    address: Address | None

    @property
    def lines(self) -> list[CartLine]:
        return [line for g in self.groups for line in g.lines]

    @property
    def subtotal(self) -> int:
        return sum(g.subtotal for g in self.groups)

    @property
    def price_changes(self) -> list[CartLine]:
        return [line for line in self.lines if line.price_changed]

    @property
    def problems(self) -> list[CartLine]:
        return [line for line in self.lines if line.problem]

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)


def cart_view(*, cart: Cart, address: Address | None = None) -> CartView:
    """The cart grouped per artisan; each line annotated with ``price_changed``, ``current_price``, ``problem``."""
    lines = list(
        cart.lines.select_related("variant__product__artisan")
        .prefetch_related(
            # The thumbnail of each line (``product|card_image``): one query for the whole cart.
            Prefetch(
                "variant__product__images",
                queryset=ProductImage.objects.filter(is_primary=True),
                to_attr="primary_images",
            )
        )
        .order_by("added_at", "pk")
    )
    public = set(
        Product.objects.public().filter(pk__in={line.variant.product_id for line in lines}).values_list("pk", flat=True)
    )
    by_artisan: dict[int, CartGroup] = {}
    prices = wholesale.prices_for([(line.variant, line.quantity) for line in lines], buyer_id=cart.user_id)
    # Sample lines (catalog.wholesale.SampleOffer): the offer's price and lead days, no MOQ; both lines of a
    # variant take from its stock.
    offers = wholesale.sample_offers({line.variant.product_id for line in lines if line.is_sample})
    per_variant: dict[int, int] = defaultdict(int)
    for line in lines:
        per_variant[line.variant_id] += line.quantity
    for line, price in zip(lines, prices, strict=True):
        variant, product = line.variant, line.variant.product
        offer = offers.get(product.pk) if line.is_sample else None
        if offer is not None:
            price = wholesale.LinePrice(
                quantity=line.quantity, list_price=variant.price, unit_price=offer.price, tier_quantity=None
            )
        # Today's price at the line's quantity (its quantity price tier for this buyer, if any), the tier's
        # saving against the normal price and the next tier ("add 8 more for Rp 85.000 each").
        line.current_price = price.unit_price
        line.price_changed = price.unit_price != line.unit_price
        line.wholesale = price
        line.saving = max(price.list_price - line.unit_price, 0) * line.quantity if line.tier_quantity else 0
        line.lead = (
            wholesale.sample_lead_time(offer)
            if offer is not None
            else wholesale.lead_time(product=product, quantity=line.quantity)
        )
        line.line_total = line.unit_price * line.quantity
        line.problem = ""
        if product.pk not in public or (line.is_sample and offer is None):
            line.problem = "unavailable"
        elif not product.made_to_order and per_variant[line.variant_id] > variant.stock:
            line.problem = "out_of_stock"
        elif not line.is_sample and line.quantity < product.min_order_quantity:
            line.problem = "below_moq"
        group = by_artisan.setdefault(product.artisan_id, CartGroup(artisan=product.artisan))
        group.lines.append(line)
    groups = list(by_artisan.values())
    if address is not None:
        zones = {g.artisan.pk: zone_for(origin_province=g.artisan.province, address=address) for g in groups}
        destination = destination_zone(address.country) if not address.is_domestic else None
        rates = list(ShippingRate.objects.filter(active=True, zone__in=set(zones.values()), shipping_zone=destination))
        for g in groups:
            g.zone = zones[g.artisan.pk]
            if g.international:
                g.shipping_problems = abroad_problems(
                    artisan=g.artisan, country=address.country, products=[line.variant.product for line in g.lines]
                )
                if destination is None:
                    g.shipping_problems.insert(0, no_zone_message(address.country))
                if g.shipping_problems:
                    continue
            weight = g.chargeable_grams
            g.options = [(r, shipping_cost(rate=r, weight_grams=weight)) for r in rates if r.zone == g.zone]
            g.options.sort(key=lambda rc: (rc[1], rc[0].courier))
    return CartView(cart=cart, groups=groups, address=address)


def cart_line_count(*, user: Any = None, token: Any = None) -> int:
    """Lines in the signed-in buyer's cart (``user``) or the anonymous one (``token`` from the session): one query,
    none when there is neither."""
    if user is not None and user.is_authenticated:
        return CartLine.objects.filter(cart__user=user).count()
    if not token:
        return 0
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return 0
    return CartLine.objects.filter(cart__token=token, cart__user__isnull=True).count()


def addresses_for(*, user: Any) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


def address_for(*, user: Any, public_id: Any) -> Address | None:
    try:
        pid = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Address.objects.filter(user=user, public_id=pid).first()


def _order_qs() -> QuerySet[Order]:
    return Order.objects.select_related("artisan", "buyer", "purchase", "refund").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
        Prefetch(
            "status_changes", queryset=OrderStatusChange.objects.select_related("actor").order_by("created_at", "pk")
        ),
    )


def orders_for_buyer(*, user: Any) -> QuerySet[Order]:
    return _order_qs().filter(buyer=user)


def orders_for_artisan(*, artisan: Artisan, status: str | None = None) -> QuerySet[Order]:
    qs = _order_qs().filter(artisan=artisan)
    if status:
        qs = qs.filter(status=status)
    return qs


OPEN_FOR_ARTISAN = (Order.Status.PAID, Order.Status.PROCESSING)


def artisan_order_summary(*, artisan: Artisan, since: datetime) -> dict[str, int]:
    """``open_orders``: orders waiting for the artisan (paid or processing); ``revenue``: items sold (integer
    rupiah, shipping excluded) in orders paid since ``since`` and not cancelled. One query."""
    row = Order.objects.filter(artisan=artisan).aggregate(
        open_orders=Count("pk", filter=Q(status__in=OPEN_FOR_ARTISAN)),
        revenue=Sum("items_total", filter=Q(paid_at__gte=since) & ~Q(status=Order.Status.CANCELLED)),
    )
    return {"open_orders": row["open_orders"], "revenue": row["revenue"] or 0}


def open_orders_for_artisan(*, artisan: Artisan, limit: int = 5) -> list[Order]:
    """The oldest orders waiting for the artisan (paid or processing) first, with the purchase's address."""
    return list(
        Order.objects.filter(artisan=artisan, status__in=OPEN_FOR_ARTISAN)
        .select_related("purchase")
        .order_by("paid_at", "pk")[:limit]
    )


def order_for_buyer(*, user: Any, number: str) -> Order | None:
    return orders_for_buyer(user=user).filter(number=number).first()


def order_for_artisan(*, artisan: Artisan, number: str) -> Order | None:
    return orders_for_artisan(artisan=artisan).filter(number=number).first()


def order_for_user(*, user: Any, number: str) -> Order | None:
    """An order the user may see: as its buyer or as its artisan (staff use the admin)."""
    if not getattr(user, "is_authenticated", False):
        return None
    order = order_for_buyer(user=user, number=number)
    artisan = getattr(user, "artisan", None)
    if order is None and artisan is not None:
        order = order_for_artisan(artisan=artisan, number=number)
    return order


def purchases_for_buyer(*, user: Any) -> QuerySet[Purchase]:
    return Purchase.objects.filter(buyer=user).prefetch_related(
        Prefetch("orders", queryset=Order.objects.select_related("artisan").order_by("pk"))
    )


def purchase_for_buyer(*, user: Any, number: str) -> Purchase | None:
    return (
        Purchase.objects.filter(buyer=user, number=number)
        .prefetch_related(
            Prefetch("orders", queryset=_order_qs().order_by("pk")),
            "payments",
            "refunds",
        )
        .first()
    )
