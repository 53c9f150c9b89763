"""The display-currency rate of the day, for RFQ target prices and quote revisions."""

from __future__ import annotations

from decimal import Decimal


def display_rate(currency: str) -> Decimal | None:
    """IDR per one unit of ``currency`` today, or None when unknown.

    Returns None for now: it reads ``craftmarket.currency`` (issue 15, display currencies and exchange rates) once
    that lands. Callers store the value on the row they write, so a quote shown in the buyer's currency keeps the
    rate of its revision.
    """
    if not currency or currency.upper() == "IDR":
        return Decimal(1) if currency else None
    return None
