"""Converting and formatting display amounts. The one rounding rule, everywhere:

    converted = rupiah ÷ (rupiah per unit), rounded ROUND_HALF_UP to the currency's ISO 4217 minor units
    (Babel's ``get_currency_precision``: USD 2, JPY 0, KWD 3), in ``Decimal`` arithmetic, never floats.

Formatting is Babel's (CLDR): symbol, separators and minor units follow the currency and the page's language.
The rupiah amount keeps the project's own ``Rp 1.250.000`` (``craftmarket.common.money.format_idr``): rupiah are
whole here, while ISO 4217 (and so Babel) would print two decimals of sen that nobody uses.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_currency, get_currency_precision
from django.utils import translation

IDR = "IDR"
# The page languages and the CLDR locales that format for them.
BABEL_LOCALES = {"id": "id_ID", "en": "en"}


def minor_units(currency: str) -> int:
    """Digits after the decimal point for ``currency`` per ISO 4217 (CLDR data): JPY 0, USD 2, KWD 3."""
    return get_currency_precision(currency)


def convert_at(amount_idr: int, *, currency: str, idr_per_unit: Decimal) -> Decimal:
    """``amount_idr`` rupiah in ``currency`` at ``idr_per_unit``, with the one rounding rule (module docstring)."""
    if isinstance(amount_idr, bool) or not isinstance(amount_idr, int):
        raise TypeError("Rupiah amounts are integers.")
    if not isinstance(idr_per_unit, Decimal) or not idr_per_unit > 0:
        raise ValueError("A rate is a positive Decimal.")
    if currency == IDR:
        return Decimal(amount_idr)
    exponent = Decimal(1).scaleb(-minor_units(currency))
    with localcontext() as ctx:
        ctx.prec = 50  # ample for BIGINT rupiah over a 6-decimal rate; quantize then rounds once
        return (Decimal(amount_idr) / idr_per_unit).quantize(exponent, rounding=ROUND_HALF_UP)


def babel_locale(language: str | None = None) -> str:
    language = (language or translation.get_language() or "id").split("-")[0]
    return BABEL_LOCALES.get(language, "en")


def format_amount(amount: Decimal, currency: str, *, language: str | None = None) -> str:
    """``Decimal("27.40"), "USD"`` -> ``"$27.40"`` on English pages, ``"US$27,40"`` on Indonesian ones."""
    return format_currency(amount, currency, locale=babel_locale(language))
