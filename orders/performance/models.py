"""One snapshot of an artisan's performance per day: the counts behind every ratio, and the ratios themselves
(permille, rounded down, None without data) so that lists, the admin and the API read them without dividing."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from craftmarket.common import ratings
from craftmarket.common.validators import INTEGER_MAX, SMALLINT_MAX, int_range

WINDOW_DAYS_DEFAULT = 90


def permille(part: int, whole: int) -> int | None:
    """``part / whole`` in thousandths rounded down (949.9 ‰ shows as 949, never as a met 950), None for 0/0."""
    return None if whole == 0 else part * 1000 // whole


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0, validators=int_range(0, INTEGER_MAX))


def _permille(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=int_range(0, 1000))


class PerformanceSnapshot(models.Model):
    """An artisan's figures over the ``window_days`` days ending with ``date`` (Asia/Jakarta days, ``date``
    included). Written by ``services.performance_snapshots_compute``; one row per artisan and day."""

    artisan = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="performance_snapshots", verbose_name=_("artisan")
    )
    date = models.DateField(_("day"))
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"), default=WINDOW_DAYS_DEFAULT, validators=int_range(1, SMALLINT_MAX)
    )
    # Orders paid in the window, and those of them cancelled by anyone but the buyer.
    orders_paid = _count(_("orders paid"))
    orders_cancelled = _count(_("orders cancelled by the artisan"))
    # Orders paid in the window whose shipping is decided (shipped, or the promised day has passed unshipped).
    orders_due = _count(_("orders due to ship"))
    orders_on_time = _count(_("orders shipped on time"))
    # Threads a buyer started in the window whose first reply is decided (answered, or 24 hours passed).
    threads = _count(_("conversations started by buyers"))
    threads_replied = _count(_("conversations answered"))
    threads_replied_24h = _count(_("conversations answered within 24 hours"))
    reply_median_seconds = models.PositiveIntegerField(
        _("median first reply (seconds)"), null=True, blank=True, validators=int_range(0, INTEGER_MAX)
    )
    complaints = _count(_("complaints"))
    # Visible reviews written in the window.
    rating_count = ratings.count_field()
    rating_sum = ratings.sum_field()
    rating_average = ratings.average_field()
    on_time_permille = _permille(_("shipped on time (‰)"))
    reply_24h_permille = _permille(_("answered within 24 hours (‰)"))
    cancellation_permille = _permille(_("cancellation rate (‰)"))
    complaint_permille = models.PositiveIntegerField(
        _("complaint rate (‰)"), null=True, blank=True, validators=int_range(0, INTEGER_MAX)
    )
    outstanding = models.BooleanField(_("meets the badge thresholds"), default=False)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("performance snapshot")
        verbose_name_plural = _("performance snapshots")
        ordering = ["-date", "artisan_id"]
        constraints = [
            models.UniqueConstraint(fields=["artisan", "date"], name="performance_one_snapshot_per_artisan_and_day"),
            *ratings.rating_constraints("performance"),
            models.CheckConstraint(
                condition=Q(orders_cancelled__lte=F("orders_paid"), orders_due__lte=F("orders_paid"))
                & Q(orders_on_time__lte=F("orders_due")),
                name="performance_order_counts_consistent",
            ),
            models.CheckConstraint(
                condition=Q(threads_replied__lte=F("threads"), threads_replied_24h__lte=F("threads_replied")),
                name="performance_thread_counts_consistent",
            ),
            models.CheckConstraint(
                condition=Q(on_time_permille__isnull=True) | Q(on_time_permille__lte=1000),
                name="performance_on_time_permille_range",
            ),
            models.CheckConstraint(
                condition=Q(reply_24h_permille__isnull=True) | Q(reply_24h_permille__lte=1000),
                name="performance_reply_permille_range",
            ),
            models.CheckConstraint(
                condition=Q(cancellation_permille__isnull=True) | Q(cancellation_permille__lte=1000),
                name="performance_cancellation_permille_range",
            ),
        ]
        indexes = [models.Index(fields=["artisan", "-date"], name="performance_artisan_recent")]

    def __str__(self) -> str:
        return f"{self.artisan_id} {self.date.isoformat()}"

    @property
    def rating(self) -> Decimal | None:
        """The average of the window's visible reviews (two places), None without reviews."""
        return self.rating_average if self.rating_count else None
