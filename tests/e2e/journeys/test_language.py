"""Journey 4: switching the language with the footer form changes the interface text and is remembered.

The expected Indonesian comes from the project's message catalogue (``locale/id``), so the test follows the
translators' wording; it fails when a string of the journey shows its English source on an Indonesian page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.journeys.conftest import assert_page_ok
from tests.web.checks import untranslated

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STRINGS = ["Search crafts", "Language", "Change", "For artisans", "Open your shop", "Log in"]
PO = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def interface(page, t) -> None:
    """The header's search box, the footer's language form and links, in the wording ``t`` gives."""
    expect(page.get_by_role("banner").get_by_role("searchbox", name=t("Search crafts"), exact=True)).to_be_visible()
    footer = page.get_by_role("contentinfo")
    language = footer.get_by_role("region", name=t("Language"), exact=True)
    expect(language.get_by_role("heading", name=t("Language"), exact=True)).to_be_visible()
    expect(language.get_by_role("button", name=t("Change"), exact=True)).to_be_visible()
    expect(footer.get_by_role("navigation", name=t("For artisans"), exact=True)).to_contain_text(t("Open your shop"))


def assert_translated(probe) -> None:
    html = probe.page.request.get(probe.page.url).text()
    assert untranslated(html, PO) == [], probe.page.url


def switch_to(probe, code: str, button: str) -> None:
    language = probe.page.get_by_role("contentinfo").get_by_role("region", name=re.compile(r"^(Language|Bahasa)$"))
    language.get_by_role("combobox").select_option(code)
    with probe.page.expect_navigation():
        language.get_by_role("button", name=button, exact=True).click()


def test_switching_the_language_changes_the_interface_text_and_is_remembered(desktop):
    probe = desktop
    page = probe.page
    english_source = {text: text for text in STRINGS}
    in_indonesian = {text: indonesian(text) for text in STRINGS}
    assert [text for text in STRINGS if in_indonesian[text] == text] == [], "missing from locale/id"

    # Indonesian first (the default, and the browser's language).
    probe.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    interface(page, in_indonesian.get)
    assert_page_ok(probe)
    assert_translated(probe)

    # To English with the footer's form: same page, English interface.
    switch_to(probe, "en", in_indonesian["Change"])
    assert page.url == probe.url("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    interface(page, english_source.get)
    assert {c["name"]: c["value"] for c in page.context.cookies()}.get(settings.LANGUAGE_COOKIE_NAME) == "en"

    # Remembered on the next page, reached by a link.
    page.get_by_role("banner").get_by_role("link", name="Log in", exact=True).click()
    expect(page).to_have_url(probe.url("/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    interface(page, english_source.get)
    assert_page_ok(probe)

    # Back to Indonesian from there; remembered on a fresh load of another page.
    switch_to(probe, "id", "Change")
    assert page.url == probe.url("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text(in_indonesian["Log in"])
    assert_translated(probe)
    probe.goto("/search/?q=batik")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    interface(page, in_indonesian.get)
    assert_translated(probe)
    probe.assert_clean()
