"""Money is whole rupiah as integers; this module only formats it for people."""

from __future__ import annotations

CURRENCY = "IDR"


def format_idr(amount: int | None) -> str:
    """``1250000`` -> ``"Rp 1.250.000"`` (dot as the thousands separator, as Indonesians write it)."""
    if amount is None:
        return ""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("Rupiah amounts are integers.")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")
