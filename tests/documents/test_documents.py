"""Proforma invoice, commercial invoice and packing list of a realistic export order: every field, read back from
the PDF text; numbers, versions, private storage; bad input refused with nothing written."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from artisans.business.services import business_profile_save
from catalog.models import Product
from craftmarket.common.errors import DomainError
from craftmarket.common.money import format_idr
from orders.documents import data as document_data
from orders.documents.models import Document, Package
from orders.documents.services import PackageInput, document_generate, packages_replace
from orders.models import OrderLine
from tests.documents.factories import export_order, standard_packages
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def eur(monkeypatch):
    """The buyer saw prices in EUR at Rp 17,250 (what the currency issue will store on the Purchase)."""
    monkeypatch.setattr(
        document_data, "_display_currency", lambda order: document_data.DisplayCurrency("EUR", Decimal("17250"))
    )


def text_of(document: Document) -> str:
    document.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def _common(text: str, order) -> None:
    assert "Sanggar Kriya Tirta" in text
    assert f"NIB {order.artisan.nib}" in text and len(order.artisan.nib) == 13
    assert "Jl. Parangtritis No. 88, RT 04/RW 02" in text
    assert "Mantrijeron, Kota Yogyakarta" in text
    assert "DI Yogyakarta 55143" in text
    assert "Nordlicht Handel GmbH" in text
    assert "Große Elbstraße 145" in text
    assert "Hamburg, 20095" in text
    assert "Germany" in text
    assert "Tax id: not provided" in text
    assert f"Order {order.number}" in text
    assert "Round rattan basket, hand-woven" in text
    assert "Carved teak wood mask" in text
    assert "460212" in text and "442090" in text
    assert "Indonesia (DI Yogyakarta)" in text
    assert "Indonesia (Jawa Tengah)" in text


def test_proforma_invoice_prints_every_field(eur):
    order = export_order()
    document = document_generate(order=order, kind="proforma", by=order.buyer)
    text = flat(text_of(document))

    assert re.fullmatch(r"PI-\d{4}-[0-9A-Z]{6}", document.number)
    assert document.version == 1
    assert "PROFORMA INVOICE" in text
    assert f"No. {document.number}" in text and "Version 1" in text
    _common(text, order)
    assert "DAP Hamburg, Germany (Incoterms® 2020)" in text
    assert "IDR (Indonesian rupiah)" in text
    assert "1 EUR = Rp 17.250" in text
    # 4 × 185,000 and 2 × 420,000; freight by POS Indonesia EMS to the door, insurance not in DAP
    assert "4 pcs Rp 185.000 Rp 740.000" in text
    assert "2 pcs Rp 420.000 Rp 840.000" in text
    assert "Goods Rp 1.580.000" in text
    assert f"Freight to Hamburg, Germany (POS Indonesia EMS) {format_idr(order.shipping_cost)}" in text
    assert "Insurance not included (DAP)" in text
    total = 1_580_000 + order.shipping_cost
    assert f"Total DAP Hamburg, Germany {format_idr(total)}" in text
    assert f"Total in EUR (for information) €{Decimal(total) / Decimal(17250):,.2f}" in text
    assert f"Paid in full in advance via Craftmarket (payment {order.purchase.number})" in text
    assert "Valid until" in text
    assert "Beneficiary: PT Craftmarket Nusantara" in text
    assert "SWIFT/BIC: CENAIDJA" in text
    assert f"Reference: {order.purchase.number}" in text


def test_commercial_invoice_prints_shipment_marks_and_totals(eur):
    order = export_order(status="shipped")
    document = document_generate(order=order, kind="commercial", by=order.artisan.user)
    text = flat(text_of(document))

    assert re.fullmatch(r"CI-\d{4}-[0-9A-Z]{6}", document.number)
    assert "COMMERCIAL INVOICE" in text
    _common(text, order)
    assert "POS Indonesia EMS, AWB / tracking EE123456789ID" in text
    assert "3 packages, net 6.20 kg, gross 7.90 kg, 0.114 m³" in text
    assert "MARKS AND NUMBERS NORDLICHT HANDEL GMBH" in text
    assert f"ORDER {order.number}" in text
    assert "C/NO. 1–3 MADE IN INDONESIA" in text
    assert "Country of origin Indonesia" in text
    assert "We certify that this invoice is true and correct" in text


def test_packing_list_prints_packages_weights_and_volume():
    order = export_order()
    document = document_generate(order=order, kind="packing", by=order.artisan.user)
    text = flat(text_of(document))

    assert re.fullmatch(r"PL-\d{4}-[0-9A-Z]{6}", document.number)
    assert "PACKING LIST" in text
    _common(text, order)
    # row 1: packages 1–2, identical; row 2: package 3; per package and row totals, volume in m³
    assert "1–2 2 2 round rattan baskets each 40 × 40 × 30 1.90 2.40 3.80 4.80 0.096" in text
    assert "3 1 2 carved teak wood masks 35 × 25 × 20 2.40 3.10 2.40 3.10 0.018" in text
    assert "Total 3 6.20 7.90 0.114" in text
    assert "C/NO. 1–3" in text


def test_unchanged_data_gives_the_same_version_and_a_change_a_new_one_keeping_the_old(django_assert_max_num_queries):
    order = export_order()
    first = document_generate(order=order, kind="packing", by=order.artisan.user)
    with django_assert_max_num_queries(12):
        again = document_generate(order=order, kind="packing", by=order.buyer)
    assert again.pk == first.pk and again.version == 1

    packages_replace(
        order=order, by=order.artisan.user, rows=[*standard_packages(), PackageInput(1, 20, 20, 20, 500, 700, "Spare")]
    )
    second = document_generate(order=order, kind="packing", by=order.artisan.user)
    assert (second.number, second.version) == (first.number, 2)
    assert second.file.name != first.file.name
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)
    assert "Version 2" in flat(text_of(second)) and "Total 4" in flat(text_of(second))
    assert Document.objects.filter(order=order, kind="packing").count() == 2


def test_documents_are_stored_in_private_storage():
    order = export_order()
    document = document_generate(order=order, kind="proforma", by=order.buyer)
    assert type(document.file.storage) is type(storages["private"])
    assert not document.file.name.startswith(("media/", "/"))


def test_a_line_without_hs_code_or_english_description_is_refused_naming_it():
    order = export_order()
    mask = Product.objects.get(name="Topeng Kayu Jati Ukir")
    Product.objects.filter(pk=mask.pk).update(hs_code="", name_en="")
    with pytest.raises(DomainError) as exc, translation.override("en"):
        document_generate(order=order, kind="proforma", by=order.buyer)
    assert "Line 2 (Topeng Kayu Jati Ukir): add the English description and HS code to the product." in str(
        exc.value.message
    )
    assert not Document.objects.exists()


def test_a_domestic_order_gets_no_export_documents():
    order = export_order()
    buyer = UserFactory()
    domestic = checkout(buyer, AddressFactory(user=buyer), (order.lines.first().variant, 1)).orders.get()
    with pytest.raises(DomainError) as exc:
        document_generate(order=domestic, kind="proforma", by=buyer)
    assert exc.value.code == "not_export"
    assert not Document.objects.exists()


def test_commercial_invoice_and_packing_list_need_packages():
    order = export_order(packages=False)
    for kind in ("commercial", "packing"):
        with pytest.raises(DomainError) as exc:
            document_generate(order=order, kind=kind, by=order.artisan.user)
        assert "Enter the packages on the order page" in exc.value.message
    assert not Document.objects.exists()


def test_packing_list_of_an_unpaid_order_is_refused():
    order = export_order(status="awaiting_payment", packages=False)
    with pytest.raises(DomainError) as exc:
        document_generate(order=order, kind="packing", by=order.artisan.user)
    assert exc.value.code == "document_not_available"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (PackageInput(1, 40, 40, 30, 3_000, 2_000, "Baskets"), "net weight (3.00 kg) is above the gross weight"),
        (PackageInput(0, 40, 40, 30, 1_000, 2_000, "Baskets"), "number of packages is between 1 and 999"),
        (PackageInput(1, 0, 40, 30, 1_000, 2_000, "Baskets"), "length, width and height"),
        (PackageInput(1, 40, 40, 30, 0, 2_000, "Baskets"), "net and gross weight"),
        (PackageInput(1, 40, 40, 30, 1_000, 2_000, "  "), "what the package holds"),
        (PackageInput(1, "abc", 40, 30, 1_000, 2_000, "Baskets"), "length, width and height"),
        (PackageInput("x", 40, 40, 30, 1_000, 2_000, "Baskets"), "number of packages"),
    ],
)
def test_bad_packages_are_refused_and_nothing_changes(row, message):
    order = export_order()
    before = list(Package.objects.order_by("pk").values())
    with pytest.raises(DomainError) as exc:
        packages_replace(order=order, by=order.artisan.user, rows=[standard_packages()[0], row])
    assert "Package row 2" in exc.value.message and message in exc.value.message
    assert list(Package.objects.order_by("pk").values()) == before


def test_zero_packages_are_refused():
    order = export_order()
    before = list(Package.objects.order_by("pk").values())
    with pytest.raises(DomainError) as exc:
        packages_replace(order=order, by=order.artisan.user, rows=[])
    assert exc.value.message == "Enter at least one package."
    assert list(Package.objects.order_by("pk").values()) == before


def test_only_the_artisan_enters_packages():
    order = export_order(packages=False)
    with pytest.raises(DomainError):
        packages_replace(order=order, by=order.buyer, rows=standard_packages())
    assert not Package.objects.exists()


def test_the_database_refuses_net_above_gross():
    order = export_order(packages=False)
    package = Package(
        order=order, position=1, count=1, length_cm=1, width_cm=1, height_cm=1, net_weight_grams=5,
        gross_weight_grams=4, contents="x",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        package.full_clean()


def test_a_forty_line_order_breaks_cleanly_across_pages(tmp_path):
    order = export_order()
    line = order.lines.first()
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                variant=line.variant,
                product_name=line.product_name,
                variant_name=f"Size {n}",
                sku=f"{line.sku}-{n:02d}",
                unit_price=line.unit_price,
                quantity=1,
                weight_grams=line.weight_grams,
            )
            for n in range(38)
        ]
    )
    for kind in ("proforma", "packing"):
        document = document_generate(order=order, kind=kind, by=order.artisan.user)
        document.file.open("rb")
        content = document.file.read()
        document.file.close()
        (tmp_path / f"forty-{kind}.pdf").write_bytes(content)  # for a reviewer's pdftoppm
        reader = PdfReader(io.BytesIO(content))
        assert len(reader.pages) >= 2
        pages = [flat(page.extract_text()) for page in reader.pages]
        # the line table's heading repeats on every page that continues it, and every line is printed once
        assert all("Description of goods" in page for page in pages[:2])
        assert sum(page.count("SKU ") for page in pages) == 40
        assert all(f"of {len(pages)}" in page for page in pages)


def test_render_samples_for_review(tmp_path, eur):
    """Renders the three documents of the realistic order to PNG with pdftoppm (Debian's poppler-utils, which
    .ci/run installs): each page is a valid A4 page a reviewer can open under the test's tmp folder."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("CRAFTMARKET_REQUIRE_SERVICES") == "1":
            pytest.fail("pdftoppm is missing (CRAFTMARKET_REQUIRE_SERVICES=1 forbids skipping)")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    order = export_order(status="shipped")
    out = tmp_path / "documents"
    out.mkdir()
    for kind in ("proforma", "commercial", "packing"):
        document = document_generate(order=order, kind=kind, by=order.artisan.user)
        document.file.open("rb")
        (out / f"{kind}.pdf").write_bytes(document.file.read())
        document.file.close()
        subprocess.run([pdftoppm, "-r", "60", "-png", str(out / f"{kind}.pdf"), str(out / kind)], check=True)
        pages = sorted(out.glob(f"{kind}-*.png"))
        assert pages, f"pdftoppm rendered no page of the {kind}"
        for page in pages:
            with Image.open(page) as image:
                width, height = image.size
                assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
                assert image.convert("L").getextrema()[0] < 100  # something dark is printed on it


def test_documents_are_english_whoever_makes_them():
    order = export_order(status="shipped")
    with translation.override("id"):
        made_in_indonesian = document_generate(order=order, kind="commercial", by=order.artisan.user)
    again = document_generate(order=order, kind="commercial", by=order.buyer)
    assert again.pk == made_in_indonesian.pk
    assert "Paid in full in advance via Craftmarket" in flat(text_of(made_in_indonesian))


def test_a_buyer_with_a_business_profile_is_printed_with_its_company_and_tax_id():
    order = export_order()
    business_profile_save(
        user=order.buyer,
        data={
            "company_name": "Nordlicht Import GmbH",
            "country": "DE",
            "business_type": "wholesaler",
            "tax_id": "DE123456789",
        },
    )

    text = flat(text_of(document_generate(order=order, kind="proforma", by=order.buyer)))

    assert "Nordlicht Import GmbH" in text
    assert "DE123456789" in text
    assert "Tax id: not provided" not in text


def test_the_display_currency_is_the_purchase_snapshot_and_rupiah_prints_none():
    order = export_order()
    assert document_data._display_currency(order) is None  # the buyer saw rupiah

    order.purchase.display_currency, order.purchase.display_rate = "JPY", Decimal("105.25")
    order.purchase.save(update_fields=["display_currency", "display_rate"])
    text = flat(text_of(document_generate(order=order, kind="proforma", by=order.buyer)))

    assert "1 JPY = Rp 105" in text
    total = 1_580_000 + order.shipping_cost  # JPY has no minor unit: whole yen, rounded half up
    yen = (Decimal(total) / Decimal("105.25")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert f"Total in JPY (for information) ¥{yen:,}" in text
