"""Security middleware. Positions in ``settings.MIDDLEWARE`` matter and are explained there."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from craftmarket.security.ip import client_ip
from craftmarket.security.responses import (
    database_unavailable,
    is_database_outage,
    json_error,
    standalone_page,
    wants_json,
)

logger = logging.getLogger("craftmarket.security")

STAFF_LAST_SEEN_KEY = "_staff_last_seen"


class DatabaseUnavailableMiddleware:
    """A lost database connection (OperationalError / InterfaceError out of a view) becomes a clean 503: JSON for
    the API, a standalone page for browsers, with ``Retry-After``. Services run in one transaction each, so the
    failed request leaves no half-written rows; this only decides what the client sees. An outage outside the
    view (the session saved on the way out, the user loaded by a middleware) reaches ``handler500``, which answers
    with the same 503 (craftmarket.views.server_error)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        logger.error("database unavailable: %s on %s %s", exception.__class__.__name__, request.method, request.path)
        return database_unavailable(request)


class StaffIdleTimeoutMiddleware:
    """Logs a staff member out after ``STAFF_SESSION_IDLE_SECONDS`` without a request (the session is flushed
    server-side). Buyers and artisans keep Django's normal ``SESSION_COOKIE_AGE``. Goes after the authentication
    and OTP middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(STAFF_LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS:
                logger.info("staff session idle timeout user=%s idle=%ss", user.pk, now - last_seen)
                logout(request)
            else:
                request.session[STAFF_LAST_SEEN_KEY] = now
        return self.get_response(request)


class RefusedAccessLogMiddleware:
    """One warning line for every refused request (401, 403, 429): who, from where, which path. Never the body,
    the query string or a header value, so no password or token reaches the log."""

    REFUSED = frozenset({401, 403, 429})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in self.REFUSED:
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else "-"
            logger.warning(
                "access refused status=%s %s %s user=%s ip=%s",
                response.status_code,
                request.method,
                request.path,
                user_id,
                client_ip(request) or "-",
            )
        return response


class NulByteMiddleware:
    """A NUL byte in a header value, the path or the query string is refused with 400 before any code sees it.

    HTTP forbids NUL in header values, so no honest client sends one, and PostgreSQL cannot store it in text: a
    failed login with ``User-Agent: a\\x00b`` would otherwise crash django-axes' attempt log with a 500, and so
    would any later code that stores a header or a query parameter."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if (
            "\x00" in request.path_info
            or "\x00" in unquote(meta.get("QUERY_STRING", ""))
            or any("\x00" in value for key, value in meta.items() if key.startswith("HTTP_") and isinstance(value, str))
        ):
            logger.warning(
                "refused a NUL byte in %s %s ip=%s", request.method, request.path_info[:200], client_ip(request)
            )
            message = _("The request contains a NUL byte.")
            if wants_json(request):
                return json_error(message, code="bad_request", status=400)
            return standalone_page(_("Bad request"), message, status=400)
        return self.get_response(request)
