"""Switching the language changes the page language and is remembered on the next pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def switch_language(probe, code: str) -> None:
    page = probe.page
    page.select_option("#language-select", code)
    with page.expect_navigation():
        page.locator(".lang-switch button[type=submit]").click()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_language_switch_changes_html_lang_and_is_remembered(request, device):
    probe = request.getfixturevalue(device)
    page = probe.page
    probe.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"

    switch_language(probe, "en")
    assert page.url == probe.url("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-select").input_value() == "en"

    probe.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    probe.goto("/no-such-page/")
    assert page.locator("html").get_attribute("lang") == "en"

    switch_language(probe, "id")
    assert page.locator("html").get_attribute("lang") == "id"
    probe.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    probe.assert_no_csp_violations()


def test_language_switch_returns_to_the_page_it_was_used_on(desktop):
    desktop.goto("/accounts/login/")
    switch_language(desktop, "en")
    assert desktop.page.url == desktop.url("/accounts/login/")
    assert desktop.page.locator("html").get_attribute("lang") == "en"
