"""Rates for the currency tests, written through the service (which retires the cached rates)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from craftmarket.currency.models import ExchangeRate
from craftmarket.currency.services import exchange_rate_save


def set_rate(currency: str, idr_per_unit: str, *, days_old: int = 0) -> ExchangeRate:
    return exchange_rate_save(
        currency=currency,
        idr_per_unit=Decimal(idr_per_unit),
        rate_date=timezone.localdate() - timedelta(days=days_old),
        source="test",
        by=None,
    )
