from functools import cache

from django.http import HttpRequest

from .selectors import unread_message_count


def unread_messages(request: HttpRequest) -> dict[str, object]:
    """``unread_messages_count`` for the header and the studio nav: a callable, queried only when a template uses
    it, and at most once per request."""
    user = getattr(request, "user", None)

    @cache
    def count() -> int:
        return unread_message_count(user=user)

    return {"unread_messages_count": count}
