"""The studio's tier rows: one fieldset per variant with up to MAX_TIERS rows (quantity, price, business only),
posted together; blank rows are ignored, half-filled ones are refused at their row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .models import MAX_TIERS, PriceTier
from .services import TierInput


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
