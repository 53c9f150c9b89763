"""Writes of the shared layer: reading notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from craftmarket.common.errors import NotFound
from craftmarket.common.models import Notification


@transaction.atomic
def notification_mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (once: the first read time is kept). Another user's: NotFound."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())
