"""Each figure on fixed data, worked out by hand (README "Artisan performance" defines them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from orders.complaints.models import Complaint
from orders.models import Order
from orders.performance import sources
from orders.performance.figures import figures_for_window, promised_day, window
from orders.performance.models import PerformanceSnapshot
from orders.performance.services import performance_snapshots_compute
from tests.performance.factories import DAY, JAKARTA, artisan, at, order, rating, thread

pytestmark = pytest.mark.django_db
NOV = 11


def d(day: int, month: int = NOV) -> date:
    return date(2026, month, day)


@pytest.fixture
def after_day():
    with time_machine.travel(at(d(5, 12)), tick=False):
        yield


@pytest.fixture
def maker(after_day):
    """An artisan with orders, threads and reviews around the window 2026-09-02 … 2026-11-30."""
    a = artisan(business_name="Rotan Tegalwangi")
    order(a, paid_at=at(d(1)), shipped_at=at(d(4), 20))  # ship by 4 Nov: on time
    order(a, paid_at=at(d(1)), shipped_at=at(d(5), 8))  # late by a day
    order(a, paid_at=at(d(1), 23), shipped_at=at(d(4), 23))  # paid 23:00 WIB (16:00 UTC): still on time
    order(a, paid_at=at(d(1)), shipped_at=at(d(14)), lead_time_days=14)  # made to order: ship by 15 Nov
    order(a, paid_at=at(d(20)), lead_time_days=14)  # ship by 4 Dec: not decided yet
    order(a, paid_at=at(d(20)))  # ship by 23 Nov, not shipped by 30 Nov: late
    order(a, paid_at=at(d(28)))  # ship by 1 Dec: not decided yet
    order(a, paid_at=at(d(10)), cancelled_by="artisan")  # counts as a cancellation
    order(a, paid_at=at(d(10)), cancelled_by="buyer")  # the buyer's own: not against the artisan
    order(a, paid_at=at(d(31, 8)), shipped_at=at(d(10, 9)))  # paid before the window
    order(a, paid_at=None, status=Order.Status.AWAITING_PAYMENT)  # never paid

    thread(a, asked_at=at(d(10)), replies=[at(d(10), 12)])  # 2 h
    thread(a, asked_at=at(d(11)), replies=[at(d(12), 11), at(d(12), 12)])  # 25 h: the first reply counts
    thread(a, asked_at=at(d(12)), replies=[at(d(13))])  # exactly 24 h: within
    thread(a, asked_at=at(d(20)))  # never answered, 24 h passed
    thread(a, asked_at=at(d(30), 20))  # asked 4 hours before the end: not decided yet
    thread(a, asked_at=at(d(15)), first_by_artisan=True)  # the artisan started it: no first reply to time
    thread(a, asked_at=at(d(1, 8)), replies=[at(d(3, 9))])  # asked before the window

    rating(a, 5, written_at=at(d(1)))
    rating(a, 4, written_at=at(d(2)))
    rating(a, 1, written_at=at(d(3)), visible=False)  # hidden by a moderator
    rating(a, 1, written_at=at(d(1, 9)))  # before the window
    return a


def test_the_window_is_ninety_whole_days_in_jakarta():
    start, end = window(day=DAY, window_days=90)
    assert (start, end) == (at(d(2, 9), 0), at(d(1, 12), 0))
    assert start.tzinfo == JAKARTA or start.utcoffset() == timedelta(hours=7)


def test_the_promised_day_is_the_paid_day_plus_handling_or_the_longest_lead_time(settings):
    settings.PERFORMANCE_SHIP_DAYS = 3
    assert promised_day(paid_at=at(d(1), 23), lead_time_days=None) == d(4)
    assert promised_day(paid_at=at(d(1)), lead_time_days=14) == d(15)
    assert promised_day(paid_at=at(d(1)), lead_time_days=2) == d(4)  # never sooner than the handling days


def test_order_figures(maker):
    figures = figures_for_window(day=DAY, window_days=90)[maker.pk]
    assert (figures.orders_paid, figures.orders_cancelled) == (9, 1)
    assert (figures.orders_due, figures.orders_on_time) == (5, 3)


def test_first_reply_figures(maker):
    figures = figures_for_window(day=DAY, window_days=90)[maker.pk]
    assert (figures.threads, figures.threads_replied, figures.threads_replied_24h) == (4, 3, 2)
    assert sorted(figures.reply_seconds) == [7200, 86400, 90000]
    assert figures.reply_median_seconds == 86400


def test_rating_figures(maker):
    figures = figures_for_window(day=DAY, window_days=90)[maker.pk]
    assert (figures.rating_count, figures.rating_sum) == (2, 9)


def test_the_snapshot_stores_counts_and_shares(maker, monkeypatch):
    monkeypatch.setattr(sources, "complaint_counts", lambda *, since, until: {maker.pk: 2})
    performance_snapshots_compute(day=DAY)
    snapshot = PerformanceSnapshot.objects.get(artisan=maker)
    assert snapshot.date == DAY and snapshot.window_days == 90
    assert snapshot.on_time_permille == 600  # 3 of 5
    assert snapshot.reply_24h_permille == 500  # 2 of 4
    assert snapshot.reply_median_seconds == 86400
    assert (snapshot.rating_average, snapshot.rating) == (Decimal("4.50"), Decimal("4.50"))
    assert (snapshot.complaints, snapshot.complaint_permille) == (2, 222)  # 2 of 9, rounded down
    assert snapshot.cancellation_permille == 111  # 1 of 9
    assert snapshot.outstanding is False


def test_without_data_every_share_is_none_not_a_division_by_zero(after_day):
    quiet = artisan()
    assert performance_snapshots_compute(day=DAY) == 1
    snapshot = PerformanceSnapshot.objects.get(artisan=quiet)
    assert snapshot.orders_paid == snapshot.threads == snapshot.rating_count == 0
    assert snapshot.on_time_permille is None
    assert snapshot.reply_24h_permille is None
    assert snapshot.reply_median_seconds is None
    assert snapshot.complaint_permille is None
    assert snapshot.cancellation_permille is None
    assert snapshot.rating is None


def test_complaints_opened_in_the_window_count_against_the_artisan(maker):
    """The real complaint counts (orders.complaints): two opened in the window, one before it, one of another
    artisan's; 2 of the 9 orders paid in the window."""
    orders = list(Order.objects.filter(artisan=maker).order_by("pk"))
    other = order(artisan(), paid_at=at(d(2)), shipped_at=at(d(3)))
    for o, opened in ((orders[0], at(d(6))), (orders[1], at(d(29), 23)), (orders[2], at(d(30, 8))), (other, at(d(6)))):
        Complaint.objects.create(
            order=o,
            artisan=o.artisan,
            buyer=o.buyer,
            reason="damaged",
            request="refund_full",
            description="Pecah",
            respond_by=opened + timedelta(days=3),
            created_at=opened,
        )

    performance_snapshots_compute(day=DAY)

    snapshot = PerformanceSnapshot.objects.get(artisan=maker)
    assert (snapshot.complaints, snapshot.complaint_permille) == (2, 222)  # 2 of 9, rounded down


def test_the_same_day_computed_twice_is_one_row_with_the_same_figures(maker):
    performance_snapshots_compute(day=DAY)
    first = PerformanceSnapshot.objects.values().get(artisan=maker)
    order(maker, paid_at=at(d(25)), shipped_at=at(d(26)))  # a late-arriving row is picked up by a rerun
    performance_snapshots_compute(day=DAY)
    assert PerformanceSnapshot.objects.filter(artisan=maker).count() == 1
    second = PerformanceSnapshot.objects.values().get(artisan=maker)
    assert second["id"] == first["id"]
    assert (second["orders_paid"], second["orders_on_time"]) == (10, 4)


def test_figures_take_a_fixed_number_of_queries(maker, django_assert_num_queries):
    for _ in range(3):
        other = artisan()
        order(other, paid_at=at(d(2)), shipped_at=at(d(3)))
        thread(other, asked_at=at(d(4)), replies=[at(d(4), 11)])
    with django_assert_num_queries(6):
        figures = figures_for_window(day=DAY, window_days=90)
    assert len(figures) == 4
