"""Rendered fragments kept in the cache, so that a page that no cache holds whole still costs little to build.

Two kinds (issue 21: the product page and the list pages without their page cache):

- **Product cards** (``card_key`` / ``render_cards``): the HTML of one card, keyed by everything the card shows of
  its product (name, prices, tiers, rating, maker, province, primary photo), the language and the display
  currency. A card changes key the moment one of those changes, so it never needs retiring; an uncached list
  page of 24 products reads its cards with one ``get_many``.
- **A list page's filters** (``filters_key``): the filter form and chips of a category or search page, which depend
  on the URL, the language, the category tree and the materials on offer, not on the products listed.
- **The product page's body** (``page_key``): the head tags and the main content of a
  product page, keyed by the product's page version (``selectors.product_page_version``: product, artisan,
  variants, photos, catalogue generation), the language, the display currency, the host, the path and what the
  page shows differently to its viewer (signed in or not, the owner or not, business prices or not). What
  differs per request inside that body (the CSRF token of its forms, the CSP nonce of its script) is stored as a
  placeholder and filled in on the way out.

``settings.CATALOG_FRAGMENT_CACHE`` (default on) turns both off: every card and body is rendered anew (the
benchmark's "fragment cache off" scenarios, and a switch for an operator chasing a stale page).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from craftmarket.currency.display import cache_token

CARD_SECONDS = 24 * 3600
PAGE_SECONDS = 600


@functools.cache
def _placeholder(name: str) -> str:
    """What stands in a cached body for a per-request value: derived from SECRET_KEY, so that no artisan can type
    it into a listing and have a visitor's token written there."""
    return f"cm-{name}-" + salted_hmac("catalog.fragments.placeholder", name, algorithm="sha256").hexdigest()[:24]


def csrf_placeholder() -> str:
    return _placeholder("csrf")


def nonce_placeholder() -> str:
    return _placeholder("nonce")


def enabled() -> bool:
    return getattr(settings, "CATALOG_FRAGMENT_CACHE", True)


def _digest(parts: Iterable[Any]) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def _currency(request: HttpRequest | None) -> str:
    return cache_token(getattr(request, "display_currency", None)) if request is not None else ""


# --- cards --------------------------------------------------------------------------------------------------


def _image_state(product: Any) -> tuple[Any, ...]:
    images = getattr(product, "primary_images", None)
    if images is None:
        images = [
            i for i in (getattr(product, "_prefetched_objects_cache", {}) or {}).get("images", ()) if i.is_primary
        ]
    return tuple((i.pk, i.status, i.alt_text, i.renditions) for i in images or ())


# What a card shows of its product and maker (partials/product_card.html), by the ORM's names: read as values by
# ``paging.PageProducts.card_values`` and as attributes of a loaded product by ``card_content``.
CARD_FIELDS = (
    "pk",
    "slug",
    "name",
    "name_en",
    "price",
    "wholesale_price",
    "wholesale_quantity",
    "wholesale_business_only",
    "rating_average",
    "rating_count",
    "made_to_order",
    "province",
    "artisan__business_name",
    "artisan__province",
)


def _field(product: Any, name: str) -> Any:
    value = product
    for part in name.split("__"):
        value = getattr(value, part)
    return value


def card_content(product: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What a card shows of a loaded product, in the shape ``paging.PageProducts.card_values`` reads it."""
    return tuple(_field(product, name) for name in CARD_FIELDS), _image_state(product)


def card_key(content: tuple[tuple[Any, ...], tuple[Any, ...]], *, language: str, currency: str) -> str:
    """The key of a card: everything ``partials/product_card.html`` shows, the language and the currency."""
    values, photo = content
    return "catalog:card:" + _digest((values, photo, language, currency))


def render_cards(
    products: Sequence[Any], *, request: HttpRequest | None, render_one: Callable[[Any], str]
) -> list[str]:
    """The HTML of each product's card, in order: from the cache where present (one round trip for the page),
    else from ``render_one``, whose results are stored for the next page that shows the same cards.
    ``products``: loaded products, or a ``paging.PageProducts`` (rows loaded for the missing cards only)."""
    if not enabled():
        return [render_one(product) for product in products]
    if hasattr(products, "card_values"):
        contents, order, load = products.card_values(), products.ids, products.rows
    else:
        loaded = {product.pk: product for product in products}
        contents = {pk: card_content(product) for pk, product in loaded.items()}
        order, load = [product.pk for product in products], lambda pks: loaded
    language, currency = get_language() or "", _currency(request)
    order = [pk for pk in order if pk in contents]
    keys = {pk: card_key(contents[pk], language=language, currency=currency) for pk in order}
    found = cache.get_many(list(set(keys.values())))
    lacking = [pk for pk in dict.fromkeys(order) if keys[pk] not in found]
    rows = load(lacking) if lacking else {}
    missing = {keys[pk]: render_one(rows[pk]) for pk in lacking if pk in rows}
    if missing:
        cache.set_many(missing, CARD_SECONDS)
    return [found.get(keys[pk]) or missing.get(keys[pk], "") for pk in order]


# --- list filters -------------------------------------------------------------------------------------------


def filters_key(request: HttpRequest, *, query: Any, tree: Any, materials: Sequence[str]) -> str | None:
    """The key of a list page's filters part: path, query without the page, language, the category tree's names
    and the materials offered. None when fragments are off."""
    if not enabled():
        return None
    names = [(n.slug, str(n.name), [(c.slug, str(c.name)) for c in n.children]) for n in tree]
    return "catalog:filters:" + _digest((request.path, query, get_language() or "", names, tuple(materials)))


def cached(key: str | None) -> Any:
    return cache.get(key) if key else None


def store(key: str | None, value: Any, seconds: int = PAGE_SECONDS) -> None:
    if key:
        cache.set(key, value, seconds)


# --- the product page's body --------------------------------------------------------------------------------


def page_key(request: HttpRequest, *, version_tag: str, viewer: str, page: str) -> str | None:
    """The key of a product page body, or None when the request should not use the cache: fragments off, or a
    query string other than the reviews' ``page`` (arbitrary parameters would fill the cache with copies)."""
    if not enabled() or any(name != "page" for name in request.GET):
        return None
    parts = (
        version_tag,
        viewer,
        page,
        request.get_full_path(),
        request.scheme,
        request.get_host(),
        get_language() or "",
        _currency(request),
    )
    return "catalog:page:" + _digest(parts)


def placeholders() -> dict[str, str]:
    """Context entries that make a render cacheable: the forms' token and the script's nonce as placeholders
    (the request's own context layers sit below these, so these win)."""
    return {"csrf_token": csrf_placeholder(), "csp_nonce": nonce_placeholder()}


def fill(request: HttpRequest, parts: dict[str, str]) -> dict[str, str]:
    """The body for this request: its CSRF token and CSP nonce where the placeholders are. The token is asked for
    only when a form needs it, as the ``{% csrf_token %}`` tag would (which also sends the CSRF cookie)."""
    filled = {}
    token = nonce = None
    csrf, script = csrf_placeholder(), nonce_placeholder()
    for name, html in parts.items():
        if csrf in html:
            token = token or get_token(request)
            html = html.replace(csrf, token)
        if script in html:
            if nonce is None:
                found = get_nonce(request)
                nonce = str(found) if found is not None else ""
            html = html.replace(script, nonce)
        filled[name] = html
    return filled
