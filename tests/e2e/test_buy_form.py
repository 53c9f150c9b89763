"""The product page's buy form in a real browser: add to cart without a reload, refusals shown in the form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from orders.models import CartLine
from tests.factories import ArtisanFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def product(transactional_db: None):
    product = ProductFactory(artisan=ArtisanFactory(), name="Tas Rotan Bundar", min_order_quantity=2)
    product.variants.all().delete()
    VariantFactory(product=product, stock=5, is_default=True)
    return product


def test_add_to_cart_updates_the_header_and_says_so(phone, product):
    phone.goto(product.get_absolute_url())
    page = phone.page
    page.evaluate("window.__marker = 'same page'")
    expect(page.locator("#buy-quantity")).to_have_value("2")
    page.click("form[data-cart-form] button[type=submit]")
    # The page speaks the browser's language: the message is the catalogue's text for it, in either language.
    expect(page.locator("[data-cart-message]")).to_have_text(
        re.compile(r"^(Added to your cart\.|Ditambahkan ke keranjang Anda\.)$")
    )
    expect(page.locator("[data-cart-count]")).to_be_visible()
    assert page.locator("[data-cart-count]").inner_text().strip().endswith("1")
    assert page.evaluate("window.__marker") == "same page"
    assert CartLine.objects.get().quantity == 2
    phone.assert_no_csp_violations()


def test_a_refusal_is_shown_in_the_form_and_nothing_is_added(desktop, product):
    desktop.goto(product.get_absolute_url())
    page = desktop.page
    page.evaluate("document.getElementById('buy-quantity').removeAttribute('max')")
    page.fill("#buy-quantity", "9")
    page.click("form[data-cart-form] button[type=submit]")
    expect(page.locator("[data-cart-message].message-error")).not_to_be_empty()
    assert page.locator("[data-cart-count]").is_hidden()
    assert CartLine.objects.count() == 0
    desktop.assert_no_csp_violations()
