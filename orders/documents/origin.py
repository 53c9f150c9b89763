"""Origin rules: which destination gets which origin scheme (the OriginScheme table), and what the documents
print because of it."""

from __future__ import annotations

from typing import Any

from orders.models import Order

from .models import OriginScheme
from .origin_table import DEFAULT_AGREEMENT, DEFAULT_FORM


def scheme_for(country: str) -> OriginScheme:
    """The destination's row, or an unsaved non-preferential one (Form B) for a country the table does not list."""
    found = OriginScheme.objects.filter(country=country).first()
    if found is not None:
        return found
    return OriginScheme(
        country=country,
        country_name=country,
        scheme=OriginScheme.Scheme.CERTIFICATE,
        agreement=DEFAULT_AGREEMENT,
        form=DEFAULT_FORM,
    )


def destination_name(code: str) -> str:
    """The English name of a destination country (its ISO code where the table does not list it)."""
    return OriginScheme.objects.filter(country=code).values_list("country_name", flat=True).first() or code


def add_origin_data(order: Order, data: dict[str, Any], errors: list[str]) -> None:
    """Add what the destination's origin scheme prints on ``data`` (the statement on origin comes next)."""
