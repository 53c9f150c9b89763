"""Reads of reviews, already scoped and joined: the public list of a product (visible reviews only), the
distribution of its stars, an artisan's reviews for the studio, a buyer's reviews of one order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from artisans.models import Artisan
from catalog.models import Product
from orders.models import Order, OrderLine

from .models import MAX_RATING, MIN_RATING, Review, ReviewPhoto

PAGE_SIZE = 10


def _photos() -> Prefetch:
    return Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position", "pk"))


def reviews_for_product(*, product: Product) -> QuerySet[Review]:
    """The visible reviews of a product, newest first, with their author's name and photos (two queries a page)."""
    return (
        Review.objects.filter(product=product, status=Review.Status.VISIBLE)
        .select_related("buyer")
        .only(
            "pk",
            "rating",
            "text",
            "status",
            "edit_count",
            "edited_at",
            "reply",
            "replied_at",
            "created_at",
            "product_id",
            "artisan_id",
            "buyer__name",
        )
        .prefetch_related(_photos())
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class StarRow:
    stars: int
    count: int
    percent: int


def rating_distribution(*, product: Product) -> list[StarRow]:
    """How many visible reviews gave 5, 4, 3, 2 and 1 stars (every row present, zeros included): one query."""
    counts = Review.objects.filter(product=product, status=Review.Status.VISIBLE).aggregate(
        **{f"s{n}": Count("pk", filter=Q(rating=n)) for n in range(MIN_RATING, MAX_RATING + 1)}
    )
    total = sum(counts.values())
    return [
        StarRow(stars=n, count=counts[f"s{n}"], percent=round(100 * counts[f"s{n}"] / total) if total else 0)
        for n in range(MAX_RATING, MIN_RATING - 1, -1)
    ]


def reviews_for_artisan(*, artisan: Artisan) -> QuerySet[Review]:
    """Every review of the artisan's products (hidden ones too: the studio says so), newest first."""
    return (
        Review.objects.filter(artisan=artisan)
        .select_related("product", "buyer", "order")
        .prefetch_related(_photos())
        .order_by("-created_at", "-pk")
    )


def review_for_artisan(*, artisan: Artisan | None, pk: Any) -> Review | None:
    if artisan is None or not str(pk).isdigit():
        return None
    return Review.objects.select_related("product", "buyer").filter(artisan=artisan, pk=int(pk)).first()


def review_for_buyer(*, user: Any, pk: Any) -> Review | None:
    if not getattr(user, "is_authenticated", False) or not str(pk).isdigit():
        return None
    return (
        Review.objects.select_related("product", "order", "buyer")
        .prefetch_related(_photos())
        .filter(buyer=user, pk=int(pk))
        .first()
    )


def review_public(*, pk: Any) -> Review | None:
    """A visible review of a public product (what visitors may report)."""
    if not str(pk).isdigit():
        return None
    return (
        Review.objects.select_related("product", "buyer")
        .filter(pk=int(pk), status=Review.Status.VISIBLE, product__in=Product.objects.public())
        .first()
    )


@dataclass(frozen=True)
class ReviewableLine:
    line: OrderLine
    product: Product | None
    review: Review | None


def order_review_lines(*, order: Order) -> list[ReviewableLine]:
    """Each line of the buyer's order with its product (None when the variant is gone) and the buyer's review of
    it, if any: two queries, whatever the number of lines."""
    lines = list(OrderLine.objects.filter(order=order).select_related("variant__product").order_by("pk"))
    reviews = {r.product_id: r for r in Review.objects.filter(order=order)}
    result = []
    for line in lines:
        product = line.variant.product if line.variant_id else None
        result.append(ReviewableLine(line=line, product=product, review=reviews.get(product.pk) if product else None))
    return result
