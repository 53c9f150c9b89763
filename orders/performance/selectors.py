"""Reads of the snapshots: an artisan's latest figures with the last 12 weeks (one query), for the studio
dashboard and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from artisans.models import Artisan

from . import badge
from .models import PerformanceSnapshot

WEEKS = 12


@dataclass(frozen=True)
class Overview:
    latest: PerformanceSnapshot | None
    weeks: list[PerformanceSnapshot]  # the last snapshot of each of the last 12 weeks that has one, oldest first
    criteria: list[badge.Criterion]

    @property
    def missed(self) -> list[badge.Criterion]:
        return [criterion for criterion in self.criteria if not criterion.met]


def performance_overview(*, artisan: Artisan, today: date | None = None) -> Overview:
    """The artisan's latest snapshot, one per week for the chart, and the badge criteria (one query)."""
    today = today or timezone.localdate()
    since = today - timedelta(weeks=WEEKS)
    rows = list(PerformanceSnapshot.objects.filter(artisan=artisan, date__gt=since).order_by("date"))
    by_week: dict[tuple[int, int], PerformanceSnapshot] = {}
    for row in rows:  # ascending: the week's last day wins
        by_week[row.date.isocalendar()[:2]] = row
    weeks = list(by_week.values())[-WEEKS:]
    latest = rows[-1] if rows else None
    return Overview(latest=latest, weeks=weeks, criteria=badge.criteria(latest))
