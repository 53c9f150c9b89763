"""Template helpers of the shared design: tolerant links, product card images, the four craft families.

``{% load ui %}`` then:

- ``{{ product|card_image }}``: the primary image of a product as ``{"src", "srcset", "alt", "status"}`` (or
  ``None``), read from ``product.primary_images`` (a ``to_attr`` prefetch) or the prefetched ``images``; never
  a query of its own when the caller prefetched.
- ``{% craft_families as families %}``: the four top categories with their illustration (no query).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from craftmarket.common.regions import PROVINCES

register = template.Library()

CRAFT_FAMILIES: tuple[tuple[str, Any, Any], ...] = (
    ("logam", _("Metal crafts"), _("Silver, brass, copper and wrought iron")),
    ("anyaman", _("Woven crafts"), _("Rattan, bamboo, pandan and mendong")),
    ("kayu", _("Wood crafts"), _("Carving, furniture, masks and homeware")),
    ("fesyen", _("Fashion"), _("Batik, tenun, bags and accessories")),
)


def _reverse_first(names: tuple[str, ...], args: tuple[Any, ...]) -> str | None:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


@register.filter
def product_url(product: Any) -> str:
    getter = getattr(product, "get_absolute_url", None)
    if callable(getter):
        return getter()
    return _reverse_first(("catalog:product", "catalog:product_detail", "catalog:product-detail"), (product.slug,)) or (
        f"/products/{product.slug}/"
    )


@register.filter
def artisan_url(artisan: Any) -> str:
    getter = getattr(artisan, "get_absolute_url", None)
    if callable(getter):
        return getter()
    return _reverse_first(("artisans:detail", "artisans:artisan", "artisan_detail", "artisan"), (artisan.slug,)) or (
        f"/artisans/{artisan.slug}/"
    )


@register.filter
def category_url(slug: str) -> str:
    slug = getattr(slug, "slug", slug)
    return _reverse_first(("catalog:category", "catalog:category_detail"), (slug,)) or f"/c/{slug}/"


@register.filter
def province_name(code: str) -> str:
    return PROVINCES.get(code, ("", ""))[0] or code


def _rendition_url(rendition: dict[str, Any]) -> str | None:
    url = rendition.get("url")
    if url:
        return str(url)
    name = rendition.get("webp") or rendition.get("path") or rendition.get("name") or rendition.get("file")
    if not name:
        return None
    if str(name).startswith(("/", "http://", "https://")):
        return str(name)
    from django.core.files.storage import default_storage

    return default_storage.url(name)


def _normalise(renditions: Any) -> list[dict[str, Any]]:
    """The worker's renditions as a list of dicts with a ``width``: a list, or a dict keyed by size, both accepted."""
    if isinstance(renditions, dict):
        items = []
        for key, value in renditions.items():
            entry = dict(value) if isinstance(value, dict) else {"url": value}
            entry.setdefault("width", key)
            items.append(entry)
        renditions = items
    result = []
    for entry in renditions or []:
        if not isinstance(entry, dict):
            continue
        width = entry.get("width") or entry.get("size") or entry.get("w")
        try:
            result.append({**entry, "width": int(width)})
        except (TypeError, ValueError):
            continue
    return result


def _srcset(renditions: Any) -> tuple[str, str]:
    """(src, srcset) from the renditions; WebP preferred, the first rendition of 640px or more as src."""
    usable = _normalise(renditions)
    webp = [r for r in usable if str(r.get("format", "webp")).lower() == "webp"] or usable
    webp.sort(key=lambda r: r["width"])
    parts = []
    for rendition in webp:
        url = _rendition_url(rendition)
        if url:
            parts.append((url, rendition["width"]))
    if not parts:
        return "", ""
    src = next((u for u, w in parts if w >= 640), parts[-1][0])
    return src, ", ".join(f"{u} {w}w" for u, w in parts)


@register.filter
def card_image(product: Any) -> dict[str, str] | None:
    images = getattr(product, "primary_images", None)
    if images is None:
        cache = getattr(product, "_prefetched_objects_cache", {})
        images = cache.get("images")
        if images is None:
            return None
        images = sorted(images, key=lambda i: (not i.is_primary, i.position, i.pk))
    image = images[0] if images else None
    if image is None:
        return None
    src, srcset = ("", "")
    if image.status == "ready":
        src, srcset = _srcset(image.renditions)
    return {
        "src": src,
        "srcset": srcset,
        "alt": image.alt_text or product.name,
        "status": image.status if src else ("pending" if image.status != "failed" else "failed"),
    }


@register.simple_tag
def craft_families() -> list[dict[str, Any]]:
    return [
        {"slug": slug, "name": name, "blurb": blurb, "image": static(f"img/family-{slug}.webp")}
        for slug, name, blurb in CRAFT_FAMILIES
    ]


@register.simple_tag(takes_context=True)
def current(context: template.Context, href: str, exact: bool = False) -> str:
    """`` aria-current="page"`` when the request is at ``href`` (or below it, unless ``exact``); else nothing."""
    request = context.get("request")
    if request is None or not href:
        return ""
    path = request.path
    hit = path == href if exact else (path == href or path.startswith(href.rstrip("/") + "/"))
    return mark_safe(' aria-current="page"') if hit else ""
