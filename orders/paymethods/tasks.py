"""Scheduled status checks: thin, idempotent, calling the service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .selectors import charges_to_check
from .services import charge_status_check


@shared_task(name="orders.check_gateway_charges")
def check_gateway_charges() -> int:
    """Ask Midtrans about every open or superseded charge older than MIDTRANS_STATUS_CHECK_AFTER, applying what
    it says through the notification path (so a purchase whose notification was lost is still paid)."""
    now = timezone.now()
    ids = charges_to_check(now=now, settle_after=settings.MIDTRANS_STATUS_CHECK_AFTER)
    return sum(1 for pk in ids if charge_status_check(charge_id=pk, now=now))
