"""One log line per request: method, path, status, duration and user id. Never a query string or a body,
so passwords, tokens and card data cannot reach the log."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from craftmarket.common.storage import is_storage_outage
from craftmarket.security.responses import json_error, standalone_page, wants_json

logger = logging.getLogger("craftmarket.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "-"
        logger.info(
            "%s %s %s %.1fms user=%s",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            user_id,
        )
        return response


class StorageUnavailableMiddleware:
    """An object-store outage out of a view (an upload, a private document) becomes a 503 that says what
    happened: JSON for the API, a standalone page for browsers, with ``Retry-After``. The services that store
    files run in one transaction and remove what they wrote when it fails, so nothing is half-written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_storage_outage(exception):
            return None
        logger.error("object storage unavailable on %s %s: %s", request.method, request.path, exception)
        message = _("File storage is temporarily unavailable. Nothing was changed; please try again in a few minutes.")
        if wants_json(request):
            response: HttpResponse = json_error(message, code="storage_unavailable", status=503)
        else:
            response = standalone_page(_("Temporarily unavailable"), message, status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
