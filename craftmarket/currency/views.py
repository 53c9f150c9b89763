"""The currency chooser: remembers the choice in a cookie and, for a signed-in buyer, on the account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from artisans.services import user_set_display_currency
from craftmarket.common.errors import DomainError

from .display import check_currency


@require_POST
def currency_set(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    try:
        code = check_currency(request.POST.get("currency"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return response
    if request.user.is_authenticated:
        user_set_display_currency(user=request.user, currency=code)
    response.set_cookie(
        settings.CURRENCY_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
    messages.success(request, _("Prices are now shown in %(code)s.") % {"code": code})
    return response
