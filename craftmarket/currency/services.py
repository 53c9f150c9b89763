"""Writing exchange rates: one by one (the admin) or a whole Bank Indonesia file (``import_exchange_rates``).
Every write retires the cached rates, so the next page shows the new figures."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import DomainError

from .display import currencies
from .models import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS, RATE_MIN, ExchangeRate
from .money import IDR
from .selectors import rates_retire

# The CSV's header, in Bank Indonesia's "Kurs Transaksi BI" shape: currency, the unit quoted (JPY per 100), the
# selling and buying rate in rupiah for that unit, and the date. The stored rate is the mid rate per one unit:
# (sell + buy) / 2 / unit.
CSV_COLUMNS = ("currency", "unit", "sell", "buy", "date")
RATE_QUANTUM = Decimal(1).scaleb(-RATE_DECIMAL_PLACES)


class RateFileError(DomainError):
    """A rate file with bad rows: ``errors`` lists ``(line number, message)``; nothing was imported."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(_("The rate file has errors; nothing was imported."), code="bad_rate_file", field="file")
        self.errors = errors


@dataclass(frozen=True)
class RateRow:
    currency: str
    idr_per_unit: Decimal
    rate_date: date


def _check_rate(value: Any) -> Decimal:
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the rate as a number, e.g. 16250.50."), field="idr_per_unit") from None
    if not rate.is_finite() or rate < RATE_MIN:
        raise DomainError(_("A rate must be more than zero."), field="idr_per_unit")
    rate = rate.quantize(RATE_QUANTUM)
    if len(rate.as_tuple().digits) > RATE_MAX_DIGITS:
        raise DomainError(_("This rate is too large."), field="idr_per_unit")
    return rate


def _check_currency(value: Any) -> str:
    code = str(value or "").strip().upper()
    if code == IDR or code not in currencies():
        raise DomainError(
            _("Unknown currency “%(code)s”: use one of %(codes)s.")
            % {"code": str(value)[:10], "codes": ", ".join(c for c in currencies() if c != IDR)},
            field="currency",
        )
    return code


def _check_date(value: date) -> date:
    if value > timezone.localdate():
        raise DomainError(_("A rate date cannot be in the future."), field="rate_date")
    return value


@transaction.atomic
def exchange_rate_save(
    *, currency: str, idr_per_unit: Any, rate_date: date, source: str, by: Any, rate: ExchangeRate | None = None
) -> ExchangeRate:
    """Create (or, with ``rate``, change) one rate after checking it; a rate for the same currency and day is
    replaced. Retires the cached rates."""
    code = _check_currency(currency)
    value = _check_rate(idr_per_unit)
    day = _check_date(rate_date)
    clash = ExchangeRate.objects.filter(currency=code, rate_date=day)
    if rate is not None and rate.pk:
        clash = clash.exclude(pk=rate.pk)
    if clash.exists():
        raise DomainError(_("There is already a %(code)s rate for this date.") % {"code": code}, field="rate_date")
    rate = rate or ExchangeRate()
    rate.currency, rate.idr_per_unit, rate.rate_date = code, value, day
    rate.source = (source or "").strip()[:80] or ExchangeRate._meta.get_field("source").default
    rate.entered_by = by if getattr(by, "pk", None) else None
    rate.save()
    transaction.on_commit(rates_retire)
    rates_retire()
    return rate


@transaction.atomic
def exchange_rate_delete(*, rate: ExchangeRate) -> None:
    rate.delete()
    transaction.on_commit(rates_retire)
    rates_retire()


def parse_rate_file(text: str, *, on: date | None = None) -> list[RateRow]:
    """Every row of a Bank Indonesia-shaped CSV, checked; ``RateFileError`` listing each bad line otherwise.
    ``on`` replaces every row's date (demo data that must look current)."""
    errors: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != CSV_COLUMNS:
        raise RateFileError([(1, _("The header must be: %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)})])
    rows: list[RateRow] = []
    seen: dict[tuple[str, date], int] = {}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(CSV_COLUMNS):
            errors.append((line, _("Expected %(n)d columns, found %(found)d.") % {"n": 5, "found": len(values)}))
            continue
        code, unit, sell, buy, day = (v.strip() for v in values)
        try:
            code = _check_currency(code)
            if not unit.isdigit() or not 1 <= int(unit) <= 1_000_000:
                raise DomainError(_("The unit must be a whole number from 1 to 1000000."), field="unit")
            sell_rate, buy_rate = _check_rate(sell), _check_rate(buy)
            if buy_rate > sell_rate:
                raise DomainError(_("The buying rate cannot be above the selling rate."), field="buy")
            try:
                rate_date = on or date.fromisoformat(day)
            except ValueError:
                raise DomainError(_("Write the date as YYYY-MM-DD."), field="date") from None
            _check_date(rate_date)
            mid = _check_rate((sell_rate + buy_rate) / 2 / int(unit))
        except DomainError as exc:
            errors.append((line, exc.message))
            continue
        if (code, rate_date) in seen:
            message = _("%(code)s already has a rate for this date on line %(line)d.")
            errors.append((line, message % {"code": code, "line": seen[(code, rate_date)]}))
            continue
        seen[(code, rate_date)] = line
        rows.append(RateRow(code, mid, rate_date))
    if errors:
        raise RateFileError(errors)
    if not rows:
        raise RateFileError([(1, _("The file has no rates."))])
    return rows


@transaction.atomic
def exchange_rates_import(*, rows: list[RateRow], by: Any, source: str) -> int:
    """Write every checked row (a rate for the same currency and day is replaced); all or nothing."""
    for row in rows:
        ExchangeRate.objects.update_or_create(
            currency=row.currency,
            rate_date=row.rate_date,
            defaults={"idr_per_unit": row.idr_per_unit, "source": source[:80], "entered_by": by},
        )
    transaction.on_commit(rates_retire)
    rates_retire()
    return len(rows)
