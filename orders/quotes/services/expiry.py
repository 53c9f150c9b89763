"""The scheduled expiry of RFQs past their closing date and quotes past their validity, each once."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from craftmarket.common.notifications import notify

from ..machine import LIVE, QUOTE_MACHINE, RFQ_LIVE, RFQ_MACHINE
from ..models import RFQ, Quote
from .common import _lock, _rfq_url, _tell_artisan

R = RFQ.Status
Q = Quote.Status


def expire_due(*, now: datetime | None = None) -> tuple[int, int]:
    """Expire running RFQs past their closing date and live quotes past their validity, each once (a second run
    finds nothing). Returns (RFQs, quotes) expired. Each row in its own transaction, locked and re-checked."""
    today = timezone.localdate(now or timezone.now())
    rfqs = quotes = 0
    for pk in list(RFQ.objects.filter(status__in=RFQ_LIVE, closes_on__lt=today).values_list("pk", flat=True)):
        with transaction.atomic():
            rfq = RFQ.objects.select_for_update().select_related("buyer").filter(pk=pk).first()
            if rfq is None or rfq.status not in RFQ_LIVE or rfq.closes_on >= today:
                continue
            RFQ_MACHINE.apply(instance=rfq, target=R.EXPIRED, reason="closing date passed")
            notify(event="rfq_expired", users=[rfq.buyer], context={"item": rfq.title, "url": _rfq_url(rfq)})
            rfqs += 1
    for pk in list(Quote.objects.filter(status__in=LIVE, valid_until__lt=today).values_list("pk", flat=True)):
        with transaction.atomic():
            quote = Quote.objects.filter(pk=pk).first()
            if quote is None:
                continue
            _rfq, locked = _lock(quote)
            if locked.status not in LIVE or locked.valid_until >= today:
                continue
            QUOTE_MACHINE.apply(instance=locked, target=Q.EXPIRED, reason="validity passed")
            _tell_artisan(locked, event="quote_expired")
            quotes += 1
    return rfqs, quotes
