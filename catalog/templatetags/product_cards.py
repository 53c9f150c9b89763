"""``{% product_cards products %}``: the ``<li>`` cards of a product grid, each from the fragment cache when a card
with the same content was rendered before (``catalog.fragments``), else from ``partials/product_card.html``.

    <ul class="product-grid">{% product_cards products %}</ul>

The products need what a card needs: ``artisan`` (select_related) and the primary image prefetched (see the
card template's comment).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from catalog import fragments

register = template.Library()

CARD_TEMPLATE = "partials/product_card.html"


@register.simple_tag(takes_context=True)
def product_cards(context: template.Context, products: Any) -> SafeString:
    card = get_template(CARD_TEMPLATE).template
    request = context.get("request")

    def render_one(product: Any) -> str:
        with context.push(product=product):
            return str(card.render(context))

    # A list page's PageProducts stays as it is (its rows are loaded only for the cards the cache lacks).
    items = products if hasattr(products, "card_values") else list(products or ())
    html = fragments.render_cards(items, request=request, render_one=render_one)
    return mark_safe("".join(html))  # noqa: S308 - the card template's own output, autoescaped
