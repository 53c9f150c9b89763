"""The exchange rate a request or quote revision stores when the buyer works in a display currency."""

from __future__ import annotations

from decimal import Decimal

from craftmarket.currency.selectors import current_rate


def display_rate(currency: str) -> Decimal | None:
    """IDR per one unit of ``currency`` today (craftmarket.currency), or None when it has no fresh rate.

    Callers store the value on the row they write, so a quote shown in the buyer's currency keeps the rate of its
    revision even after the table moves on.
    """
    if not currency:
        return None
    if currency.upper() == "IDR":
        return Decimal(1)
    rate = current_rate(currency.upper())
    return rate.idr_per_unit if rate else None
