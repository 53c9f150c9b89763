"""Responses that must work even when the database or the session cannot: plain JSON for the API, a standalone
page (no user, no session lookup) for browsers."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def wants_json(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return (
        request.path.startswith("/api/")
        or request.META.get("HTTP_X_REQUESTED_WITH") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


def standalone_page(heading: str, message: str, *, status: int) -> HttpResponse:
    """An error page rendered without the request, so no context processor can touch the session or the
    database."""
    html = render_to_string("security/standalone.html", {"heading": heading, "message": message})
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def json_error(message: str, *, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code}, status=status)


def is_database_outage(exc: BaseException | None) -> bool:
    """A lost or refused database connection, raised directly or as the cause of another error."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 for a database outage: JSON for the API, a standalone page for browsers, never cached, with
    ``Retry-After``."""
    message = _("The service is temporarily unavailable. Please try again in a moment.")
    if wants_json(request):
        response: HttpResponse = json_error(message, code="service_unavailable", status=503)
    else:
        response = standalone_page(_("Temporarily unavailable"), message, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
