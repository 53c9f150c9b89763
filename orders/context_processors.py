"""``cart_count`` for the header's cart badge."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from .cart_session import SESSION_KEY
from .selectors import cart_line_count


def cart(request: HttpRequest) -> dict[str, object]:
    """A callable, so the count is queried only when a template shows it, and at most once per request (one query;
    none for a visitor without a cart)."""

    @cache
    def count() -> int:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        token = session.get(SESSION_KEY) if session is not None else None
        return cart_line_count(user=user, token=token)

    return {"cart_count": count}
