"""Checkout: one Purchase per checkout, one Order per artisan, stock that is never oversold."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, Variant
from catalog.wholesale import selectors as wholesale
from craftmarket.common.errors import ConflictError, DomainError, NotFound
from craftmarket.common.notifications import notify
from craftmarket.common.validators import int_field_errors
from craftmarket.currency.display import check_currency, display_currency

from ..errors import IdempotencyKeyReused, PriceChanged
from ..locks import lock_cart, lock_variants
from ..models import (
    Address,
    Cart,
    IdempotencyKey,
    Order,
    OrderLine,
    OrderStatusChange,
    Purchase,
    ShippingRate,
)
from ..numbers import new_order_number, new_purchase_number
from ..paymethods.methods import purchase_methods_offered
from ..shipping import chargeable_grams, check_abroad, check_destination, shipping_cost, zone_for
from . import samples
from .amounts import save_with_unique_amount

IDEMPOTENCY_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class CheckoutInput:
    """What the buyer chose: an address (public id), a shipping rate per artisan (slug → rate id), a method."""

    address: str
    shipping: dict[str, int] = field(default_factory=dict)
    payment_method: str = Purchase.Method.BANK_TRANSFER
    # The currency prices were shown in (not part of the fingerprint: it changes what is shown, not what is bought).
    display_currency: str = "IDR"

    def fingerprint(self) -> str:
        body = {
            "address": str(self.address),
            "shipping": {str(k): int(v) for k, v in sorted(self.shipping.items())},
            "payment_method": self.payment_method,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def purchase_checkout(*, buyer: Any, cart: Cart, data: CheckoutInput, idempotency_key: str) -> Purchase:
    """Turn the cart into one Purchase with one Order per artisan, in one transaction.

    Guarantees: the variants are locked in pk order (``orders.locks``) so concurrent checkouts cannot deadlock;
    stock is checked and decremented with ``F()`` under the lock (the DB CHECK stock >= 0 backs it), so it is
    never oversold; any error leaves nothing written. The same ``idempotency_key`` with the same input returns
    the same Purchase for 24 hours (concurrent duplicates wait on the key's unique index); with other input it
    raises ``IdempotencyKeyReused`` (422). A price that changed since the line was added raises
    ``PriceChanged`` (409) until the buyer confirms with ``cart_confirm_prices``. Another buyer's cart is NotFound
    (404), before anything is read or written.
    """
    if cart.user_id is not None and cart.user_id != getattr(buyer, "pk", None):
        raise NotFound()  # another buyer's cart (an anonymous one is the caller's, from its session)
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise DomainError(_("A checkout needs an idempotency key of 1 to 100 characters."), field="idempotency_key")
    fingerprint = data.fingerprint()
    with transaction.atomic():
        row, created = IdempotencyKey.objects.get_or_create(user=buyer, key=key, defaults={"request_hash": fingerprint})
        if not created and row.created_at < timezone.now() - IDEMPOTENCY_TTL:
            row.delete()
            row = IdempotencyKey.objects.create(user=buyer, key=key, request_hash=fingerprint)
            created = True
        if not created:
            if row.request_hash != fingerprint:
                raise IdempotencyKeyReused(_("This Idempotency-Key was already used for a different checkout."))
            return Purchase.objects.get(pk=row.purchase_id)
        purchase = _place(buyer=buyer, cart=cart, data=data)
        row.purchase = purchase
        row.save(update_fields=["purchase"])
        return purchase


def _place(*, buyer: Any, cart: Cart, data: CheckoutInput) -> Purchase:
    shown = display_currency(check_currency(data.display_currency))
    lock_cart(cart.pk)  # before reading the lines: a concurrent checkout of this cart may just have emptied it
    lines = list(cart.lines.all())
    if not lines:
        raise DomainError(_("Your cart is empty."), code="empty_cart")
    address = Address.objects.filter(user=buyer, public_id=_uuid_or_none(data.address)).first()
    if address is None:
        raise ValidationError({"address": _("Choose one of your addresses.")})
    if data.payment_method not in purchase_methods_offered():
        raise ValidationError({"payment_method": _("Choose a payment method.")})

    variants = lock_variants(line.variant_id for line in lines)
    public_products = set(
        Product.objects.public().filter(pk__in={v.product_id for v in variants.values()}).values_list("pk", flat=True)
    )
    changes = []
    groups: dict[int, list[tuple[Any, Variant]]] = defaultdict(list)
    for line in lines:
        variant = variants.get(line.variant_id)
        if variant is None or variant.product_id not in public_products:
            name = variant or _("An item")
            raise ConflictError(
                _("%(name)s is no longer available; remove it from your cart.") % {"name": name},
                code="unavailable",
            )
    # Today's price of every line at its quantity: its quantity price tier for this buyer (catalog.wholesale), or
    # the normal price. A tier changed (or withdrawn) since the line was added is a price change like any other.
    normal = [line for line in lines if not line.is_sample]
    prices = {
        line.pk: price
        for line, price in zip(
            normal,
            wholesale.prices_for([(variants[line.variant_id], line.quantity) for line in normal], buyer=buyer),
            strict=True,
        )
    }
    # Sample lines (catalog.wholesale.SampleOffer): the offer's price, no MOQ, the buyer's limit checked again
    # under the cart lock (a buyer has one cart, so two checkouts of theirs run one after the other).
    offers = wholesale.sample_offers(variants[line.variant_id].product_id for line in lines if line.is_sample)
    for line in lines:
        if not line.is_sample:
            continue
        variant = variants[line.variant_id]
        offer = offers.get(variant.product_id)
        if offer is None:
            raise ConflictError(
                _("%(name)s no longer offers samples; remove the sample from your cart.") % {"name": variant},
                code="unavailable",
            )
        samples.check_sample_quantity(
            offer=offer, buyer=buyer.pk, cart_id=cart.pk, quantity=line.quantity, exclude_line=line.pk
        )
        prices[line.pk] = wholesale.LinePrice(
            quantity=line.quantity, list_price=variant.price, unit_price=offer.price, tier_quantity=None
        )
    per_variant: dict[int, int] = defaultdict(int)
    for line in lines:
        per_variant[line.variant_id] += line.quantity
    for line in lines:
        variant = variants[line.variant_id]
        product = variant.product
        current = prices[line.pk]
        if current.unit_price != line.unit_price:
            changes.append(
                {
                    "item": str(line.public_id),
                    "name": str(variant),
                    "old_price": line.unit_price,
                    "new_price": current.unit_price,
                    # The quantity the now-applying tier starts at, when a tier sets the new price.
                    **({"tier_quantity": current.tier_quantity} if current.tier_quantity else {}),
                }
            )
        if not line.is_sample and line.quantity < product.min_order_quantity:
            raise DomainError(
                _("The minimum order for %(name)s is %(moq)s.")
                % {"name": product.name, "moq": product.min_order_quantity},
                code="below_moq",
                field="quantity",
            )
        if not product.made_to_order and per_variant[line.variant_id] > variant.stock:
            raise ConflictError(
                _("Sorry, %(name)s is out of stock (%(stock)s left).") % {"name": variant, "stock": variant.stock},
                code="out_of_stock",
            )
        groups[product.artisan_id].append((line, variant))
    if changes:
        raise PriceChanged(
            _("Some prices changed since you added the items. Please confirm the new prices."), changes=changes
        )

    artisans = {v.product.artisan_id: v.product.artisan for v in variants.values()}
    zones = {aid: zone_for(origin_province=artisans[aid].province, address=address) for aid in groups}
    # Abroad: the destination country's zone prices the international rates; a country in no zone is refused.
    destination = check_destination(address.country) if not address.is_domestic else None
    for aid in sorted(groups):
        if zones[aid] == ShippingRate.Zone.INTERNATIONAL:
            check_abroad(artisan=artisans[aid], country=address.country, products=[v.product for _l, v in groups[aid]])
    rates = {
        r.pk: r
        for r in ShippingRate.objects.filter(active=True, zone__in=set(zones.values()), shipping_zone=destination)
    }
    chosen: dict[int, ShippingRate] = {}
    for aid in groups:
        rate = rates.get(_int_or_none(data.shipping.get(artisans[aid].slug)))
        if rate is None or rate.zone != zones[aid]:
            raise ValidationError(
                {"shipping": _("Choose a shipping service for %(artisan)s.") % {"artisan": artisans[aid]}}
            )
        chosen[aid] = rate

    # Stock: locked above; the guarded F() update is still the single source of truth. One UPDATE for every
    # stocked line: each row is decremented only while its stock covers the line, and any row left out means
    # a line could not be served (the transaction is rolled back by the error).
    _take_stock(
        [(variants[vid], quantity) for vid, quantity in per_variant.items() if not variants[vid].product.made_to_order]
    )

    now = timezone.now()
    # Made-to-order lines: the lead time their quantity needs at the product's monthly capacity (catalog.wholesale).
    # A sample line: the offer's own lead days.
    leads = {
        line.pk: wholesale.sample_lead_time(offers[variants[line.variant_id].product_id])
        if line.is_sample
        else wholesale.lead_time(product=variants[line.variant_id].product, quantity=line.quantity)
        for line in lines
    }
    today = timezone.localdate(now)
    # Products bought at a quantity tier whose sample offer credits samples: one query for the whole checkout.
    crediting = samples.crediting_products(
        {variants[line.variant_id].product_id for line in lines if not line.is_sample and prices[line.pk].tier_quantity}
    )
    order_specs = []
    for aid in sorted(groups):
        items_total = sum(line.unit_price * line.quantity for line, _v in groups[aid])
        # A sample order's price credited when this order buys the product at a quantity tier (README,
        # "Samples"): a discount on the order's items, so the payment, the commission and the ledger follow it.
        credit = samples.sample_credit_for(
            buyer_id=buyer.pk,
            artisan_id=aid,
            product_ids={
                v.product_id for line, v in groups[aid] if not line.is_sample and prices[line.pk].tier_quantity
            },
            now=now,
            crediting=crediting,
        )
        if credit is not None:
            credit = samples.SampleCredit(sample_order=credit.sample_order, amount=min(credit.amount, items_total))
            items_total -= credit.amount
        weight = sum(v.product.weight_grams * line.quantity for line, v in groups[aid])
        if int_field_errors(Order, "weight_grams", weight):
            # Up to 10 000 made-to-order units of up to a tonne each: more than an order's weight column holds.
            raise DomainError(
                _("The order from %(artisan)s is too heavy to ship at once; order fewer items.")
                % {"artisan": artisans[aid]},
                code="too_heavy",
                field="quantity",
            )
        if zones[aid] == ShippingRate.Zone.INTERNATIONAL:
            # Abroad the courier charges the chargeable weight (actual or volumetric, whichever is larger).
            cost = shipping_cost(
                rate=chosen[aid], weight_grams=chargeable_grams((v.product, line.quantity) for line, v in groups[aid])
            )
        else:
            cost = shipping_cost(rate=chosen[aid], weight_grams=weight)
        order_specs.append((artisans[aid], groups[aid], items_total, weight, cost, credit))
    items_total = sum(spec[2] for spec in order_specs)
    shipping_total = sum(spec[4] for spec in order_specs)
    purchase = Purchase(
        number=new_purchase_number(),
        buyer=buyer,
        payment_method=data.payment_method,
        items_total=items_total,
        shipping_total=shipping_total,
        amount_due=items_total + shipping_total,
        address=address.snapshot(),
        display_currency=shown.code if shown.idr_per_unit is not None else "IDR",
        display_rate=shown.idr_per_unit,
        display_rate_date=shown.rate_date if shown.idr_per_unit is not None else None,
        created_at=now,
        expires_at=now + settings.PURCHASE_PAYMENT_WINDOW,
    )
    save_with_unique_amount(purchase=purchase, base=items_total + shipping_total, create=True)

    try:
        with transaction.atomic():
            orders = _create_orders(
                purchase=purchase, buyer=buyer, specs=order_specs, chosen=chosen, now=now, today=today, leads=leads
            )
    except IntegrityError:
        # Only a second credit of one sample order can collide here (the buyer's checkouts are serialised by the
        # cart lock, so this is a belt to those braces).
        raise ConflictError(_("Your sample credit was just used; please check out again."), code="sample_credit_used")
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                variant=variant,
                product_name=variant.product.name,
                variant_name=variant.name,
                sku=variant.sku,
                unit_price=line.unit_price,
                quantity=line.quantity,
                weight_grams=variant.product.weight_grams,
                made_to_order=variant.product.made_to_order,
                lead_time_days=variant.product.lead_time_days,
                stock_reserved=not variant.product.made_to_order,
                list_price=prices[line.pk].list_price,
                tier_quantity=prices[line.pk].tier_quantity,
                promised_days=leads[line.pk].days if leads[line.pk] else None,
                is_sample=line.is_sample,
            )
            for order, (_a, group, *_rest) in zip(orders, order_specs, strict=True)
            for line, variant in group
        ]
    )
    OrderStatusChange.objects.bulk_create(
        [
            OrderStatusChange(
                order=o, from_status="", to_status=Order.Status.AWAITING_PAYMENT, actor=buyer, created_at=now
            )
            for o in orders
        ]
    )
    cart.lines.all().delete()
    notify(
        event="purchase_created",
        users=[buyer],
        context={
            "purchase": purchase.number,
            "amount": purchase.amount_due,
            "display_currency": purchase.display_currency,
            "display_rate": purchase.display_rate,
            "pay_before": purchase.expires_at,
            "url": reverse("orders:purchase", args=[purchase.number]),
        },
    )
    return purchase


def _create_orders(
    *, purchase: Purchase, buyer: Any, specs: list[tuple], chosen: dict, now: Any, today: Any, leads: dict
) -> list[Order]:
    """One order per artisan group of the checkout, with its sample credit (if any)."""
    return Order.objects.bulk_create(
        [
            Order(
                number=new_order_number(),
                purchase=purchase,
                buyer=buyer,
                artisan=artisan,
                items_total=total,
                shipping_cost=cost,
                weight_grams=weight,
                shipping_courier=chosen[artisan.pk].courier,
                shipping_service=chosen[artisan.pk].service,
                shipping_zone=chosen[artisan.pk].zone,
                created_at=now,
                is_sample=all(line.is_sample for line, _v in group),
                sample_credit=credit.amount if credit else 0,
                credited_sample=credit.sample_order if credit else None,
                **_promise([leads[line.pk] for line, _v in group], today),
            )
            for artisan, group, total, weight, cost, credit in specs
        ]
    )


def _promise(leads: list[Any], today: Any) -> dict[str, Any]:
    """The order's ship-by date (its slowest made-to-order line) and the largest share of a monthly capacity."""
    known = [lead for lead in leads if lead is not None]
    if not known:
        return {}
    shares = [lead.capacity_percent for lead in known if lead.capacity_percent is not None]
    return {
        "ship_by": max(lead.ship_by(today) for lead in known),
        "capacity_percent": max(shares) if shares else None,
    }


def _take_stock(items: list[tuple[Variant, int]]) -> None:
    """Decrement the stock of every (variant, quantity) in one guarded UPDATE; ConflictError if any row lacks
    stock. The variants must be locked (``lock_variants``); a variant may appear once only."""
    if not items:
        return
    items = sorted(items, key=lambda item: item[0].pk)
    guard = Q()
    for variant, quantity in items:
        guard |= Q(pk=variant.pk, stock__gte=quantity)
    taken = Case(*(When(pk=variant.pk, then=Value(quantity)) for variant, quantity in items), default=Value(0))
    updated = Variant.objects.filter(guard).update(stock=F("stock") - taken)
    if updated != len(items):
        # Name the line by the stock read under the lock (the rows are rolled back with the error anyway).
        short = next((v for v, q in items if v.stock < q), items[0][0])
        raise ConflictError(_("Sorry, %(name)s is out of stock.") % {"name": short}, code="out_of_stock")


def _uuid_or_none(value: Any) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
