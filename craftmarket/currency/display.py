"""Which currency a page shows prices in, and the figures it shows.

A request's display currency: the chooser's cookie, else the account setting, else the default of the page's
language (``DISPLAY_CURRENCY_BY_LANGUAGE``: English -> USD, Indonesian -> IDR). A currency whose rate is missing or
stale is still the buyer's choice, but is shown with a notice and no converted figures: never a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from craftmarket.common.errors import DomainError
from craftmarket.common.money import format_idr

from .money import IDR, convert_at, format_amount
from .selectors import current_rate, latest_rates


def currencies() -> list[str]:
    return list(settings.DISPLAY_CURRENCIES)


def check_currency(code: Any, *, field: str = "currency") -> str:
    """``code`` upper-cased if it is one of ``DISPLAY_CURRENCIES``; otherwise a DomainError naming ``field``."""
    value = str(code or "").strip().upper()
    if value not in currencies():
        raise DomainError(
            _("Unknown currency “%(code)s”: choose one of %(codes)s.")
            % {"code": str(code)[:10], "codes": ", ".join(currencies())},
            code="unknown_currency",
            field=field,
        )
    return value


def default_for_language(language: str | None) -> str:
    code = settings.DISPLAY_CURRENCY_BY_LANGUAGE.get((language or "").split("-")[0], IDR)
    return code if code in currencies() else IDR


def convert(amount_idr: int, currency: str) -> Decimal | None:
    """``amount_idr`` in ``currency`` at today's rate; ``None`` when the rate is missing or stale."""
    if currency == IDR:
        return Decimal(amount_idr)
    rate = current_rate(currency)
    if rate is None:
        return None
    return convert_at(amount_idr, currency=currency, idr_per_unit=rate.idr_per_unit)


@dataclass(frozen=True)
class DisplayCurrency:
    """A currency with the rate figures are shown at (``None``: none shown)."""

    code: str
    idr_per_unit: Decimal | None = None
    rate_date: date | None = None

    @property
    def is_idr(self) -> bool:
        return self.code == IDR

    @property
    def unavailable(self) -> bool:
        """Another currency than rupiah, but no usable rate: the page says so and shows rupiah only."""
        return not self.is_idr and self.idr_per_unit is None

    def convert(self, amount_idr: int) -> Decimal | None:
        if self.is_idr or self.idr_per_unit is None:
            return None
        return convert_at(amount_idr, currency=self.code, idr_per_unit=self.idr_per_unit)

    def format(self, amount_idr: int | None, *, language: str | None = None) -> str:
        """``"≈ $27.40 · Rp 440.000"``, or the rupiah alone (IDR chosen, or no usable rate)."""
        if amount_idr in (None, ""):
            return ""
        amount_idr = int(amount_idr)
        rupiah = format_idr(amount_idr)
        converted = self.convert(amount_idr)
        if converted is None:
            return rupiah
        return f"≈ {format_amount(converted, self.code, language=language)} · {rupiah}"


def display_currency(code: str) -> DisplayCurrency:
    """``code`` with today's usable rate (or none: stale, missing)."""
    if code == IDR:
        return DisplayCurrency(IDR)
    rate = latest_rates().get(code)
    if rate is None:
        return DisplayCurrency(code)
    if rate.is_stale():
        return DisplayCurrency(code, rate_date=rate.rate_date)
    return DisplayCurrency(code, idr_per_unit=rate.idr_per_unit, rate_date=rate.rate_date)


def snapshot_currency(code: str | None, idr_per_unit: Any, rate_date: Any = None) -> DisplayCurrency:
    """The currency and rate a purchase stored when it was made (so an invoice shows what the buyer saw)."""
    if not code or code == IDR or idr_per_unit in (None, ""):
        return DisplayCurrency(code or IDR)
    try:
        rate = Decimal(str(idr_per_unit))
    except ArithmeticError:
        return DisplayCurrency(code)
    if not rate > 0:
        return DisplayCurrency(code)
    day = date.fromisoformat(rate_date) if isinstance(rate_date, str) and rate_date else rate_date
    return DisplayCurrency(code, idr_per_unit=rate, rate_date=day)


def currency_code_for_request(request: Any) -> str:
    """Cookie, else account setting, else the page language's default."""
    cookie = request.COOKIES.get(settings.CURRENCY_COOKIE_NAME, "")
    if cookie in currencies():
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "display_currency", "") in currencies():
        return user.display_currency
    return default_for_language(translation.get_language())


def cache_token(shown: DisplayCurrency | None) -> str:
    """What a cached page part with prices depends on: the currency and the rate it was shown at."""
    if shown is None:
        return ""
    return f"{shown.code}:{shown.idr_per_unit or ''}"


def converted_out(shown: DisplayCurrency | None, amount_idr: int | None) -> dict[str, Any] | None:
    """The API's ``price_converted``: ``None`` without ``?currency=``, for IDR, or with no usable rate."""
    if shown is None or amount_idr is None:
        return None
    converted = shown.convert(int(amount_idr))
    if converted is None:
        return None
    return {
        "currency": shown.code,
        "amount": str(converted),
        "display": format_amount(converted, shown.code),
        "rate_date": shown.rate_date.isoformat() if shown.rate_date else None,
        "approximate": True,
    }
