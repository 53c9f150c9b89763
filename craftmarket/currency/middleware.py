"""``request.display_currency``: resolved lazily (after the language and the user), once per request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .display import currency_code_for_request, display_currency


class DisplayCurrencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.display_currency = SimpleLazyObject(lambda: display_currency(currency_code_for_request(request)))
        return self.get_response(request)
