"""How each figure is measured, for every artisan at once, in a fixed number of queries (works the same on SQLite
and PostgreSQL: the only aggregation in SQL is COUNT/SUM/MAX; the median is taken in Python on the window's
bounded rows).

The window: the ``window_days`` whole days (Asia/Jakarta) that end with ``day`` (included), i.e. from
``day - (window_days - 1)`` 00:00 to ``day + 1`` 00:00 local time.

- **Orders paid**: orders whose ``paid_at`` falls in the window (every status, later cancellations included).
- **Promised date** ("ship by"): the local day of ``paid_at`` plus the larger of ``PERFORMANCE_SHIP_DAYS``
  (handling time for ready stock, default 3 days) and the longest ``lead_time_days`` among the order's
  made-to-order lines (the lead time the product page promised, copied onto the line at checkout). An order is
  shipped **on time** when the local day of ``shipped_at`` is on or before the promised day.
- **On-time share**: among orders paid in the window and not cancelled, those whose outcome is known at the end
  of ``day``: shipped (on time or late), or not shipped although the promised day has passed (late). Orders still
  within their promised time and unshipped are not counted yet.
- **Cancellation rate**: orders paid in the window that were cancelled by anyone but the buyer (the artisan,
  staff) over orders paid in the window. A buyer's own cancellation after paying does not count against the
  artisan.
- **First reply**: per thread whose first message is the buyer's and was sent in the window, the time from that
  message to the artisan's first message after it (sent before the end of the window). The median is over the
  answered threads; the 24-hour share is over the threads whose outcome is known (answered, or 24 hours passed).
- **Rating**: visible reviews written in the window (count, sum, average to two places).
- **Complaint rate**: complaints opened in the window (``sources.complaint_counts``) over orders paid in it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from orders.conversations.models import Message, Thread
from orders.models import Order, OrderStatusChange
from orders.reviews.models import Review

from . import sources

REPLY_TARGET = timedelta(hours=24)


@dataclass
class Figures:
    orders_paid: int = 0
    orders_cancelled: int = 0
    orders_due: int = 0
    orders_on_time: int = 0
    threads: int = 0
    threads_replied: int = 0
    threads_replied_24h: int = 0
    reply_seconds: list[int] = field(default_factory=list)
    complaints: int = 0
    rating_count: int = 0
    rating_sum: int = 0

    @property
    def reply_median_seconds(self) -> int | None:
        return round(statistics.median(self.reply_seconds)) if self.reply_seconds else None


def window(*, day: date, window_days: int) -> tuple[datetime, datetime]:
    """[start, end) of the window as aware datetimes in the project's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day - timedelta(days=window_days - 1), time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def promised_day(*, paid_at: datetime, lead_time_days: int | None) -> date:
    """The day an order paid at ``paid_at`` must ship by (see the module docstring)."""
    days = max(settings.PERFORMANCE_SHIP_DAYS, lead_time_days or 0)
    return timezone.localdate(paid_at) + timedelta(days=days)


def _orders(figures: dict[int, Figures], *, day: date, start: datetime, end: datetime) -> None:
    paid = Order.objects.filter(paid_at__gte=start, paid_at__lt=end)
    for row in paid.values("artisan_id").annotate(n=Count("pk")):
        figures[row["artisan_id"]].orders_paid = row["n"]
    by_buyer = OrderStatusChange.objects.filter(
        order=OuterRef("pk"), to_status=Order.Status.CANCELLED, actor_id=OuterRef("buyer_id")
    )
    cancelled = paid.filter(status=Order.Status.CANCELLED).exclude(Exists(by_buyer))
    for row in cancelled.values("artisan_id").annotate(n=Count("pk")):
        figures[row["artisan_id"]].orders_cancelled = row["n"]
    rows = (
        paid.exclude(status=Order.Status.CANCELLED)
        .annotate(lead=Max("lines__lead_time_days", filter=Q(lines__made_to_order=True)))
        .values_list("artisan_id", "paid_at", "shipped_at", "lead")
    )
    for artisan_id, paid_at, shipped_at, lead in rows:
        ship_by = promised_day(paid_at=paid_at, lead_time_days=lead)
        if shipped_at is not None and shipped_at < end:
            figures[artisan_id].orders_due += 1
            figures[artisan_id].orders_on_time += timezone.localdate(shipped_at) <= ship_by
        elif ship_by <= day:
            figures[artisan_id].orders_due += 1


def _replies(figures: dict[int, Figures], *, start: datetime, end: datetime) -> None:
    first = Message.objects.filter(thread=OuterRef("pk")).order_by("pk")
    threads = (
        # A thread whose first message is in the window was active since its start (last_message_at is indexed).
        Thread.objects.filter(last_message_at__gte=start, created_at__lt=end)
        .annotate(
            first_sender=Subquery(first.values("sender_id")[:1]),
            first_at=Subquery(first.values("created_at")[:1]),
        )
        .filter(first_sender=F("buyer_id"), first_at__gte=start, first_at__lt=end)
        .annotate(
            reply_at=Subquery(
                Message.objects.filter(
                    thread=OuterRef("pk"),
                    sender_id=OuterRef("artisan__user_id"),
                    created_at__gte=OuterRef("first_at"),
                    created_at__lt=end,
                )
                .order_by("created_at", "pk")
                .values("created_at")[:1]
            )
        )
        .values_list("artisan_id", "first_at", "reply_at")
    )
    for artisan_id, first_at, reply_at in threads:
        figure = figures[artisan_id]
        if reply_at is not None:
            waited = reply_at - first_at
            figure.threads += 1
            figure.threads_replied += 1
            figure.threads_replied_24h += waited <= REPLY_TARGET
            figure.reply_seconds.append(int(waited.total_seconds()))
        elif first_at + REPLY_TARGET <= end:
            figure.threads += 1


def _ratings(figures: dict[int, Figures], *, start: datetime, end: datetime) -> None:
    reviews = Review.objects.filter(status=Review.Status.VISIBLE, created_at__gte=start, created_at__lt=end)
    for row in reviews.values("artisan_id").annotate(n=Count("pk"), total=Sum("rating")):
        figures[row["artisan_id"]].rating_count = row["n"]
        figures[row["artisan_id"]].rating_sum = row["total"] or 0


def figures_for_window(*, day: date, window_days: int) -> dict[int, Figures]:
    """Every artisan with anything in the window → their figures (six queries, whatever the number of artisans)."""
    start, end = window(day=day, window_days=window_days)
    figures: dict[int, Figures] = defaultdict(Figures)
    _orders(figures, day=day, start=start, end=end)
    _replies(figures, start=start, end=end)
    _ratings(figures, start=start, end=end)
    for artisan_id, count in sources.complaint_counts(since=start, until=end).items():
        figures[artisan_id].complaints = count
    return dict(figures)
