"""Issue 14's first screens in Chromium: the browse filters fold behind "Filter" on a phone (with and without
JavaScript) and sit open beside the results on a desktop; the studio's tabs show that they scroll; no card badge
runs past its card."""

from __future__ import annotations

import pytest

from catalog.models import Category
from tests.e2e.conftest import PHONE
from tests.factories import PASSWORD, ArtisanFactory, CategoryFactory, ProductFactory, VariantFactory


@pytest.fixture
def woven(transactional_db: None) -> Category:
    # get-or-create: a transactional test flushes the migrated category tree
    family = CategoryFactory(slug="anyaman", name_id="Kerajinan Anyaman", name_en="Woven crafts")
    child = CategoryFactory(slug="rotan", name_id="Rotan", name_en="Rattan", parent=family)
    artisan = ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB")
    for n in range(3):
        product = ProductFactory(artisan=artisan, category=child, name=f"Tas Rotan {n}", made_to_order=True)
        VariantFactory(product=product, stock=4)
    return family


def test_phone_filters_are_folded_behind_a_filter_button_and_open_on_tap(phone, woven):
    phone.goto(woven.get_absolute_url())
    page = phone.page
    assert page.locator("form.filters").is_hidden()
    # the first product shows within the first screen
    assert page.locator(".product-card").first.bounding_box()["y"] < 844
    page.locator("summary.filter-toggle").click()
    assert page.get_by_label("Provinsi").is_visible()
    page.get_by_label("Provinsi").select_option("ID-JB")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**province=ID-JB**")
    chip = page.locator(".filter-chips a.chip")
    assert chip.count() == 1 and "Jawa Barat" in chip.inner_text()
    with page.expect_navigation():
        chip.click()
    assert "province" not in page.url and woven.get_absolute_url() in page.url
    assert page.locator(".filter-chips").count() == 0
    phone.assert_clean()


def test_phone_filters_work_without_javascript(open_probe, woven):
    probe = open_probe("phone-nojs", java_script_enabled=False, **PHONE)
    probe.goto(woven.get_absolute_url())
    page = probe.page
    assert page.locator("form.filters").is_hidden()
    page.locator("summary.filter-toggle").click()
    page.get_by_label("Stok tersedia").check()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**in_stock=on**")
    assert "Stok tersedia" in page.locator(".filter-chips").inner_text()


def test_desktop_filters_are_open_beside_the_results(desktop, woven):
    desktop.goto(woven.get_absolute_url())
    page = desktop.page
    assert page.locator("form.filters").is_visible()
    assert page.locator("summary.filter-toggle").is_hidden()
    form, grid = page.locator("form.filters").bounding_box(), page.locator(".product-grid").bounding_box()
    assert form["x"] + form["width"] <= grid["x"]
    desktop.assert_clean()


def test_made_to_order_badge_stays_inside_its_card(phone, woven):
    phone.goto(woven.get_absolute_url())
    overflow = phone.page.evaluate(
        """Array.from(document.querySelectorAll('.product-card .badge')).filter(b => {
             const card = b.closest('.product-card').getBoundingClientRect(), r = b.getBoundingClientRect();
             return r.right > card.right - 1 || r.left < card.left; }).length"""
    )
    assert phone.page.locator(".product-card .badge").count() == 3
    assert overflow == 0


def test_studio_tabs_show_there_is_more_to_scroll(phone, woven):
    artisan = ArtisanFactory(business_name="Sanggar Uji", province="ID-JB")
    page = phone.page
    phone.goto("/accounts/login/?next=/studio/")
    page.locator("input[name=username]").fill(artisan.user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/studio/")
    nav = page.locator(".studio-nav ul")
    scroll_width, client_width, background = nav.evaluate(
        "u => [u.scrollWidth, u.clientWidth, getComputedStyle(u).backgroundImage]"
    )
    # the tabs do not fit: the list scrolls, and its edges carry the scroll shadows
    assert scroll_width > client_width
    assert background.count("radial-gradient") == 2
    certifications = nav.get_by_role("link", name="Sertifikasi")
    certifications.scroll_into_view_if_needed()
    assert certifications.is_visible()
    phone.assert_clean()
