"""Scheduled jobs of requests for quotation: thin and idempotent, calling the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="quotes.expire_due")
def expire_due() -> list[int]:
    """Expire RFQs past their closing date and quotes past their validity, once each (hourly)."""
    rfqs, quotes = services.expire_due()
    return [rfqs, quotes]
