"""The "Outstanding artisan" thresholds: at, just below and just above each one, and the badge the nightly job
gives and takes away through ``artisans.services.artisan_set_outstanding``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from artisans.models import Artisan
from artisans.services import artisan_set_outstanding
from orders.performance import badge
from orders.performance.models import PerformanceSnapshot
from orders.performance.services import performance_snapshots_compute
from tests.performance.factories import DAY, artisan, at, days_before, order, rating, thread

BASE = {
    "orders_paid": 5,
    "orders_due": 1000,
    "orders_on_time": 950,
    "on_time_permille": 950,
    "threads": 10,
    "threads_replied": 9,
    "threads_replied_24h": 9,
    "reply_24h_permille": 900,
    "rating_count": 5,
    "rating_sum": 24,
    "rating_average": Decimal("4.80"),
}


def snapshot(**changes) -> PerformanceSnapshot:
    return PerformanceSnapshot(date=DAY, **{**BASE, **changes})


def missed(item: PerformanceSnapshot) -> list[str]:
    return [criterion.key for criterion in badge.criteria(item) if not criterion.met]


def test_exactly_at_every_threshold_is_outstanding():
    assert missed(snapshot()) == []
    assert badge.is_outstanding(snapshot())


@pytest.mark.parametrize(
    ("key", "below", "above"),
    [
        ("orders", {"orders_paid": 4}, {"orders_paid": 6}),
        ("on_time", {"on_time_permille": 949}, {"on_time_permille": 951}),
        ("replies", {"reply_24h_permille": 899}, {"reply_24h_permille": 901}),
        ("rating", {"rating_average": Decimal("4.79")}, {"rating_average": Decimal("4.81")}),
    ],
)
def test_just_below_a_threshold_misses_it_and_just_above_meets_it(key, below, above):
    assert missed(snapshot(**below)) == [key]
    assert missed(snapshot(**above)) == []


def test_thresholds_come_from_settings(settings):
    settings.PERFORMANCE_BADGE_MIN_ORDERS = 6
    settings.PERFORMANCE_BADGE_ON_TIME_PERMILLE = 960
    settings.PERFORMANCE_BADGE_REPLY_24H_PERMILLE = 950
    settings.PERFORMANCE_BADGE_MIN_RATING = "4.9"
    assert missed(snapshot()) == ["orders", "on_time", "replies", "rating"]
    assert [c.needed for c in badge.criteria(None)] == ["6", "96 %", "95 %", "4.9"]


def test_no_messages_meets_the_reply_criterion_but_no_reviews_or_no_due_orders_do_not():
    assert missed(snapshot(threads=0, threads_replied=0, threads_replied_24h=0, reply_24h_permille=None)) == []
    assert missed(snapshot(rating_count=0, rating_sum=0, rating_average=Decimal("0.00"))) == ["rating"]
    assert missed(snapshot(orders_due=0, orders_on_time=0, on_time_permille=None)) == ["on_time"]
    assert missed(None) == ["orders", "on_time", "replies", "rating"]


def _excellent(maker, *, orders: int = 5) -> None:
    for n in range(orders):
        order(maker, paid_at=days_before(20 + n), shipped_at=days_before(19 + n))
    thread(maker, asked_at=days_before(10), replies=[days_before(10, hour=11)])
    for stars in (5, 5, 5, 5, 4):  # 4.80
        rating(maker, stars, written_at=days_before(5))


@pytest.mark.django_db
def test_the_nightly_job_gives_the_badge_at_the_thresholds_and_takes_it_away():
    with time_machine.travel(at(DAY + timedelta(days=1), 2), tick=False):
        maker = artisan()
        _excellent(maker)
        performance_snapshots_compute()  # yesterday = DAY
        maker.refresh_from_db()
        assert maker.outstanding_since == DAY and maker.is_outstanding
        assert PerformanceSnapshot.objects.get(artisan=maker, date=DAY).outstanding

    with time_machine.travel(at(DAY + timedelta(days=2), 2), tick=False):
        performance_snapshots_compute()  # still met: the badge keeps its first day
        maker.refresh_from_db()
        assert maker.outstanding_since == DAY

    with time_machine.travel(at(DAY + timedelta(days=3), 2), tick=False):
        rating(maker, 1, written_at=at(DAY + timedelta(days=2)))  # 25/6 = 4.17
        performance_snapshots_compute()
        maker.refresh_from_db()
        assert maker.outstanding_since is None and not maker.is_outstanding


@pytest.mark.django_db
def test_four_orders_is_not_enough_and_recomputing_an_older_day_does_not_touch_the_badge():
    with time_machine.travel(at(DAY + timedelta(days=1), 2), tick=False):
        maker = artisan()
        _excellent(maker, orders=4)
        performance_snapshots_compute()
        maker.refresh_from_db()
        assert maker.outstanding_since is None
        order(maker, paid_at=days_before(30), shipped_at=days_before(29))
        performance_snapshots_compute(day=DAY)
        maker.refresh_from_db()
        assert maker.outstanding_since == DAY
        performance_snapshots_compute(day=DAY - timedelta(days=40))  # an older day: its snapshot only
        maker.refresh_from_db()
        assert maker.outstanding_since == DAY
        assert not PerformanceSnapshot.objects.get(artisan=maker, date=DAY - timedelta(days=40)).outstanding


@pytest.mark.django_db
def test_only_a_verified_artisan_holds_the_badge():
    suspended = artisan(status=Artisan.Status.SUSPENDED)
    artisan_set_outstanding(artisan=suspended, outstanding=True, on=DAY)
    suspended.refresh_from_db()
    assert suspended.outstanding_since is None
    verified = artisan()
    artisan_set_outstanding(artisan=verified, outstanding=True, on=DAY)
    artisan_set_outstanding(artisan=verified, outstanding=True, on=DAY + timedelta(days=1))
    verified.refresh_from_db()
    assert verified.outstanding_since == DAY
