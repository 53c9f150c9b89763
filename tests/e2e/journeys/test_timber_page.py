"""A wood product's page shows its timber legality (issue 18) in the details, readable at phone and desktop size."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from tests.catalog import factories as f
from tests.e2e.journeys.conftest import assert_page_ok, english


def test_the_teak_mask_page_lists_species_harvest_country_and_dkp(phone, desktop, reference_data):
    mask = f.published(
        name="Topeng Kayu Jati",
        name_en="Carved teak mask",
        category=f.cat("topeng"),
        svlk_certified=True,
        svlk_document_number="03.01-12345-DKP-2026",
        timber_document_kind="dkp",
        timber_species="Teak",
        timber_species_scientific="Tectona grandis",
        timber_harvest_country="ID",
        timber_volume_m3=Decimal("0.0060"),
    )
    probe = phone
    probe.goto(f"/p/{mask.slug}/")
    details = probe.page.locator("dl.details")
    expect(details).to_contain_text("Jenis kayu")
    expect(details).to_contain_text("Tectona grandis")
    expect(details).to_contain_text("03.01-12345-DKP-2026")
    assert_page_ok(probe)
    probe.page.screenshot(path="test-artifacts/timber-phone.png", full_page=True)
    probe = english(desktop)
    probe.goto(f"/p/{mask.slug}/")
    details = probe.page.locator("dl.details")
    expect(details).to_contain_text("Wood species")
    expect(details).to_contain_text("Country of harvest")
    expect(details).to_contain_text("Indonesia")
    assert_page_ok(probe)
    probe.page.screenshot(path="test-artifacts/timber-desktop.png", full_page=True)
