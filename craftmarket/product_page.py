"""The product page with its reviews. The page is the catalogue's (``catalog.product_views.render_product_page``);
the reviews belong to orders (``orders.reviews``), which catalog may not import,
so the page that combines them lives here and is served at /p/<slug>/ ahead of the catalogue's URLs (the URL name
``catalog:product`` still names it). Reviews are paginated 10 to a page with ``?page=<n>``. The body with its reviews
is cached like the catalogue's (``catalog.fragments``): every review write bumps the product's ``updated_at``."""

from __future__ import annotations

import hashlib

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from catalog import product_views
from orders.reviews import selectors as review_selectors


class KnownCountPaginator(Paginator):
    """A paginator told its count: the product's stored ``rating_count`` is the number of its visible reviews,
    kept by the review services in the same transaction as the reviews, so counting them again is not needed."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def _etag(request: HttpRequest, slug: str) -> str | None:
    """The catalogue page's ETag and the reviews page asked for. Every review write bumps the product's
    ``updated_at``, which the catalogue's tag carries."""
    base = product_views.product_etag(request, slug)
    if base is None:
        return None
    return hashlib.sha256(f"{base}|{request.GET.get('page', '')}".encode()).hexdigest()[:32]


@condition(etag_func=_etag, last_modified_func=product_views.product_last_modified)
@cache_control(private=True, no_cache=True)
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def add_reviews(context: dict) -> None:
        product = context["product"]
        context["reviews_section"] = "reviews/_section.html"
        if not product.rating_count:  # the stored count of visible reviews: no query for a product without any
            return
        paginator = KnownCountPaginator(
            review_selectors.reviews_for_product(product=product),
            review_selectors.PAGE_SIZE,
            count=product.rating_count,
        )
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            reviews_page=page,
            reviews=page.object_list,
            distribution=review_selectors.rating_distribution(product=product),
        )

    return product_views.render_product_page(request, slug, page=request.GET.get("page", ""), extend=add_reviews)
