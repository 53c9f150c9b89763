"""Scheduled money jobs: thin, idempotent, calling services."""

from __future__ import annotations

from celery import shared_task

from .services.payouts import payout_run


@shared_task(name="money.create_weekly_payouts")
def create_weekly_payouts() -> int:
    """This ISO week's payout run: one pending payout per artisan above PAYOUT_MINIMUM. Running it again in the
    same week creates nothing new for artisans already paid in it."""
    return len(payout_run().created)
