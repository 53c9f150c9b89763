from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Variant
from craftmarket.common.validators import PRICE_MAX, QUANTITY_MAX, int_range

# An artisan sets at most this many tiers per variant (the limit: short enough for a phone).
MAX_TIERS = 5


class PriceTier(models.Model):
    """ "From ``min_quantity`` pieces, ``unit_price`` each": the price of the whole cart line of a variant whose
    quantity reaches ``min_quantity``. Writes go through ``catalog.wholesale.services.variant_tiers_set``, which
    keeps the rules between the rows of one variant (quantities up, prices down, at or above the MOQ, below the
    variant's price, at most ``MAX_TIERS``)."""

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="tiers", verbose_name=_("variant"))
    min_quantity = models.PositiveIntegerField(_("from quantity"), validators=int_range(2, QUANTITY_MAX))
    unit_price = models.BigIntegerField(_("unit price (IDR)"), validators=int_range(1, PRICE_MAX))
    business_only = models.BooleanField(_("verified business buyers only"), default=False)

    class Meta:
        verbose_name = _("price tier")
        verbose_name_plural = _("price tiers")
        ordering = ["variant", "min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "min_quantity"], name="tier_one_per_quantity"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="tier_price_positive"),
            models.CheckConstraint(condition=Q(min_quantity__gte=2), name="tier_quantity_at_least_two"),
        ]

    def __str__(self) -> str:
        return f"{self.variant} ≥ {self.min_quantity}: {self.unit_price}"


# A sample: at most this many units per buyer and product (the issue: 1–3).
SAMPLE_MAX_UNITS = 3
SAMPLE_LEAD_DAYS_MAX = 365


class SampleOffer(models.Model):
    """An artisan's offer of a sample of a product: any variant, at ``price`` each, at most ``max_units`` per
    buyer over all their sample orders of the product, made or sent within ``lead_days``. With
    ``credit_on_wholesale`` the sample's price is credited when the same buyer later orders the product in
    wholesale quantity. Writes go through ``catalog.wholesale.services.product_sample_set``."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, related_name="sample_offer", verbose_name=_("product")
    )
    price = models.BigIntegerField(_("sample price each (IDR)"), validators=int_range(1, PRICE_MAX))
    max_units = models.PositiveSmallIntegerField(
        _("samples per buyer"), default=1, validators=int_range(1, SAMPLE_MAX_UNITS)
    )
    lead_days = models.PositiveSmallIntegerField(
        _("sample lead time (days)"), default=3, validators=int_range(0, SAMPLE_LEAD_DAYS_MAX)
    )
    credit_on_wholesale = models.BooleanField(_("credit the sample on a wholesale order"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sample offer")
        verbose_name_plural = _("sample offers")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="sample_price_positive"),
            models.CheckConstraint(condition=Q(max_units__gte=1, max_units__lte=3), name="sample_units_1_to_3"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.max_units} × {self.price}"
