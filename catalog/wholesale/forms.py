"""The studio's tier rows: one fieldset per variant with up to MAX_TIERS rows (quantity, price, business only),
posted together; blank rows are ignored, half-filled ones are refused at their row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from craftmarket.common.validators import int_bounds

from .models import MAX_TIERS, PriceTier, SampleOffer
from .services import SampleInput, TierInput


@dataclass
class TierRowInput:
    n: int
    quantity: str = ""
    price: str = ""
    business_only: bool = False
    hidden: bool = False


@dataclass
class VariantLadder:
    variant: Any
    rows: list[TierRowInput] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _name(variant_id: int, n: int, part: str) -> str:
    return f"tier-{variant_id}-{n}-{part}"


def _whole(raw: str) -> int | str:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 15 else raw


class TierLadderForm:
    """Not a Django form: a small set of repeated rows per variant, parsed into ``TierInput`` ladders for
    ``catalog.wholesale.services.product_tiers_set``."""

    def __init__(self, *, variants: list[Any], data: Any = None, product: Any = None) -> None:
        self.data = data
        self.ladders: list[VariantLadder] = []
        self.capacity_errors: list[str] = []
        if data is not None:
            self.capacity = str(data.get("monthly_capacity", "")).strip()
        else:
            capacity = getattr(product, "monthly_capacity", None)
            self.capacity = str(capacity) if capacity else ""
        existing: dict[int, list[PriceTier]] = {}
        if data is None:
            for tier in PriceTier.objects.filter(variant__in=variants).order_by("min_quantity"):
                existing.setdefault(tier.variant_id, []).append(tier)
        for variant in variants:
            ladder = VariantLadder(variant)
            for n in range(1, MAX_TIERS + 1):
                if data is not None:
                    row = TierRowInput(
                        n,
                        data.get(_name(variant.pk, n, "qty"), "").strip(),
                        data.get(_name(variant.pk, n, "price"), "").strip(),
                        bool(data.get(_name(variant.pk, n, "biz"))),
                    )
                else:
                    tiers = existing.get(variant.pk, [])
                    tier = tiers[n - 1] if n <= len(tiers) else None
                    row = TierRowInput(
                        n,
                        str(tier.min_quantity) if tier else "",
                        str(tier.unit_price) if tier else "",
                        tier.business_only if tier else False,
                    )
                ladder.rows.append(row)
            # Filled rows and one empty row show; "Add a tier" reveals the next one in place.
            filled = max((r.n for r in ladder.rows if r.quantity or r.price), default=0)
            for row in ladder.rows:
                row.hidden = row.n > filled + 1
            self.ladders.append(ladder)

    def tiers(self) -> dict[int, list[TierInput]] | None:
        """Variant id → ladder, or None after recording the rows' errors (then nothing may be saved)."""
        result: dict[int, list[TierInput]] = {}
        ok = True
        for ladder in self.ladders:
            inputs = []
            for row in ladder.rows:
                if not row.quantity and not row.price:
                    continue
                if not row.quantity or not row.price:
                    ladder.errors.append(_("Tier %(n)s: enter both the quantity and the price.") % {"n": row.n})
                    ok = False
                    continue
                inputs.append(TierInput(_whole(row.quantity), _whole(row.price), row.business_only))
            result[ladder.variant.pk] = inputs
        return result if ok else None

    def monthly_capacity(self) -> int | str | None:
        """The posted capacity: None when empty, a whole number, or the raw text (the service refuses it)."""
        return _whole(self.capacity) if self.capacity else None

    def add_errors(self, messages: list[str]) -> None:
        """Service messages (``ValidationError`` on ``tiers``) shown at the tier fieldset."""
        target = self.ladders[0] if len(self.ladders) == 1 else None
        for message in messages:
            if target is None:
                target_ladder = next(
                    (ld for ld in self.ladders if ld.variant.name and message.startswith(f"{ld.variant.name}: ")),
                    self.ladders[0],
                )
                target_ladder.errors.append(message)
            else:
                target.errors.append(message)


class SampleOfferForm(forms.Form):
    """The studio's sample terms of a product. The field ranges follow the model's (``int_bounds``); the service
    checks every rule again and its messages come back at the fields. "Offer samples" unticked withdraws them."""

    offered = forms.BooleanField(label=_lazy("Offer samples of this product"), required=False)
    price = forms.IntegerField(
        label=_lazy("Sample price each (Rp)"), required=False, **int_bounds(SampleOffer, "price")
    )
    max_units = forms.IntegerField(
        label=_lazy("Samples per buyer"),
        required=False,
        initial=1,
        help_text=_lazy("1 to 3 pieces, over all of a buyer's sample orders of this product."),
        **int_bounds(SampleOffer, "max_units"),
    )
    lead_days = forms.IntegerField(
        label=_lazy("Sample lead time (days)"), required=False, initial=3, **int_bounds(SampleOffer, "lead_days")
    )
    credit_on_wholesale = forms.BooleanField(
        label=_lazy("Credit the sample price when the buyer later orders in wholesale quantity"), required=False
    )

    # The product edit page has other forms with "price" fields: a prefix keeps the ids (and labels) apart.
    prefix = "sample"

    def __init__(self, *args: Any, offer: SampleOffer | None = None, **kwargs: Any) -> None:
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "offered": True,
                "price": offer.price,
                "max_units": offer.max_units,
                "lead_days": offer.lead_days,
                "credit_on_wholesale": offer.credit_on_wholesale,
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("offered") and not self.errors:
            for name in ("price", "max_units", "lead_days"):
                if data.get(name) is None:
                    self.add_error(name, _("Required when samples are offered."))
        return data

    def sample(self) -> SampleInput | None:
        """The terms for ``product_sample_set`` (None: withdraw); call after ``is_valid``."""
        data = self.cleaned_data
        if not data.get("offered"):
            return None
        return SampleInput(
            price=data["price"],
            max_units=data["max_units"],
            lead_days=data["lead_days"],
            credit_on_wholesale=bool(data.get("credit_on_wholesale")),
        )
