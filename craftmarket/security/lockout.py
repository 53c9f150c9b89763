"""What a client locked out by django-axes sees: 429 with ``Retry-After``, JSON for the API, a page otherwise."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from craftmarket.security.responses import json_error, wants_json


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 900
    minutes = max(1, seconds // 60)
    message = _("Too many failed login attempts. Try again in %(minutes)d minutes.") % {"minutes": minutes}
    if wants_json(request):
        response: HttpResponse = json_error(message, code="locked_out", status=429)
    else:
        response = render(request, "security/lockout.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
