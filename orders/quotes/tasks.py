"""Scheduled jobs of requests for quotation: thin and idempotent, calling the services."""

from __future__ import annotations

from celery import shared_task

from . import services, settlement


@shared_task(name="quotes.expire_due")
def expire_due() -> list[int]:
    """Expire RFQs past their closing date and quotes past their validity, once each (hourly)."""
    rfqs, quotes = services.expire_due()
    return [rfqs, quotes]


@shared_task(name="quotes.follow_milestone_orders")
def follow_milestone_orders() -> int:
    """Cancel quote orders whose sample, deposit or balance order expired unpaid or was cancelled, once each
    (every 5 minutes, like the expiry of unpaid purchases)."""
    return settlement.follow_milestone_orders()
