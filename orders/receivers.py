"""Signal wiring kept to one thin call: at login the anonymous cart joins the buyer's (``cart_merge``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .cart_session import SESSION_KEY
from .services.cart import cart_merge


@receiver(user_logged_in, dispatch_uid="orders.merge_cart_at_login")
def merge_cart_at_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    token = session.pop(SESSION_KEY, None) if session is not None else None
    if token:
        cart_merge(user=user, token=token)
