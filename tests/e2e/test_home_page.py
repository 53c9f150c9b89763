"""The home page in a real browser: it loads on a phone and a desktop without console errors or CSP violations."""

from __future__ import annotations

import pytest

from catalog.models import ProductImage
from tests.factories import ArtisanFactory, ProductFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(transactional_db: None) -> None:
    artisan = ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB")
    ready = ProductFactory(artisan=artisan, name="Tas Rotan Bundar")
    ProductImage.objects.create(
        product=ready,
        original="originals/x.jpg",
        is_primary=True,
        status=ProductImage.Status.READY,
        alt_text="Tas rotan bundar dari depan",
        renditions=[{"width": 640, "format": "webp", "url": "/static/img/family-anyaman.webp"}],
    )
    pending = ProductFactory(artisan=artisan, name="Keranjang Pandan")
    ProductImage.objects.create(product=pending, original="originals/y.jpg", is_primary=True)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_home_page_loads_without_console_errors_or_csp_violations(request, device, catalogue):
    probe = request.getfixturevalue(device)
    response = probe.goto("/")
    probe.page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert probe.page.locator("h1").inner_text() != ""
    assert probe.page.locator(".product-card").count() == 2
    assert probe.page.locator(".family-card").count() == 4
    assert probe.page.evaluate("document.documentElement.classList.contains('js')") is True
    # Every image the page asked for arrived (no broken illustration or rendition).
    broken = probe.page.evaluate(
        "Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0 && i.loading !== 'lazy')"
        ".map(i => i.src)"
    )
    assert broken == []
    probe.assert_clean()


def test_phone_layout_has_no_horizontal_scroll_and_large_touch_targets(phone, catalogue):
    phone.goto("/")
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    small = page.evaluate(
        """Array.from(document.querySelectorAll('header a, header button, .hero button, footer button, footer select'))
             .filter(e => e.offsetParent !== null)
             .filter(e => e.getBoundingClientRect().height < 44)
             .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert small == []
    phone.assert_clean()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(desktop):
    desktop.goto("/")
    page = desktop.page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    desktop.assert_clean()


def test_not_found_page_uses_the_design(desktop):
    response = desktop.goto("/no-such-page/")
    assert response.status == 404
    assert desktop.page.locator(".site-header .brand").is_visible()
    assert desktop.page.locator(".error-page h1").is_visible()
    desktop.assert_no_csp_violations()
