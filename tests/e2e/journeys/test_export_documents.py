"""Journey: the artisan of an export order enters its packages on a phone (in Indonesian) and makes the packing
list; the buyer abroad opens the order on a desktop and downloads the proforma invoice. Screenshots of each page
are kept in test-artifacts/export-documents/ for a look."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from orders.documents.models import Document, Package
from tests.documents.factories import export_order
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journeys.conftest import assert_page_ok, english, field
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "export-documents"


def log_in(probe, email: str, button: str = "Log in") -> None:
    page = probe.page
    probe.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^(Email|Surel)")).fill(email)
    page.get_by_label(re.compile(r"^(Password|Kata sandi)")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=re.compile(r"^(Log in|Masuk)$")).click()
    page.wait_for_load_state()


def test_artisan_enters_packages_and_buyer_downloads_the_proforma(phone, desktop, reference_data):
    SHOTS.mkdir(parents=True, exist_ok=True)
    order = export_order(packages=False)

    maker = phone
    log_in(maker, order.artisan.user.email)
    maker.goto(f"/studio/orders/{order.number}/")
    panel = maker.page.locator(".export-documents")
    expect(panel).to_be_visible()
    maker.page.screenshot(path=SHOTS / "studio-order-phone.png", full_page=True)
    panel.get_by_role("link", name="Isi paket").click()
    page = maker.page
    field(page, "Paket").fill("2")
    field(page, "Isi setiap paket").fill("2 keranjang rotan")
    field(page, "Panjang (cm)").fill("40")
    field(page, "Lebar (cm)").fill("40")
    field(page, "Tinggi (cm)").fill("30")
    field(page, "Berat bersih per paket (kg)").fill("1.9")
    field(page, "Berat kotor per paket (kg)").fill("2.4")
    page.screenshot(path=SHOTS / "packages-phone.png", full_page=True)
    page.get_by_role("button", name="Simpan paket").click()
    expect(page.locator(".export-documents")).to_contain_text("2 keranjang rotan")
    assert Package.objects.get(order=order).gross_weight_grams == 2_400
    assert_page_ok(maker)

    token = page.locator(".export-documents input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    made = page.request.post(
        maker.url(f"/documents/orders/{order.number}/packing/"),
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": maker.url(f"/studio/orders/{order.number}/")},
    )
    assert made.status == 200 and made.headers["content-type"] == "application/pdf"
    assert made.body().startswith(b"%PDF-")
    maker.goto(f"/studio/orders/{order.number}/origin/")
    maker.page.screenshot(path=SHOTS / "origin-phone.png", full_page=True)
    maker.assert_clean()

    buyer = english(desktop)
    log_in(buyer, order.buyer.email)
    buyer.goto(f"/orders/{order.number}/")
    expect(buyer.page.get_by_role("button", name="Proforma invoice (PDF)")).to_be_visible()
    buyer.page.screenshot(path=SHOTS / "order-desktop.png", full_page=True)
    token = buyer.page.locator(".export-documents input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    pdf = buyer.page.request.post(
        buyer.url(f"/documents/orders/{order.number}/proforma/"),
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": buyer.url(f"/orders/{order.number}/")},
    )
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    assert Document.objects.filter(order=order).count() == 2
    buyer.assert_clean()
