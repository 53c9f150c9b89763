"""The rates that prices are shown with: the latest rate of each currency, kept in the cache (one cache read
per request, no query per product) and retired whenever a rate is saved or deleted (``rates_retire``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .models import ExchangeRate

RATES_CACHE_KEY = "currency:latest-rates:v1"
RATES_CACHE_SECONDS = 24 * 3600  # also retired on every change; the day bound only caps a missed retirement


@dataclass(frozen=True)
class Rate:
    currency: str
    idr_per_unit: Decimal
    rate_date: date

    def is_stale(self, *, today: date | None = None) -> bool:
        """Older than ``EXCHANGE_RATE_MAX_AGE_DAYS`` days (in Asia/Jakarta's calendar): shown with no figures."""
        today = today or timezone.localdate()
        return (today - self.rate_date).days > settings.EXCHANGE_RATE_MAX_AGE_DAYS


def latest_rates() -> dict[str, Rate]:
    """The newest rate of every currency that has one (one query on a cache miss, none otherwise)."""
    cached = cache.get(RATES_CACHE_KEY)
    if cached is None:
        newest = ExchangeRate.objects.filter(currency=OuterRef("currency")).order_by("-rate_date").values("rate_date")
        rows = ExchangeRate.objects.filter(rate_date=Subquery(newest[:1])).values_list(
            "currency", "idr_per_unit", "rate_date"
        )
        cached = {code: (str(rate), day.isoformat()) for code, rate, day in rows}
        cache.set(RATES_CACHE_KEY, cached, RATES_CACHE_SECONDS)
    return {
        code: Rate(currency=code, idr_per_unit=Decimal(rate), rate_date=date.fromisoformat(day))
        for code, (rate, day) in cached.items()
    }


def rates_retire() -> None:
    """Forget the cached rates: the next request reads the table again."""
    cache.delete(RATES_CACHE_KEY)


def current_rate(currency: str) -> Rate | None:
    """The rate to show ``currency`` with, or ``None`` when it has none or only a stale one."""
    rate = latest_rates().get(currency)
    if rate is None or rate.is_stale():
        return None
    return rate
