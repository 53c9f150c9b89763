from django.http import HttpRequest

from .display import currencies


def currency(request: HttpRequest) -> dict[str, object]:
    """The chooser's options and the request's display currency (``DisplayCurrencyMiddleware``)."""
    return {"display_currency": getattr(request, "display_currency", None), "DISPLAY_CURRENCIES": currencies()}
