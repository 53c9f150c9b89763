"""``{% price amount %}``: a rupiah amount as the buyer sees it, ``"≈ $27.40 · Rp 440.000"``.

With ``purchase=`` the purchase's stored currency and rate are used (an order page or invoice shows what the buyer
saw at checkout, not today's rate); with ``currency=`` and ``rate=`` those (emails, from the notification's data);
otherwise the request's display currency. ``idr_only=True``: rupiah alone (a partial shared with the studio).
Rupiah alone too when IDR is chosen or no usable rate exists.
Studio and admin pages keep ``{{ amount|idr }}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from craftmarket.common.money import format_idr
from craftmarket.currency.display import snapshot_currency
from craftmarket.currency.money import babel_locale, minor_units

register = template.Library()


@register.simple_tag(takes_context=True)
def price(
    context: template.Context,
    amount: Any,
    purchase: Any = None,
    currency: Any = None,
    rate: Any = None,
    idr_only: bool = False,
) -> str:
    if amount in (None, ""):
        return ""
    if idr_only:
        return format_idr(int(amount))
    if purchase is not None:
        shown = snapshot_currency(
            getattr(purchase, "display_currency", ""),
            getattr(purchase, "display_rate", None),
            getattr(purchase, "display_rate_date", None),
        )
    elif currency:
        shown = snapshot_currency(currency, rate)
    else:
        request = context.get("request")
        shown = getattr(request, "display_currency", None)
        if shown is None:
            return format_idr(int(amount))
    return shown.format(int(amount))


@register.inclusion_tag("currency/snapshot_note.html")
def rate_note(purchase: Any) -> dict[str, Any]:
    """A line under a purchase or invoice: which rate the approximations were shown at."""
    shown = snapshot_currency(purchase.display_currency, purchase.display_rate, purchase.display_rate_date)
    return {"shown": shown}


@register.simple_tag(takes_context=True)
def display_currency_data(context: template.Context) -> str:
    """Data attributes for a script that shows a total it computes in the page (checkout's grand total): the
    display currency, its rate as a decimal string, its ISO 4217 minor units and the page's language. Empty when
    rupiah alone is shown. The script rounds with the same rule, in integers (static/js/checkout.js)."""
    request = context.get("request")
    shown = getattr(request, "display_currency", None)
    if shown is None or shown.is_idr or shown.idr_per_unit is None:
        return ""
    return format_html(
        ' data-display-currency="{}" data-display-rate="{}" data-display-digits="{}" data-display-locale="{}"',
        shown.code,
        format(shown.idr_per_unit, "f"),
        minor_units(shown.code),
        babel_locale().replace("_", "-"),
    )
