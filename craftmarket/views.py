"""Project-level pages: the home page (which combines apps), health and error pages."""

from __future__ import annotations

import logging
import sys

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from artisans.selectors import artisan_spotlight, artisans_by_region
from catalog.selectors import category_tree, featured_products, new_arrivals
from craftmarket.common.templatetags.ui import craft_families
from craftmarket.security.responses import database_unavailable, is_database_outage

logger = logging.getLogger(__name__)


HOME_FEATURED = 4
HOME_NEW = 8
HOME_REGIONS = 8
HOME_ARTISANS = 6
FAMILY_IMAGES = {"logam", "anyaman", "kayu", "fesyen"}


def _families() -> list[dict[str, object]]:
    """The craft families of the (cached) category tree, those with an illustration, with their first
    subcategories; the four built-in ones when the tree does not have them."""
    families = [
        {
            "slug": node.slug,
            "name": node.name,
            "url": node.get_absolute_url(),
            "image": static(f"img/family-{node.slug}.webp"),
            "children": node.children[:4],
        }
        for node in category_tree()
        if node.slug in FAMILY_IMAGES
    ]
    if families:
        return families
    return [{**family, "url": reverse("catalog:category", args=[family["slug"]])} for family in craft_families()]


def home(request: HttpRequest) -> HttpResponse:
    """Hero, the craft families, featured products, new arrivals and artisans by region, from the catalogue and
    artisans selectors: a constant number of queries whatever the catalogue size (six; the category tree is
    cached)."""
    featured = featured_products(limit=HOME_FEATURED)
    shown = {p.pk for p in featured}
    # One extra page of arrivals so that the featured ones can be left out without a second query.
    new = [p for p in new_arrivals(limit=HOME_NEW + HOME_FEATURED) if p.pk not in shown][:HOME_NEW]
    regions = artisans_by_region()
    return render(
        request,
        "home.html",
        {
            "families": _families(),
            "featured": featured,
            "new_arrivals": new,
            "regions": regions[:HOME_REGIONS],
            "region_count": len(regions),
            "artisans": artisan_spotlight(limit=HOME_ARTISANS),
        },
    )


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value it stored")


def _check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return "redis"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Reachability of the database, the cache and the broker: 200 when all are up, 503 otherwise."""
    checks: dict[str, dict[str, object]] = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            mode = check()
            checks[name] = {"ok": True, **({"mode": mode} if mode else {})}
        except Exception as exc:  # a health check reports every failure, whatever its type
            logger.warning("healthz: %s unreachable: %s", name, exc.__class__.__name__)
            checks[name] = {"ok": False, "error": exc.__class__.__name__}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, the API's JSON): the logo."""
    response = HttpResponsePermanentRedirect(static("img/logo.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


PLAIN_500 = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Craftmarket</title></head>'
    '<body><h1>Terjadi kesalahan / Something went wrong</h1><p><a href="/">Craftmarket</a></p></body></html>'
)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it while handling the exception, so ``sys.exc_info()`` names it: a database outage
    outside any view (a middleware loading the user, the session saved on the way out) is a 503 like one inside
    a view (DatabaseUnavailableMiddleware), not a 500."""
    if is_database_outage(sys.exc_info()[1]):
        logger.error("database unavailable outside the view on %s %s", request.method, request.path)
        return database_unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:  # the layout needs the session and the database, which may be what failed
        logger.exception("server_error: the designed 500 page failed to render; serving the plain one")
        return HttpResponse(PLAIN_500, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django reports a session that could not be saved as a 400 (SessionInterrupted); when the cause is a lost
    # database connection it is an outage, not the client's fault.
    if is_database_outage(exception):
        logger.error("database unavailable while saving the session on %s %s", request.method, request.path)
        return database_unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return render(request, "errors/403.html", status=403)
