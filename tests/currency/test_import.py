"""manage.py import_exchange_rates: a good file imports every row (mid rate per unit); a bad one reports each bad
line and imports nothing."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from craftmarket.currency.models import ExchangeRate
from craftmarket.currency.selectors import latest_rates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The command speaks the active language (Indonesian by default); these assertions read the English."""
    with translation.override("en"):
        yield


SAMPLE = Path(__file__).resolve().parents[2] / "craftmarket" / "currency" / "data" / "bi_kurs_tengah_sample.csv"


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_imports_the_mid_rate_per_unit(tmp_path):
    path = write(
        tmp_path,
        "currency,unit,sell,buy,date\nUSD,1,16318.00,16156.00,2026-12-04\nJPY,100,10951.38,10840.63,2026-12-04\n",
    )
    call_command("import_exchange_rates", str(path))
    usd = ExchangeRate.objects.get(currency="USD")
    assert usd.idr_per_unit == Decimal("16237.000000")
    assert usd.rate_date == date(2026, 12, 4)
    assert ExchangeRate.objects.get(currency="JPY").idr_per_unit == Decimal("108.960050")


def test_importing_again_replaces_the_days_rate_and_retires_the_cache(tmp_path):
    call_command("import_exchange_rates", str(write(tmp_path, "currency,unit,sell,buy,date\nUSD,1,2,2,2026-12-04\n")))
    assert latest_rates()["USD"].idr_per_unit == Decimal("2")
    call_command("import_exchange_rates", str(write(tmp_path, "currency,unit,sell,buy,date\nUSD,1,4,4,2026-12-04\n")))
    assert ExchangeRate.objects.count() == 1
    assert latest_rates()["USD"].idr_per_unit == Decimal("4")


def test_a_bad_file_reports_every_bad_line_and_imports_nothing(tmp_path):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    path = write(
        tmp_path,
        "currency,unit,sell,buy,date\n"
        "USD,1,16318.00,16156.00,2026-12-04\n"  # line 2: good
        "XYZ,1,10,9,2026-12-04\n"  # line 3: unknown currency
        "EUR,1,-5,-6,2026-12-04\n"  # line 4: negative rate
        "GBP,1,0,0,2026-12-04\n"  # line 5: zero rate
        "SGD,1,abc,12000,2026-12-04\n"  # line 6: not a number
        "AUD,1,10762,10654,04/12/2026\n"  # line 7: date format
        f"MYR,1,3787,3749,{tomorrow}\n"  # line 8: future
        "CNY,1,2267\n"  # line 9: too few columns
        "USD,1,16318.00,16156.00,2026-12-04\n"  # line 10: duplicate of line 2
        "JPY,0,100,99,2026-12-04\n",  # line 11: unit zero
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_exchange_rates", str(path))
    message = str(exc.value)
    assert "nothing was imported" in message
    for line in (3, 4, 5, 6, 7, 8, 9, 10, 11):
        assert f"line {line}:" in message
    assert "line 2:" not in message
    assert "Unknown currency “XYZ”" in message
    assert "more than zero" in message
    assert "YYYY-MM-DD" in message
    assert "future" in message
    assert "already has a rate for this date on line 2" in message
    assert ExchangeRate.objects.count() == 0


def test_a_wrong_header_or_an_empty_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="header must be"):
        call_command("import_exchange_rates", str(write(tmp_path, "kurs,nilai\nUSD,1\n")))
    with pytest.raises(CommandError, match="no rates"):
        call_command("import_exchange_rates", str(write(tmp_path, "currency,unit,sell,buy,date\n")))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_exchange_rates", str(tmp_path / "missing.csv"))
    assert ExchangeRate.objects.count() == 0


def test_the_sample_file_imports_and_can_be_dated_today():
    call_command("import_exchange_rates", str(SAMPLE), "--on", timezone.localdate().isoformat())
    rates = latest_rates()
    assert set(rates) == {"USD", "EUR", "GBP", "SGD", "AUD", "JPY", "MYR", "CNY", "AED"}
    assert all(not rate.is_stale() for rate in rates.values())
