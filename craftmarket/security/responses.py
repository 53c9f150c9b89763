"""Responses that must work even when the database or the session cannot: plain JSON for the API, a standalone
page (no user, no session lookup) for browsers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string


def wants_json(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return (
        request.path.startswith("/api/")
        or request.META.get("HTTP_X_REQUESTED_WITH") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


def standalone_page(template: str, context: dict[str, object], *, status: int) -> HttpResponse:
    """Rendered without the request, so no context processor can touch the session or the database."""
    return HttpResponse(render_to_string(template, context), status=status, content_type="text/html; charset=utf-8")


def json_error(message: str, *, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code}, status=status)
