"""Which cart a request uses: the buyer's own when signed in, else the anonymous one named in the session."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Cart
from .services.cart import _is_uuid, cart_get_or_create

SESSION_KEY = "cart_token"


def request_cart(request: HttpRequest, *, create: bool = True) -> Cart | None:
    user = request.user
    if user.is_authenticated:
        return cart_get_or_create(user=user)
    token = request.session.get(SESSION_KEY)
    if not create:
        return Cart.objects.filter(token=token, user__isnull=True).first() if token and _is_uuid(token) else None
    cart = cart_get_or_create(token=token)
    if str(cart.token) != token:
        request.session[SESSION_KEY] = str(cart.token)
    return cart
