"""Writes of quantity price tiers. Every write replaces a variant's whole ladder in one transaction, after checking
every rule, and refreshes the product's stored "lowest tier" columns that cards read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Product, Variant
from catalog.selectors import catalog_changed
from craftmarket.common.errors import NotFound
from craftmarket.common.money import format_idr
from craftmarket.common.validators import int_field_errors

from .models import MAX_TIERS, SAMPLE_LEAD_DAYS_MAX, SAMPLE_MAX_UNITS, PriceTier, SampleOffer


@dataclass(frozen=True)
class TierInput:
    min_quantity: Any
    unit_price: Any
    business_only: bool = False


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def tier_errors(*, tiers: Sequence[TierInput], list_price: int, moq: int) -> list[str]:
    """Every broken rule of one variant's ladder, in the artisan's words; empty when it is fine. The rules: at
    most ``MAX_TIERS``; whole quantities from 2 and prices from Rp 1 within the columns' ranges; every tier at or
    above the minimum order; quantities strictly increasing and prices strictly decreasing in the order given;
    the first tier's price below the variant's normal price (a tier is a discount)."""
    errors: list[str] = []
    if len(tiers) > MAX_TIERS:
        errors.append(_("At most %(max)s price tiers per variant.") % {"max": MAX_TIERS})
    previous: TierInput | None = None
    for n, tier in enumerate(tiers, start=1):
        row = _("Tier %(n)s") % {"n": n}
        q_ok = p_ok = True
        if not _is_int(tier.min_quantity):
            errors.append(_("%(row)s: enter the quantity as a whole number.") % {"row": row})
            q_ok = False
        elif tier.min_quantity < 2:
            errors.append(_("%(row)s: a tier starts at 2 pieces or more.") % {"row": row})
            q_ok = False
        elif messages := int_field_errors(PriceTier, "min_quantity", tier.min_quantity):
            errors.extend(f"{row}: {m}" for m in messages)
            q_ok = False
        if not _is_int(tier.unit_price) or tier.unit_price <= 0:
            errors.append(_("%(row)s: enter a price above zero, in whole rupiah.") % {"row": row})
            p_ok = False
        elif messages := int_field_errors(PriceTier, "unit_price", tier.unit_price):
            errors.extend(f"{row}: {m}" for m in messages)
            p_ok = False
        if q_ok and tier.min_quantity < moq:
            errors.append(
                _("%(row)s starts at %(q)s pieces, below the minimum order (%(moq)s).")
                % {"row": row, "q": tier.min_quantity, "moq": moq}
            )
        if p_ok and n == 1 and tier.unit_price >= list_price:
            errors.append(
                _("%(row)s: the price must be lower than the normal price (%(price)s).")
                % {"row": row, "price": format_idr(list_price)}
            )
        if previous is not None:
            if q_ok and _is_int(previous.min_quantity) and tier.min_quantity <= previous.min_quantity:
                errors.append(
                    _("%(row)s: the quantity must be more than the tier before (%(q)s).")
                    % {"row": row, "q": previous.min_quantity}
                )
            if p_ok and _is_int(previous.unit_price) and tier.unit_price >= previous.unit_price:
                errors.append(
                    _("%(row)s: the price must be lower than the tier before (%(price)s).")
                    % {"row": row, "price": format_idr(previous.unit_price)}
                )
        previous = tier
    return errors


def _require_owner(product: Product, by: Any) -> None:
    artisan = getattr(by, "artisan", None) if by is not None else None
    if artisan is None or artisan.pk != product.artisan_id:
        raise NotFound(_("Product not found."))


KEEP = object()


def capacity_errors(value: Any) -> list[str]:
    if value is None:
        return []
    if not _is_int(value) or value < 1:
        return [_("Enter the pieces you can make in a month, 1 or more (or leave it empty).")]
    return int_field_errors(Product, "monthly_capacity", value)


def product_tiers_set(
    *, product: Product, by: Any, tiers: Mapping[int, Sequence[TierInput]], monthly_capacity: Any = KEEP
) -> None:
    """Replace the price tiers of the given variants (variant id → ladder; an empty ladder removes them) as the
    product's owner, and its monthly capacity when given (None clears it). Every ladder is checked before anything
    is written: one broken rule anywhere raises a ``ValidationError`` on ``tiers`` (or ``monthly_capacity``) and
    writes nothing. Refreshes the product's stored lowest tier."""
    _require_owner(product, by)
    if monthly_capacity is not KEEP and (problems := capacity_errors(monthly_capacity)):
        raise ValidationError({"monthly_capacity": problems})
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        if monthly_capacity is not KEEP and monthly_capacity != product.monthly_capacity:
            product.monthly_capacity = monthly_capacity
            product.save(update_fields=["monthly_capacity", "updated_at"])
        variants = {v.pk: v for v in Variant.objects.filter(product=product)}
        if set(tiers) - set(variants):
            raise ValidationError({"tiers": [_("Unknown variant.")]})
        errors: list[str] = []
        for variant_id, ladder in tiers.items():
            variant = variants[variant_id]
            prefix = f"{variant.name}: " if variant.name and len(tiers) > 1 else ""
            errors.extend(
                prefix + m for m in tier_errors(tiers=ladder, list_price=variant.price, moq=product.min_order_quantity)
            )
        if errors:
            raise ValidationError({"tiers": errors})
        PriceTier.objects.filter(variant_id__in=list(tiers)).delete()
        PriceTier.objects.bulk_create(
            [
                PriceTier(
                    variant_id=variant_id,
                    min_quantity=t.min_quantity,
                    unit_price=t.unit_price,
                    business_only=bool(t.business_only),
                )
                for variant_id, ladder in tiers.items()
                for t in ladder
            ]
        )
        product_wholesale_refresh(product=product)


def variant_tiers_set(*, variant: Variant, by: Any, tiers: Sequence[TierInput]) -> None:
    """``product_tiers_set`` for one variant."""
    product_tiers_set(product=variant.product, by=by, tiers={variant.pk: tiers})


def product_wholesale_refresh(*, product: Product) -> Product:
    """Store the cheapest tier open to everyone (price and quantity) and whether business-only tiers exist on
    the product, so cards and filters read columns instead of a query per product. Call inside the transaction
    that changed the tiers."""
    rows = list(
        PriceTier.objects.filter(variant__product=product).values("unit_price", "min_quantity", "business_only")
    )
    public = [r for r in rows if not r["business_only"]]
    cheapest = min(public, key=lambda r: (r["unit_price"], r["min_quantity"])) if public else None
    product.wholesale_price = cheapest["unit_price"] if cheapest else None
    product.wholesale_quantity = cheapest["min_quantity"] if cheapest else None
    product.wholesale_business_only = any(r["business_only"] for r in rows)
    product.save(update_fields=["wholesale_price", "wholesale_quantity", "wholesale_business_only", "updated_at"])
    catalog_changed()
    return product


@dataclass(frozen=True)
class SampleInput:
    price: Any
    max_units: Any = 1
    lead_days: Any = 3
    credit_on_wholesale: bool = False


def sample_errors(*, sample: SampleInput) -> dict[str, list[str]]:
    """Every broken rule of a sample offer, per field, in the artisan's words; empty when it is fine: a price
    above zero, 1 to ``SAMPLE_MAX_UNITS`` units per buyer, a lead time of 0 to ``SAMPLE_LEAD_DAYS_MAX`` days."""
    errors: dict[str, list[str]] = {}
    if not _is_int(sample.price) or sample.price <= 0:
        errors["price"] = [_("Enter a sample price above zero, in whole rupiah.")]
    elif messages := int_field_errors(SampleOffer, "price", sample.price):
        errors["price"] = messages
    if not _is_int(sample.max_units) or not 1 <= sample.max_units <= SAMPLE_MAX_UNITS:
        errors["max_units"] = [_("A buyer may order 1 to %(max)s samples.") % {"max": SAMPLE_MAX_UNITS}]
    if not _is_int(sample.lead_days) or not 0 <= sample.lead_days <= SAMPLE_LEAD_DAYS_MAX:
        errors["lead_days"] = [_("Enter the sample lead time in days, 0 to %(max)s.") % {"max": SAMPLE_LEAD_DAYS_MAX}]
    return errors


def product_sample_set(*, product: Product, by: Any, sample: SampleInput | None) -> SampleOffer | None:
    """Offer (or change) a sample of ``product`` as its owner, or withdraw it with ``sample=None``. Every rule is
    checked first: a broken one raises a ``ValidationError`` per field and writes nothing."""
    _require_owner(product, by)
    if sample is None:
        with transaction.atomic():
            SampleOffer.objects.filter(product=product).delete()
            catalog_changed()
        return None
    if errors := sample_errors(sample=sample):
        raise ValidationError(errors)
    with transaction.atomic():
        offer, _created = SampleOffer.objects.update_or_create(
            product=product,
            defaults={
                "price": sample.price,
                "max_units": sample.max_units,
                "lead_days": sample.lead_days,
                "credit_on_wholesale": bool(sample.credit_on_wholesale),
            },
        )
        catalog_changed()
    return offer
