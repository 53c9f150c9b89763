"""Issue 19 (trust), artisan performance in the browser: after the nightly job (run here for the last 12 weeks),
the artisan sees the performance card with its 12-week chart on the studio dashboard at phone and desktop size,
and a buyer sees the "Outstanding artisan" badge on the artisan's public page and the product page."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from orders.performance.services import performance_snapshots_compute
from tests.e2e.journeys.conftest import assert_page_ok, english, field
from tests.factories import PASSWORD, ProductFactory, VariantFactory
from tests.performance.factories import artisan, order, rating, thread

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS_NOTE = "screenshots: test-artifacts/performance-*.png"


def _ago(days: int, hour: int = 10) -> datetime:
    return datetime.combine(
        timezone.localdate() - timedelta(days=days), time(hour), tzinfo=timezone.get_current_timezone()
    )


def _log_in(probe, email: str) -> None:
    probe.goto("/accounts/login/")
    field(probe.page, "Email").fill(email)
    field(probe.page, "Password").fill(PASSWORD)
    probe.page.get_by_role("button", name="Log in").click()
    probe.page.wait_for_load_state()


@pytest.fixture
def outstanding_maker():
    maker = artisan(business_name="Perak Kotagede Sari")
    product = ProductFactory(artisan=maker, name="Cincin Perak Filigri")
    VariantFactory(product=product)
    for n in range(9):  # the oldest was paid before the first of the twelve nights, so every week has a point
        order(maker, paid_at=_ago(5 + 10 * n), shipped_at=_ago(4 + 10 * n))
    for n in range(5):
        rating(maker, 5, written_at=_ago(3 + 12 * n))
    thread(maker, asked_at=_ago(6), replies=[_ago(6, hour=11)])
    today = timezone.localdate()
    for weeks in range(11, -1, -1):  # the last 12 weeks, oldest first, as twelve nights would have
        performance_snapshots_compute(day=today - timedelta(days=1 + 7 * weeks))
    maker.refresh_from_db()
    assert maker.is_outstanding
    return maker, product


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_artisan_reads_the_card_and_a_buyer_sees_the_badge(open_probe, reference_data, outstanding_maker, size):
    from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE

    maker, product = outstanding_maker
    probe = english(open_probe(size, **(PHONE if size == "phone" else DESKTOP)))
    _log_in(probe, maker.user.email)
    probe.goto("/studio/")
    card = probe.page.locator(".performance-card")
    expect(card.get_by_role("heading", name="Your performance")).to_be_visible()
    expect(card.locator(".badge-outstanding")).to_have_text("Outstanding artisan")
    expect(card.locator(".performance-figures dt")).to_have_count(6)
    expect(card.get_by_role("img", name="The last 12 weeks: share shipped on time and average rating")).to_be_visible()
    assert card.locator("circle.dot-on-time").count() == 12
    # The card fits the phone: nothing in it is wider than the viewport, and it does not scroll sideways.
    fits = card.evaluate(
        "(c, w) => c.getBoundingClientRect().right <= w && c.scrollWidth <= c.clientWidth"
        " && [...c.querySelectorAll('*')].every(e => e.getBoundingClientRect().right <= w)",
        probe.page.viewport_size["width"],
    )
    assert fits
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / f"performance-studio-{size}.png"))
    assert_page_ok(probe)
    probe.assert_clean()

    buyer = english(open_probe(f"{size}-buyer", **(PHONE if size == "phone" else DESKTOP)))
    for path in (maker.get_absolute_url(), product.get_absolute_url()):
        buyer.goto(path)
        expect(buyer.page.locator(".badge-outstanding").first).to_have_text("Outstanding artisan")
        expect(buyer.page.locator(".outstanding-note").first).to_be_visible()
        assert_page_ok(buyer)
    buyer.page.screenshot(path=str(ARTIFACTS / f"performance-product-{size}.png"), full_page=True)
    buyer.assert_clean()
