"""The public product page: its context, its validators (ETag, Last-Modified) and its rendering through the
fragment cache (``catalog.fragments``). ``/p/<slug>/`` is served by craftmarket.product_page, which adds the
reviews to the same page."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from babel import Locale
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from catalog import fragments, selectors
from catalog.categories_data import WOOD_FAMILY
from catalog.models import Product, TimberDocument
from catalog.wholesale import selectors as wholesale_selectors
from craftmarket.common.context_processors import SITE_NAME
from craftmarket.common.errors import NotFound


def _json_ld(request: HttpRequest, product: Product) -> str:
    in_stock = any(v.stock > 0 for v in product.variants.all())
    images = [request.build_absolute_uri(i.url) for i in product.images.all() if i.url]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description[:500],
        "sku": product.variants.all()[0].sku if product.variants.all() else str(product.pk),
        "category": product.category.name_en,
        "material": ", ".join(product.material_list),
        "brand": {"@type": "Brand", "name": product.artisan.business_name},
        "countryOfOrigin": "ID",
        "weight": {"@type": "QuantitativeValue", "value": product.weight_grams, "unitCode": "GRM"},
        "offers": {
            "@type": "Offer",
            "url": request.build_absolute_uri(product.get_absolute_url()),
            "priceCurrency": "IDR",
            "price": str(product.price),
            "availability": "https://schema.org/InStock"
            if in_stock
            else ("https://schema.org/PreOrder" if product.made_to_order else "https://schema.org/OutOfStock"),
            "seller": {"@type": "Organization", "name": product.artisan.business_name},
        },
    }
    if images:
        data["image"] = images
    # Escape "<" so that no text of the artisan's can close the script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _ancestors(product: Product) -> list[selectors.CategoryNode]:
    try:
        return selectors.category_ancestors(selectors.category_by_slug(product.category.slug))
    except NotFound:  # a category added a moment ago, before the cached tree caught up
        return []


def _timber(product: Product, ancestors: list[selectors.CategoryNode]) -> dict[str, str] | None:
    """The timber legality a wood product's page shows (issue 18), None for other products or with nothing to show.
    Wood is read from the cached category chain, so the page costs no extra query."""
    slugs = {node.slug for node in ancestors} | {product.category.slug}
    if WOOD_FAMILY not in slugs:
        return None
    country = product.timber_harvest_country
    language = (get_language() or "id").split("-")[0]
    rows = {
        "species": product.timber_species.strip(),
        "scientific": product.timber_species_scientific.strip(),
        "harvest_country": Locale.parse(language).territories.get(country, country) if country else "",
        "document_kind": dict(TimberDocument.choices).get(product.timber_document_kind, "")
        if product.svlk_certified
        else "",
        "document_number": product.svlk_document_number.strip() if product.svlk_certified else "",
    }
    return rows if any(rows.values()) else None


def _page_version(request: HttpRequest, slug: str) -> selectors.ProductPageVersion | None:
    cached = getattr(request, "_product_page_version", None)
    if cached is None or cached[0] != slug:
        cached = (slug, selectors.product_page_version(slug=slug))
        request._product_page_version = cached
    return cached[1]


def _shows_business_prices(request: HttpRequest, version: selectors.ProductPageVersion) -> bool | None:
    """Whether the viewer sees the product's business-only tier prices (a verified business buyer); None when the
    product has no such tiers or the viewer is not signed in (the page is then the same for every status). Reads
    ``user.business`` once per request: the page's tier table reuses it."""
    if not version.business_tiers or not getattr(request.user, "is_authenticated", False):
        return None
    return wholesale_selectors.buyer_is_business(request.user)


def product_etag(request: HttpRequest, slug: str) -> str | None:
    """The page's ETag: the product's version plus what the page shows of the visitor (signed in as whom, the
    CSRF token of the add-to-cart form, the language, whether they see business-only tier prices), so that a 304
    never reuses another session's page, nor a page from before the buyer's business verification (or its
    withdrawal). Hashed: nothing of the visitor is readable in it."""
    version = _page_version(request, slug)
    if version is None:
        return None
    who = getattr(request.user, "pk", None) or "-"
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    business = {None: "-", True: "b", False: "n"}[_shows_business_prices(request, version)]
    raw = f"{version.tag}|{who}|{csrf}|{get_language()}|{business}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def product_last_modified(request: HttpRequest, slug: str):
    """The product's ``updated_at``; none for a signed-in viewer of a product with business-only tiers: a date
    cannot say that the viewer's business status changed (without telling when their profile was decided), so
    the ETag alone, which includes that status, validates their page (a bare If-Modified-Since never gives 304)."""
    version = _page_version(request, slug)
    if version is None:
        return None
    if _shows_business_prices(request, version) is not None:
        return None
    return version.last_modified


def product_page_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    """What catalog/product_detail.html shows of a public product; Http404 when it is not public. Pages that add
    to the product page (craftmarket.product_page, with the reviews) start from it."""
    try:
        product = selectors.product_get_public(slug=slug)
    except NotFound:
        raise Http404 from None
    variants = list(product.variants.all())
    images = list(product.images.all())
    tier_table = wholesale_selectors.tier_table(product=product, variants=variants, buyer=request.user)
    ancestors = _ancestors(product)
    return {
        "product": product,
        "variants": variants,
        "tier_table": tier_table,
        "sample_offer": wholesale_selectors.sample_offer(product),
        "is_business": any(row.business_only and row.unit_price for _v, rows in tier_table for row in rows),
        "images": images,
        "primary": next((i for i in images if i.is_primary), images[0] if images else None),
        "stock_total": sum(v.stock for v in variants),
        "related": selectors.related_products(product=product),
        "ancestors": ancestors,
        "timber": _timber(product, ancestors),
        "canonical": request.build_absolute_uri(product.get_absolute_url()),
        "json_ld": _json_ld(request, product),
        "site_url": settings.SITE_URL,
    }


PAGE_PARTS = {"head": "catalog/_product_head.html", "content": "catalog/_product_body.html"}


def _viewer(request: HttpRequest, version: selectors.ProductPageVersion) -> str:
    """What the page's body shows differently to its viewer: signed in or not (the sample and tier prompts), the
    product's own artisan or not ("Ask the artisan"), business prices or not."""
    user = request.user
    signed_in = bool(getattr(user, "is_authenticated", False))
    owner = signed_in and user.pk == version.owner_id
    business = {None: "-", True: "b", False: "n"}[_shows_business_prices(request, version)]
    return f"{int(signed_in)}{int(owner)}{business}"


def render_product_page(
    request: HttpRequest, slug: str, *, page: str = "", extend: Callable[[dict[str, Any]], None] | None = None
) -> HttpResponse:
    """A product page: its head tags and body from the fragment cache (``catalog.fragments``) when this version
    of the product was rendered for this kind of viewer before, else rendered from ``product_page_context`` (plus
    what ``extend`` adds: the reviews) and kept. ``page`` names what else the body depends on (the reviews page)."""
    version = _page_version(request, slug)
    if version is None:
        raise Http404
    key = fragments.page_key(request, version_tag=version.tag, viewer=_viewer(request, version), page=page)
    parts = fragments.cached(key)
    if parts is None:
        context = product_page_context(request, slug)
        if extend is not None:
            extend(context)
        product = context["product"]
        render_context = {**context, **fragments.placeholders()}
        parts = {name: render_to_string(template, render_context, request) for name, template in PAGE_PARTS.items()}
        parts["title"] = f"{product.display_name} · {product.artisan.business_name} · {SITE_NAME}"
        parts["description"] = truncatechars(strip_tags(product.display_description), 155)
        fragments.store(key, parts)
    parts = fragments.fill(request, parts)
    page_parts = {
        "title": parts["title"],  # plain text: escaped by the layout
        "description": parts["description"],
        "head": mark_safe(parts["head"]),  # noqa: S308 - our own templates' output, autoescaped
        "content": mark_safe(parts["content"]),  # noqa: S308
    }
    return render(request, "catalog/product_detail.html", {"page": page_parts})


@condition(etag_func=product_etag, last_modified_func=product_last_modified)
@cache_control(private=True, no_cache=True)
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The catalogue's product page. ``/p/<slug>/`` is served by craftmarket.product_page (the same page with the
    product's reviews, which catalog may not import), ahead of this app's URLs."""
    return render_product_page(request, slug)
