"""The shared design in a real browser: no sideways scrolling on phones, visible focus, the enhancement script."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.web.styleguide")]

PAGES = ["/", "/accounts/login/", "/no-such-page/", "/styleguide/", "/styleguide/studio/"]


def test_no_page_scrolls_sideways_on_a_phone(phone):
    wide = {}
    for path in PAGES:
        phone.goto(path)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    assert wide == {}
    phone.assert_no_csp_violations()


def test_keyboard_focus_is_visible_on_links_buttons_and_fields(desktop):
    desktop.goto("/styleguide/")
    page = desktop.page
    seen = set()
    for _ in range(25):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                       return [e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
        )
        tag, style, width = info
        assert style != "none" and width >= 2, info
        seen.add(tag)
    assert {"A", "INPUT", "BUTTON"} <= seen


def test_filters_submit_when_a_select_or_checkbox_changes(desktop):
    desktop.goto("/styleguide/")
    page = desktop.page
    with page.expect_navigation():
        page.select_option("#sort", "newest")
    assert "sort=newest" in page.url
    with page.expect_navigation():
        page.check("#in_stock")
    assert "in_stock=1" in page.url
    assert page.locator("#sort").input_value() == "newest"
    desktop.assert_clean()


def test_add_to_cart_updates_the_count_without_a_reload(phone):
    phone.goto("/styleguide/")
    page = phone.page
    page.evaluate("window.__marker = 'same page'")
    assert page.locator("[data-cart-count]").is_hidden()
    page.fill("#quantity", "2")
    with page.expect_response("**/styleguide/cart/"):
        page.click("form[data-cart-form] button[type=submit]")
    expect(page.locator("[data-cart-count]")).to_be_visible()
    assert page.evaluate("window.__marker") == "same page"
    assert page.locator("[data-cart-count]").inner_text().strip().endswith("2")
    expect(page.locator("#live-status")).to_have_text("Added to your cart.")
    phone.assert_clean()


def test_add_to_cart_still_works_without_javascript(live_server, transactional_db, browser):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/styleguide/")
        page.click("form[data-cart-form] button[type=submit]")
        assert page.url.endswith("/styleguide/?added=1")
        assert page.locator("[data-cart-count]").inner_text().strip().endswith("1")
    finally:
        context.close()


def test_rendition_status_turns_ready_without_a_reload(desktop):
    desktop.goto("/styleguide/")
    page = desktop.page
    page.evaluate("window.__marker = 'same page'")
    assert page.locator(".image-status .status-pending").count() == 1
    page.wait_for_selector(".image-status .status-ready")
    assert page.locator(".image-status img").get_attribute("alt") == "Rattan weave, close up"
    assert page.evaluate("window.__marker") == "same page"
    desktop.assert_clean()


def test_upload_shows_progress_and_lands_on_the_next_page(desktop, tmp_path):
    photo = tmp_path / "tas.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"0" * 200_000)
    desktop.goto("/styleguide/")
    page = desktop.page
    page.set_input_files("#upload-photo", str(photo))
    page.evaluate(
        """new MutationObserver(() => { const bar = document.getElementById('upload-bar');
             if (!bar.hidden) sessionStorage.setItem('progressShown', 'yes'); })
           .observe(document.getElementById('upload-bar'), {attributes: true})"""
    )
    with page.expect_navigation(url="**/styleguide/?uploaded=200003"):
        page.click("form[data-upload-progress] button[type=submit]")
    assert page.locator("#uploaded").inner_text() == "Uploaded 200003 bytes."
    assert page.evaluate("sessionStorage.getItem('progressShown')") == "yes"
    desktop.assert_clean()


def _sign_in_as_artisan(probe):
    """A new artisan signs in through the login form; returns the probe's page, on the page after login."""
    from craftmarket.common.notifications import notify
    from tests.factories import PASSWORD, ArtisanFactory

    artisan = ArtisanFactory()
    # A full header, as a working artisan sees it: unread notifications put a count beside the bell.
    for _ in range(12):
        notify(event="order_paid", users=[artisan.user], context={"order": "CM-1", "amount": 1})
    probe.goto("/accounts/login/")
    page = probe.page
    page.fill("#id_username", artisan.user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    return page


def test_signed_in_artisan_header_fits_a_phone(phone):
    page = _sign_in_as_artisan(phone)
    assert page.locator(".header-actions").get_by_text("Studio").is_visible()
    # The right edge of what the brand shows (its text may overflow the link's own box), hidden parts left out.
    brand_right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.site-header .brand, .site-header .brand > *')]"
        ".map(e => e.getBoundingClientRect()).filter(r => r.width > 1).map(r => r.right))"
    )
    actions_left = page.evaluate("document.querySelector('.header-actions ul').getBoundingClientRect().left")
    assert brand_right <= actions_left
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.assert_clean()


@pytest.mark.parametrize(
    ("probe_name", "expected"),
    [("desktop", [22, 20, 20, 22]), ("phone", [20, 20, 22])],  # phones leave the account icon to the footer
)
def test_signed_in_header_icons_keep_their_size(request, probe_name, expected):
    """With every link of a signed-in artisan in the header, the flex row must not squeeze the account, messages,
    bell and cart icons (they shrank to a few pixels at desktop widths)."""
    page = _sign_in_as_artisan(request.getfixturevalue(probe_name))
    icons = page.locator(".header-actions svg:visible")
    assert icons.count() == len(expected)
    widths = [round(icons.nth(i).bounding_box()["width"]) for i in range(len(expected))]
    assert widths == expected
