"""GET /api/v1/artisans/me/performance/ (the artisan's own figures) and the public badge flag on the artisan list
and detail entries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from artisans.models import Artisan
from orders.performance.models import PerformanceSnapshot
from tests.factories import UserFactory
from tests.performance.factories import DAY, artisan, at

pytestmark = pytest.mark.django_db
URL = "/api/v1/artisans/me/performance/"


@pytest.fixture(autouse=True)
def next_morning():
    with time_machine.travel(at(DAY + timedelta(days=1), 9), tick=False):
        yield


@pytest.fixture
def api():
    return APIClient()


def snapshot(maker, day, **values) -> PerformanceSnapshot:
    defaults = {
        "orders_paid": 8,
        "orders_due": 6,
        "orders_on_time": 6,
        "on_time_permille": 1000,
        "threads": 0,
        "rating_count": 2,
        "rating_sum": 10,
        "rating_average": Decimal("5.00"),
        "outstanding": True,
    }
    return PerformanceSnapshot.objects.create(artisan=maker, date=day, **{**defaults, **values})


def test_the_artisan_reads_their_latest_figures_criteria_and_weeks(api, django_assert_max_num_queries):
    maker = artisan()
    Artisan.objects.filter(pk=maker.pk).update(outstanding_since=DAY - timedelta(days=1))
    for n in range(21):
        snapshot(maker, DAY - timedelta(days=n))
    snapshot(artisan(), DAY, orders_paid=1, orders_due=1, orders_on_time=0, on_time_permille=0)  # not theirs
    api.force_authenticate(maker.user)
    with django_assert_max_num_queries(4):  # artisan_for_user (artisan, categories, photos), the snapshots
        response = api.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["outstanding"] is True and body["outstanding_since"] == "2026-11-29"
    latest = body["latest"]
    assert latest["date"] == "2026-11-30"
    assert (latest["orders_paid"], latest["on_time_permille"], latest["reply_24h_permille"]) == (8, 1000, None)
    assert latest["rating_average"] == 5.0 and latest["reply_median_seconds"] is None
    assert [(c["key"], c["met"]) for c in body["criteria"]] == [
        ("orders", True),
        ("on_time", True),
        ("replies", True),
        ("rating", True),
    ]
    assert [w["date"] for w in body["weeks"]] == ["2026-11-15", "2026-11-22", "2026-11-29", "2026-11-30"]


def test_before_the_first_night_the_figures_are_null(api):
    maker = artisan()
    api.force_authenticate(maker.user)
    body = api.get(URL).json()
    assert body["latest"] is None and body["weeks"] == [] and body["outstanding"] is False
    assert [c["met"] for c in body["criteria"]] == [False, False, False, False]


def test_a_user_without_a_profile_gets_404_and_an_anonymous_one_is_refused(api):
    assert api.get(URL).status_code in (401, 403)  # 403 with session authentication first, as for me/
    api.force_authenticate(UserFactory())
    response = api.get(URL)
    assert response.status_code == 404
    assert response.json()


def test_writes_are_not_allowed(api):
    maker = artisan()
    api.force_authenticate(maker.user)
    assert api.post(URL, {"outstanding": True}, format="json").status_code == 405
    maker.refresh_from_db()
    assert maker.outstanding_since is None and not PerformanceSnapshot.objects.exists()


def test_the_public_entries_carry_the_badge_flag(api):
    plain = artisan(business_name="Anyaman Biasa")
    star = artisan(business_name="Bintang Rotan")
    Artisan.objects.filter(pk=star.pk).update(outstanding_since=DAY)
    detail = api.get(f"/api/v1/artisans/{star.slug}/").json()
    assert (detail["outstanding"], detail["outstanding_since"]) == (True, "2026-11-30")
    listed = {row["slug"]: row["outstanding"] for row in api.get("/api/v1/artisans/").json()["results"]}
    assert listed == {plain.slug: False, star.slug: True}
