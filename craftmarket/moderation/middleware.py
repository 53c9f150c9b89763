"""The admin speaks Indonesian unless the staff member chose otherwise.

Outside the admin, LocaleMiddleware follows the visitor's browser. In the admin, a browser asking for English
must not switch the moderators' tool away from Indonesian: the language is the one chosen with the admin's
language buttons (the language cookie), else the staff member's own ``language``, else LANGUAGE_CODE ("id").
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class AdminLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(f"/{settings.ADMIN_URL}"):
            supported = {code for code, _name in settings.LANGUAGES}
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            if chosen not in supported:
                user = getattr(request, "user", None)
                chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
            if chosen not in supported:
                chosen = settings.LANGUAGE_CODE
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)
