"""Stored rating aggregates: one rounding rule for every average, and the fields and constraints that the rows
which carry an aggregate (a product, an artisan) share. Reviews (orders.reviews) keep them; lists only read them,
so a card's stars cost no query."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from craftmarket.common.validators import INTEGER_MAX, int_range

AVERAGE_PLACES = Decimal("0.01")


def rating_average(*, total: int, count: int) -> Decimal:
    """``total / count`` rounded half up to two places (4.125 → 4.13), exactly, in decimal; 0.00 with no rating."""
    if count < 0 or total < 0:
        raise ValueError("rating totals cannot be negative")
    if count == 0:
        return Decimal("0.00")
    return (Decimal(total) / Decimal(count)).quantize(AVERAGE_PLACES, rounding=ROUND_HALF_UP)


def count_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(_("number of ratings"), default=0, validators=int_range(0, INTEGER_MAX))


def sum_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(_("sum of ratings"), default=0, validators=int_range(0, INTEGER_MAX))


def average_field() -> models.DecimalField:
    return models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=Decimal("0.00"))


def rating_constraints(prefix: str) -> list[models.CheckConstraint]:
    """What the database can hold of the rule: each rating is 1–5, so count ≤ sum ≤ 5·count, and the average is
    0 without ratings and between 1 and 5 with them."""
    return [
        models.CheckConstraint(
            condition=Q(rating_sum__gte=F("rating_count"), rating_sum__lte=F("rating_count") * 5),
            name=f"{prefix}_rating_sum_in_range",
        ),
        models.CheckConstraint(
            condition=Q(rating_count=0, rating_average=0)
            | Q(rating_count__gt=0, rating_average__gte=1, rating_average__lte=5),
            name=f"{prefix}_rating_average_in_range",
        ),
    ]
