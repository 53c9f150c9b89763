"""The complaints' scheduled job: thin and idempotent (a second run finds nothing due)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .models import Complaint
from .services import complaint_expire_response, complaint_finalize


@shared_task(name="complaints.move_complaint_deadlines")
def move_complaint_deadlines() -> int:
    """Open complaints past ``respond_by`` become unanswered; decisions past ``appeal_by`` are applied."""
    now = timezone.now()
    S = Complaint.Status
    unanswered = list(Complaint.objects.filter(status=S.OPEN, respond_by__lte=now).values_list("pk", flat=True))
    decided = list(Complaint.objects.filter(status=S.DECIDED, appeal_by__lte=now).values_list("pk", flat=True))
    moved = sum(complaint_expire_response(complaint_id=pk, now=now) for pk in unanswered)
    return moved + sum(complaint_finalize(complaint_id=pk, now=now) for pk in decided)
