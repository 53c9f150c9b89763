"""Reads of the shared layer: a user's notifications."""

from __future__ import annotations

from typing import Any

from craftmarket.common.models import Notification, NotificationQuerySet


def notifications_for(*, user: Any) -> NotificationQuerySet:
    """The user's in-app list, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_notification_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
