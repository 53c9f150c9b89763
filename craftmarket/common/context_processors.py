from functools import cache

from django.conf import settings
from django.http import HttpRequest

from craftmarket.common.selectors import unread_notification_count

SITE_NAME = "Craftmarket"


def site(request: HttpRequest) -> dict[str, object]:
    return {"SITE_NAME": SITE_NAME, "ADMIN_URL": settings.ADMIN_URL}


def notifications(request: HttpRequest) -> dict[str, object]:
    """``unread_notifications_count`` for the header bell: a callable, so it is queried only when a template
    uses it, and at most once per request."""
    user = getattr(request, "user", None)

    @cache
    def count() -> int:
        return unread_notification_count(user=user)

    return {"unread_notifications_count": count}
