"""The cart: lines on variants, quantities that respect MOQ and stock, merged into the buyer's cart at login."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.models import Product, Variant
from catalog.wholesale import selectors as wholesale
from craftmarket.common.errors import ConflictError, DomainError, NotFound
from craftmarket.common.validators import QUANTITY_MAX

from ..locks import lock_cart
from ..models import Cart, CartLine
from . import samples

# CartLine.quantity and OrderLine.quantity declare the same range (int_range(1, QUANTITY_MAX)).
MAX_QUANTITY = QUANTITY_MAX


def parse_quantity(raw: Any) -> int:
    """A whole number ≥ 1 from user input, or a DomainError on the ``quantity`` field."""
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        # A 10 000-digit string is "too large", not a ValueError from int() (Python's digit limit).
        raw = int(raw.strip()) if len(raw.strip()) <= 18 else MAX_QUANTITY + 1
    if not isinstance(raw, int):
        raise DomainError(_("Quantity must be a whole number."), code="invalid_quantity", field="quantity")
    if raw < 1:
        raise DomainError(_("Quantity must be at least 1."), code="invalid_quantity", field="quantity")
    if raw > MAX_QUANTITY:
        raise DomainError(_("Quantity is too large."), code="invalid_quantity", field="quantity")
    return raw


def check_quantity(*, variant: Variant, quantity: int, also: int = 0, sample: bool = False) -> None:
    """MOQ always (not for a sample); stock unless the product is made to order. ``also``: the quantity of the
    variant's other line in the cart (a sample line beside a normal one), which takes from the same stock."""
    product = variant.product
    if not sample and quantity < product.min_order_quantity:
        raise DomainError(
            _("The minimum order for %(name)s is %(moq)s.") % {"name": product.name, "moq": product.min_order_quantity},
            code="below_moq",
            field="quantity",
        )
    if not product.made_to_order and quantity + also > variant.stock:
        if variant.stock == 0 or variant.stock <= also:
            raise ConflictError(_("%(name)s is out of stock.") % {"name": variant}, code="out_of_stock")
        raise ConflictError(
            _("Only %(stock)s of %(name)s left in stock.") % {"stock": variant.stock - also, "name": variant},
            code="out_of_stock",
        )


def _public_variant(variant_id: Any) -> Variant:
    try:
        if isinstance(variant_id, float) and not variant_id.is_integer():
            raise ValueError(variant_id)  # 1.5 is not variant 1
        pk = int(variant_id)
        if not -(2**63) <= pk < 2**63:
            raise ValueError(variant_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("This product is not available."), field="variant")
    variant = (
        Variant.objects.select_related("product__artisan").filter(pk=pk, product__in=Product.objects.public()).first()
    )
    if variant is None:
        raise NotFound(_("This product is not available."), field="variant")
    return variant


def cart_get_or_create(*, user: Any = None, token: Any = None) -> Cart:
    """The signed-in buyer's cart, or the anonymous cart of ``token`` (a new one when it is unknown)."""
    if user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).first()
        if cart is None:
            try:
                with transaction.atomic():
                    cart = Cart.objects.create(user=user)
            except IntegrityError:  # two first requests at once
                cart = Cart.objects.get(user=user)
        return cart
    if token and _is_uuid(token):
        cart = Cart.objects.filter(token=token, user__isnull=True).first()
        if cart is not None:
            return cart
    return Cart.objects.create()


@transaction.atomic
def cart_line_add(*, cart: Cart, variant_id: Any, quantity: Any) -> CartLine:
    """Add ``quantity`` of a public variant (added to an existing line). Remembers today's price for the line."""
    qty = parse_quantity(quantity)
    variant = _public_variant(variant_id)
    lock_cart(cart.pk)  # one change to a cart at a time: two first adds of a variant cannot both insert
    line = CartLine.objects.filter(cart=cart, variant=variant, is_sample=False).first()
    total = qty + (line.quantity if line else 0)
    check_quantity(variant=variant, quantity=total, also=_other_line_quantity(cart, variant, is_sample=False))
    if line is None:
        line = CartLine(cart=cart, variant=variant, quantity=total)
    _reprice(line, variant=variant, quantity=total, buyer_id=cart.user_id)
    line.save()
    line.variant = variant
    return line


def _other_line_quantity(cart: Cart, variant: Variant, *, is_sample: bool) -> int:
    """The quantity of the variant's line of the other kind (sample or normal) in the cart."""
    other = CartLine.objects.filter(cart=cart, variant=variant, is_sample=not is_sample).first()
    return other.quantity if other else 0


@transaction.atomic
def cart_sample_add(*, cart: Cart, variant_id: Any, quantity: Any = 1) -> CartLine:
    """Add a sample of a public variant whose product offers samples, for a signed-in buyer: its own line (beside
    any normal line of the variant) at the sample price, no MOQ, at most the offer's units per buyer over the
    cart and their orders (``samples.check_sample_quantity``); stock counts both lines of the variant."""
    qty = parse_quantity(quantity)
    variant = _public_variant(variant_id)
    offer = wholesale.sample_offer(variant.product)
    if offer is None:
        raise ConflictError(_("%(name)s has no samples.") % {"name": variant.product.name}, code="no_samples")
    lock_cart(cart.pk)
    line = CartLine.objects.filter(cart=cart, variant=variant, is_sample=True).first()
    total = qty + (line.quantity if line else 0)
    samples.check_sample_quantity(
        offer=offer,
        buyer=cart.user_id,
        cart_id=cart.pk,
        quantity=total,
        exclude_line=line.pk if line else None,
        adding_to=line.quantity if line else 0,
    )
    check_quantity(
        variant=variant, quantity=total, also=_other_line_quantity(cart, variant, is_sample=True), sample=True
    )
    if line is None:
        line = CartLine(cart=cart, variant=variant, is_sample=True, list_price=variant.price)
    line.quantity = total
    line.unit_price = offer.price
    line.tier_quantity = None
    line.save()
    line.variant = variant
    return line


def _reprice(line: CartLine, *, variant: Variant, quantity: int, buyer_id: int | None) -> None:
    """Set the line's quantity and the price it remembers: the quantity price tier (catalog.wholesale) follows
    the quantity of this variant alone; see ``wholesale.remembered_price`` for what a change keeps."""
    current = wholesale.prices_for([(variant, quantity)], buyer_id=buyer_id)[0]
    new_line = line.pk is None
    line.unit_price = wholesale.remembered_price(
        current=current,
        unit_price=None if new_line else line.unit_price,
        tier_quantity=line.tier_quantity,
        list_price=line.list_price,
    )
    if new_line:
        line.list_price = variant.price
    line.quantity = quantity
    line.tier_quantity = current.tier_quantity


def _line(cart: Cart, line_id: Any) -> CartLine:
    line = (
        CartLine.objects.select_for_update(of=("self",))
        .select_related("variant__product__artisan")
        .filter(cart=cart, public_id=str(line_id))
        .first()
        if _is_uuid(line_id)
        else None
    )
    if line is None:
        raise NotFound(_("This item is not in your cart."))
    return line


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic
def cart_line_update(*, cart: Cart, line_id: Any, quantity: Any) -> CartLine:
    """Set a line's quantity (MOQ and stock checked); the line's remembered price does not change."""
    qty = parse_quantity(quantity)
    line = _line(cart, line_id)
    if not Product.objects.public().filter(pk=line.variant.product_id).exists():
        raise ConflictError(_("%(name)s is no longer available.") % {"name": line.variant}, code="unavailable")
    if line.is_sample:
        offer = wholesale.sample_offer(line.variant.product)
        if offer is None:
            raise ConflictError(_("%(name)s has no samples.") % {"name": line.variant.product.name}, code="no_samples")
        samples.check_sample_quantity(
            offer=offer, buyer=cart.user_id, cart_id=cart.pk, quantity=qty, exclude_line=line.pk
        )
        check_quantity(
            variant=line.variant,
            quantity=qty,
            also=_other_line_quantity(cart, line.variant, is_sample=True),
            sample=True,
        )
        line.quantity = qty  # a sample keeps its remembered sample price
        line.save(update_fields=["quantity"])
        return line
    check_quantity(variant=line.variant, quantity=qty, also=_other_line_quantity(cart, line.variant, is_sample=False))
    _reprice(line, variant=line.variant, quantity=qty, buyer_id=cart.user_id)
    line.save(update_fields=["quantity", "unit_price", "tier_quantity"])
    return line


@transaction.atomic
def cart_line_remove(*, cart: Cart, line_id: Any) -> None:
    _line(cart, line_id).delete()


@transaction.atomic
def cart_confirm_prices(*, cart: Cart) -> int:
    """The buyer accepted today's prices: every line remembers the current price at its quantity (its quantity
    price tier, if any, for this buyer; a sample line its offer's price). Returns how many changed."""
    changed = _confirm_sample_prices(cart)
    lines = list(cart.lines.filter(is_sample=False).select_related("variant__product"))
    prices = wholesale.prices_for([(line.variant, line.quantity) for line in lines], buyer_id=cart.user_id)
    for line, price in zip(lines, prices, strict=True):
        if (line.unit_price, line.tier_quantity, line.list_price) != (
            price.unit_price,
            price.tier_quantity,
            price.list_price,
        ):
            changed += line.unit_price != price.unit_price
            line.unit_price, line.tier_quantity, line.list_price = (
                price.unit_price,
                price.tier_quantity,
                price.list_price,
            )
            line.save(update_fields=["unit_price", "tier_quantity", "list_price"])
    return changed


def _confirm_sample_prices(cart: Cart) -> int:
    changed = 0
    lines = list(cart.lines.filter(is_sample=True).select_related("variant__product"))
    offers = wholesale.sample_offers(line.variant.product_id for line in lines)
    for line in lines:
        offer = offers.get(line.variant.product_id)
        if offer is not None and offer.price != line.unit_price:
            line.unit_price = offer.price
            line.save(update_fields=["unit_price"])
            changed += 1
    return changed


@transaction.atomic
def cart_merge(*, user: Any, token: Any) -> Cart:
    """Move the anonymous cart of ``token`` into ``user``'s cart, then delete it.

    Same variant in both: quantities add up, capped at stock (not for made-to-order), and the buyer's own line
    keeps its remembered price. Lines of products no longer public are dropped.
    """
    user_cart = cart_get_or_create(user=user)
    anon = (
        Cart.objects.select_for_update().filter(token=token, user__isnull=True).first()
        if token and _is_uuid(token)
        else None
    )
    if anon is None or anon.pk == user_cart.pk:
        return user_cart
    # Anonymous carts hold no samples (a sample needs a signed-in buyer).
    existing = {line.variant_id: line for line in user_cart.lines.select_for_update().filter(is_sample=False)}
    public = set(
        Product.objects.public().filter(variants__in=anon.lines.values("variant")).values_list("pk", flat=True)
    )
    for line in anon.lines.filter(is_sample=False).select_related("variant__product"):
        product = line.variant.product
        if product.pk not in public:
            continue
        mine = existing.get(line.variant_id)
        quantity = line.quantity + (mine.quantity if mine else 0)
        if not product.made_to_order:
            quantity = min(quantity, line.variant.stock)
        if quantity < 1:
            continue
        if mine is None:
            CartLine.objects.create(
                cart=user_cart,
                variant=line.variant,
                quantity=quantity,
                unit_price=line.unit_price,
                list_price=line.list_price,
                tier_quantity=line.tier_quantity,
            )
        elif mine.quantity != quantity:
            _reprice(mine, variant=line.variant, quantity=quantity, buyer_id=user.pk)
            mine.save(update_fields=["quantity", "unit_price", "tier_quantity"])
    anon.delete()
    return user_cart
