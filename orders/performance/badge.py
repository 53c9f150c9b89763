"""The "Perajin Unggulan / Outstanding artisan" thresholds (``PERFORMANCE_BADGE_*`` settings, read at call time)
and which of them a snapshot misses.

Decisions where the issue is silent: every comparison is "at least" on the stored figure the artisan sees (the
on-time and reply shares in permille rounded down, the rating average rounded half up to two places); no reviews
in the window means the rating criterion is not met, while no buyer message in the window means the reply
criterion is met (there was nothing to answer, as on Etsy); orders means orders paid in the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import PerformanceSnapshot


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    needed: str  # formatted for people: "95 %", "4.8", "5"
    met: bool


def _percent(value: int) -> str:
    return f"{Decimal(value) / 10:g} %"


def criteria(snapshot: PerformanceSnapshot | None) -> list[Criterion]:
    """Each threshold with whether ``snapshot`` meets it (none is met without a snapshot)."""
    on_time = settings.PERFORMANCE_BADGE_ON_TIME_PERMILLE
    replies = settings.PERFORMANCE_BADGE_REPLY_24H_PERMILLE
    rating = Decimal(str(settings.PERFORMANCE_BADGE_MIN_RATING))
    orders = settings.PERFORMANCE_BADGE_MIN_ORDERS
    s = snapshot
    return [
        Criterion(
            "orders", str(_("Orders in the last 90 days")), str(orders), s is not None and s.orders_paid >= orders
        ),
        Criterion(
            "on_time",
            str(_("Shipped by the promised date")),
            _percent(on_time),
            s is not None and s.on_time_permille is not None and s.on_time_permille >= on_time,
        ),
        Criterion(
            "replies",
            str(_("First replies within 24 hours")),
            _percent(replies),
            s is not None and (s.threads == 0 or (s.reply_24h_permille or 0) >= replies),
        ),
        Criterion(
            "rating",
            str(_("Average rating")),
            f"{rating:g}",
            s is not None and s.rating_count > 0 and s.rating_average >= rating,
        ),
    ]


def is_outstanding(snapshot: PerformanceSnapshot) -> bool:
    return all(criterion.met for criterion in criteria(snapshot))
