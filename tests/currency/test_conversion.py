"""Conversion and rounding per currency (one rule: ROUND_HALF_UP to ISO 4217 minor units), formatting by the
page's language through Babel, and the stale rule."""

from decimal import Decimal

import pytest
from django.test import override_settings

from craftmarket.currency.display import DisplayCurrency, convert, display_currency
from craftmarket.currency.money import convert_at, format_amount, minor_units
from craftmarket.currency.selectors import latest_rates
from craftmarket.currency.services import exchange_rate_delete
from tests.currency.helpers import set_rate


@pytest.mark.parametrize(
    ("amount", "currency", "rate", "expected"),
    [
        (440_000, "USD", "16000", Decimal("27.50")),
        (1, "USD", "200", Decimal("0.01")),  # 0.005: half up, not to even
        (3, "USD", "200", Decimal("0.02")),  # 0.015 -> 0.02
        (440_000, "JPY", "108.96", Decimal("4038")),  # no minor unit
        (250, "JPY", "100", Decimal("3")),  # 2.5 -> 3 (half even would give 2)
        (150, "JPY", "100", Decimal("2")),
        (1, "KWD", "2000", Decimal("0.001")),  # three minor units: 0.0005 -> 0.001
        (1_250_000, "EUR", "17016.135", Decimal("73.46")),
        (0, "GBP", "20485.22", Decimal("0.00")),
    ],
)
def test_rounding_is_half_up_to_the_currencys_minor_units(amount, currency, rate, expected):
    result = convert_at(amount, currency=currency, idr_per_unit=Decimal(rate))
    assert result == expected
    assert result.as_tuple().exponent == -minor_units(currency)


def test_minor_units_come_from_iso_4217():
    assert (minor_units("USD"), minor_units("JPY"), minor_units("KWD")) == (2, 0, 3)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        convert_at(1.5, currency="USD", idr_per_unit=Decimal("16000"))
    with pytest.raises(ValueError):
        convert_at(100, currency="USD", idr_per_unit=16000.0)
    with pytest.raises(ValueError):
        convert_at(100, currency="USD", idr_per_unit=Decimal("0"))


def test_formatting_follows_the_currency_and_the_page_language():
    assert format_amount(Decimal("27.40"), "USD", language="en") == "$27.40"
    assert format_amount(Decimal("27.40"), "USD", language="id") == "US$27,40"
    assert format_amount(Decimal("1234.50"), "EUR", language="en") == "€1,234.50"
    assert format_amount(Decimal("4038"), "JPY", language="en") == "¥4,038"
    assert format_amount(Decimal("0.001"), "KWD", language="en") == "KWD0.001"


def test_display_shows_the_approximation_and_the_rupiah():
    shown = DisplayCurrency("USD", idr_per_unit=Decimal("16000"))
    assert shown.format(440_000, language="en") == "≈ $27.50 · Rp 440.000"
    assert DisplayCurrency("IDR").format(440_000) == "Rp 440.000"
    assert DisplayCurrency("EUR").format(440_000) == "Rp 440.000"  # no usable rate: rupiah only
    assert DisplayCurrency("EUR").unavailable and not DisplayCurrency("IDR").unavailable


@pytest.mark.django_db
def test_convert_uses_the_latest_fresh_rate():
    set_rate("USD", "15000", days_old=3)
    set_rate("USD", "16000")
    assert convert(440_000, "USD") == Decimal("27.50")
    assert convert(440_000, "IDR") == Decimal("440000")
    assert convert(440_000, "EUR") is None  # no rate at all


@pytest.mark.django_db
@override_settings(EXCHANGE_RATE_MAX_AGE_DAYS=7)
def test_a_stale_rate_gives_no_converted_figure():
    set_rate("EUR", "17000", days_old=7)
    set_rate("GBP", "20000", days_old=8)
    assert convert(170_000, "EUR") == Decimal("10.00")  # exactly 7 days: still current
    assert convert(200_000, "GBP") is None
    gbp = display_currency("GBP")
    assert gbp.unavailable and gbp.idr_per_unit is None
    assert gbp.format(200_000) == "Rp 200.000"


@pytest.mark.django_db
@override_settings(DISPLAY_CURRENCIES=["IDR", "USD", "KWD"])
def test_a_configured_three_decimal_currency():
    set_rate("KWD", "52000.5")
    assert convert(100_000, "KWD") == Decimal("1.923")


@pytest.mark.django_db
def test_rates_are_cached_and_retired_when_they_change(django_assert_num_queries):
    set_rate("USD", "16000", days_old=1)
    latest_rates()
    with django_assert_num_queries(0):
        assert latest_rates()["USD"].idr_per_unit == Decimal("16000")
    newer = set_rate("USD", "16500")
    with django_assert_num_queries(1):
        assert latest_rates()["USD"].idr_per_unit == Decimal("16500")
    exchange_rate_delete(rate=newer)
    assert latest_rates()["USD"].idr_per_unit == Decimal("16000")
