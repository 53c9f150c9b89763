"""What a client refused by login throttling sees: 429 with ``Retry-After``, JSON for the API, a page otherwise.

Two refusals: a locked account (for the cool-off, ``locked_out``) and an address that must wait before its next
attempt (``login_throttled``, see ``craftmarket.security.login_throttle``)."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from craftmarket.security.responses import json_error, wants_json


def _address_message(seconds: int) -> str:
    if seconds < 120:
        return ngettext(
            "Too many failed logins from your network address. Try again in %(seconds)d second.",
            "Too many failed logins from your network address. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    minutes = -(-seconds // 60)
    return ngettext(
        "Too many failed logins from your network address. Try again in %(minutes)d minute.",
        "Too many failed logins from your network address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    refusal = getattr(request, "login_address_refusal", None)
    if refusal is not None:
        seconds, code = refusal.retry_after, "login_throttled"
        message = _address_message(seconds)
    else:
        cool_off = get_cool_off(request)
        seconds, code = (int(cool_off.total_seconds()) if cool_off else 900), "locked_out"
        minutes = max(1, seconds // 60)
        message = _("Too many failed login attempts. Try again in %(minutes)d minutes.") % {"minutes": minutes}
    if wants_json(request):
        response: HttpResponse = json_error(message, code=code, status=429)
    else:
        response = render(request, "security/lockout.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
