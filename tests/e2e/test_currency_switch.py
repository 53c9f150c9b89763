"""Choosing a display currency: from the footer on a phone and the header on a desktop; remembered on the next
pages; the product page then shows the approximation beside the rupiah."""

from __future__ import annotations

import os

import pytest

from tests.currency.helpers import set_rate
from tests.factories import ArtisanFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def product(transactional_db: None):
    from django.core.cache import cache

    cache.clear()
    set_rate("EUR", "17000")
    product = ProductFactory(artisan=ArtisanFactory(), name="Tas Rotan Bundar", price=440_000)
    VariantFactory(product=product, price=440_000, stock=4)
    return product


def shot(probe, name: str) -> None:
    folder = os.environ.get("CURRENCY_SCREENSHOTS")
    if folder:
        probe.page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_phone_buyer_chooses_euro_in_the_footer(phone, product):
    page = phone.page
    phone.goto(f"/p/{product.slug}/")
    page.select_option("#currency-select-footer", "EUR")
    with page.expect_navigation():
        page.locator(".currency-switch button[type=submit]").click()
    assert page.url == phone.url(f"/p/{product.slug}/")
    assert "≈ €25,88 · Rp 440.000" in page.locator(".price").first.inner_text()
    shot(phone, "phone-product-eur")
    phone.goto("/")
    assert page.locator("#currency-select-footer").input_value() == "EUR"
    phone.assert_no_csp_violations()


def test_a_desktop_buyer_chooses_euro_in_the_header(desktop, product):
    page = desktop.page
    desktop.goto(f"/p/{product.slug}/")
    with page.expect_navigation():
        page.select_option("#currency-select-header", "EUR")  # submits on change
    assert "≈ €25,88 · Rp 440.000" in page.locator(".price").first.inner_text()
    shot(desktop, "desktop-product-eur")
    desktop.assert_no_csp_violations()
