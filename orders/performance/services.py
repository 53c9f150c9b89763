"""Writing the nightly snapshots and the badge."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from artisans.services import artisan_set_outstanding
from craftmarket.common.errors import DomainError
from craftmarket.common.ratings import rating_average

from . import badge
from .figures import Figures, figures_for_window
from .models import PerformanceSnapshot, permille

WINDOW_DAYS_MAX = 366


def _values(figures: Figures, *, window_days: int) -> dict:
    return {
        "window_days": window_days,
        "orders_paid": figures.orders_paid,
        "orders_cancelled": figures.orders_cancelled,
        "orders_due": figures.orders_due,
        "orders_on_time": figures.orders_on_time,
        "threads": figures.threads,
        "threads_replied": figures.threads_replied,
        "threads_replied_24h": figures.threads_replied_24h,
        "reply_median_seconds": figures.reply_median_seconds,
        "complaints": figures.complaints,
        "rating_count": figures.rating_count,
        "rating_sum": figures.rating_sum,
        "rating_average": rating_average(total=figures.rating_sum, count=figures.rating_count),
        "on_time_permille": permille(figures.orders_on_time, figures.orders_due),
        "reply_24h_permille": permille(figures.threads_replied_24h, figures.threads),
        "cancellation_permille": permille(figures.orders_cancelled, figures.orders_paid),
        "complaint_permille": permille(figures.complaints, figures.orders_paid),
        "computed_at": timezone.now(),
    }


def performance_snapshots_compute(*, day: date | None = None, window_days: int | None = None) -> int:
    """Compute every artisan's snapshot for ``day`` (default: yesterday, the last whole day in Asia/Jakarta) and
    give or take away the badge accordingly. Returns the number of snapshots written.

    Idempotent: the same day computed twice updates its one row per artisan (unique on artisan and day). Each
    artisan is written in its own transaction (snapshot and badge together), so one failure leaves the others.
    Artisans with no activity in the window get a snapshot of zeros while verified (their dashboard shows "—"),
    and none otherwise. A badge is only changed by the snapshot of the latest day computed so far.
    """
    today = timezone.localdate()
    day = day or today - timedelta(days=1)
    window_days = settings.PERFORMANCE_WINDOW_DAYS if window_days is None else window_days
    if not 1 <= window_days <= WINDOW_DAYS_MAX:
        raise DomainError(
            _("The window must be between 1 and %(max)d days.") % {"max": WINDOW_DAYS_MAX}, field="window"
        )
    if day >= today:
        raise DomainError(_("Only a day that has ended can be computed."), field="date")
    figures = figures_for_window(day=day, window_days=window_days)
    artisans = Artisan.objects.filter(pk__in=list(figures)) | Artisan.objects.filter(status=Artisan.Status.VERIFIED)
    written = 0
    for artisan in artisans.distinct().order_by("pk").iterator():
        with transaction.atomic():
            snapshot, _created = PerformanceSnapshot.objects.update_or_create(
                artisan=artisan, date=day, defaults=_values(figures.get(artisan.pk, Figures()), window_days=window_days)
            )
            snapshot.outstanding = badge.is_outstanding(snapshot)
            snapshot.save(update_fields=["outstanding"])
            newer = PerformanceSnapshot.objects.filter(artisan=artisan, date__gt=day).exists()
            if not newer:
                artisan_set_outstanding(artisan=artisan, outstanding=snapshot.outstanding, on=day)
        written += 1
    return written
