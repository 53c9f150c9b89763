"""The studio dashboard's performance card (figures, badge criteria, the 12-week SVG) and the public badge on the
artisan page and the product page, in both languages, within their query budgets."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from artisans.models import Artisan
from orders.performance.models import PerformanceSnapshot
from tests.factories import ProductFactory, VariantFactory
from tests.performance.factories import DAY, artisan, at
from tests.web.checks import problems, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def next_morning():
    with time_machine.travel(at(DAY + timedelta(days=1), 9), tick=False):
        yield


def week_snapshots(maker, weeks: int = 14) -> None:
    """One snapshot a day for ``weeks`` weeks; on-time improves week by week, the last day is the best."""
    for n in range(weeks * 7):
        day = DAY - timedelta(days=n)
        PerformanceSnapshot.objects.create(
            artisan=maker,
            date=day,
            orders_paid=20,
            orders_due=20,
            orders_on_time=20 - min(n // 7, 5),
            on_time_permille=(20 - min(n // 7, 5)) * 50,
            threads=4,
            threads_replied=4,
            threads_replied_24h=3,
            reply_24h_permille=750,
            reply_median_seconds=3 * 3600 + 20 * 60,
            rating_count=10,
            rating_sum=47,
            rating_average=Decimal("4.70"),
            orders_cancelled=1,
            cancellation_permille=50,
        )


def card(client, user, language: str = "en"):
    client.cookies["django_language"] = language
    client.force_login(user)
    response = client.get(reverse("studio:dashboard"))
    assert response.status_code == 200
    return response, soup_of(response).select_one(".performance-card")


def test_the_card_shows_the_six_figures_and_the_missed_thresholds(client):
    maker = artisan()
    week_snapshots(maker)
    response, section = card(client, maker.user)
    cells = section.select(".performance-figures div")
    figures = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in cells}
    assert figures == {
        "Shipped by the promised date": "100 % 20 of 20",
        "Median first reply": "3 h 20 min",
        "First replies within 24 hours": "75 % 3 of 4",
        "Average rating": "★ 4.70 (10)",
        "Complaint rate": "—",
        "Cancellation rate": "5 % 1 of 20",
    }
    assert [li.get_text(" ", strip=True) for li in section.select(".performance-criteria .missed")] == [
        "✗ First replies within 24 hours: at least 90 % (not met)",
        "✗ Average rating: at least 4.8 (not met)",
    ]
    assert "2 thresholds are not met yet." in section.get_text()
    assert problems(response.content.decode()) == []


def test_the_chart_has_one_point_per_week_for_twelve_weeks_latest_on_the_right(client):
    maker = artisan()
    week_snapshots(maker)
    _response, section = card(client, maker.user)
    svg = section.select_one("figure.performance-chart svg")
    assert svg["role"] == "img" and svg.title.get_text()
    on_time = section.select("circle.dot-on-time")
    assert len(on_time) == 12 and len(section.select("rect.dot-rating")) == 12
    assert on_time[-1].title.get_text() == "100 %"
    xs = [int(dot["cx"]) for dot in on_time]
    assert xs == sorted(xs) and xs[-1] == 310
    assert not section.select("script")


def test_without_a_snapshot_the_card_explains_and_shows_what_the_badge_needs_in_indonesian(client):
    maker = artisan()
    response, section = card(client, maker.user, language="id")
    assert section.select_one(".performance-figures") is None and section.select_one("svg") is None
    text = section.get_text(" ", strip=True)
    assert "Kinerja Anda" in text and "Perajin Unggulan" in text
    assert len(section.select(".performance-criteria .missed")) == 4
    assert problems(response.content.decode()) == []


def test_an_outstanding_artisan_sees_the_badge_on_the_card(client):
    maker = artisan()
    Artisan.objects.filter(pk=maker.pk).update(outstanding_since=DAY)
    maker.refresh_from_db()
    _response, section = card(client, maker.user)
    assert section.select_one(".badge-outstanding").get_text(strip=True) == "Outstanding artisan"


def test_the_card_costs_one_query_whatever_the_number_of_snapshots(client, django_assert_max_num_queries):
    maker = artisan()
    client.force_login(maker.user)
    with django_assert_max_num_queries(14) as empty:
        client.get(reverse("studio:dashboard"))
    week_snapshots(maker, weeks=20)
    with django_assert_max_num_queries(len(empty.captured_queries)):
        client.get(reverse("studio:dashboard"))


@pytest.mark.parametrize(("language", "label"), [("id", "Perajin Unggulan"), ("en", "Outstanding artisan")])
def test_the_public_artisan_page_and_product_page_show_the_badge(client, language, label):
    maker = artisan()
    product = ProductFactory(artisan=maker)
    VariantFactory(product=product)
    client.cookies["django_language"] = language
    plain_page = soup_of(client.get(maker.get_absolute_url()))
    assert plain_page.select_one(".badge-outstanding") is None
    Artisan.objects.filter(pk=maker.pk).update(outstanding_since=DAY)
    for url in (maker.get_absolute_url(), product.get_absolute_url()):
        response = client.get(url)
        page = soup_of(response)
        assert page.select_one(".badge-outstanding").get_text(strip=True) == label, url
        assert page.select_one(".outstanding-note").get_text(strip=True)
        assert problems(response.content.decode()) == []


def test_a_suspended_artisan_shows_no_badge_even_before_the_nightly_job():
    maker = artisan(status=Artisan.Status.SUSPENDED)
    maker.outstanding_since = DAY
    assert maker.is_outstanding is False
