"""Timber legality for wood going abroad: required before "ships abroad", printed on the commercial invoice and
the packing list, refused on a document when missing; staff see which wood listings lack it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from catalog import services as catalog
from catalog.models import Product
from catalog.selectors import wood_products_missing_legality
from craftmarket.common.errors import DomainError
from orders.documents.services import document_generate
from tests.catalog.factories import cat, published
from tests.documents.factories import export_order
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TIMBER = {
    "svlk_certified": True,
    "svlk_document_number": "VLEGAL-00991/2026",
    "timber_document_kind": "vlegal",
    "timber_species": "Mahogany",
    "timber_species_scientific": "Swietenia macrophylla",
    "timber_harvest_country": "id",
    "timber_weight_grams": 1_500,
}


def _text(document) -> str:
    document.file.open("rb")
    try:
        return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document.file.read())).pages).split())
    finally:
        document.file.close()


@pytest.mark.parametrize("kind", ["commercial", "packing"])
def test_commercial_invoice_and_packing_list_print_the_timber_legality(kind):
    order = export_order(status="shipped")
    text = _text(document_generate(order=order, kind=kind, by=order.artisan.user))
    assert "TIMBER LEGALITY (SVLK)" in text
    # 2 masks × 0.0060 m³ of teak harvested in Indonesia, under the supplier's declaration
    assert "Teak / Tectona grandis Indonesia 0.0120 m³" in text
    assert "DKP 03.01-12345-DKP-2026" in text
    assert "Timber: Teak (Tectona grandis)" in text


def test_a_wood_line_without_legality_data_is_refused_naming_it():
    order = export_order(status="shipped")
    Product.objects.filter(name="Topeng Kayu Jati Ukir").update(timber_species_scientific="")
    for kind in ("proforma", "commercial", "packing"):
        with pytest.raises(DomainError) as exc:
            document_generate(order=order, kind=kind, by=order.artisan.user)
        assert "Line 2 (Topeng Kayu Jati Ukir): wood going abroad needs its timber legality data" in exc.value.message
    assert not order.documents.exists()


def test_a_wood_product_cannot_ship_abroad_without_its_legality_data():
    product = published(name="Patung Kayu", category=cat("topeng"))
    with pytest.raises(ValidationError) as exc:
        catalog.product_update(product=product, by=product.artisan.user, fields={"ships_abroad": True})
    assert set(exc.value.message_dict) >= {
        "timber_species",
        "timber_species_scientific",
        "timber_harvest_country",
        "timber_volume_m3",
        "svlk_document_number",
    }
    product.refresh_from_db()
    assert product.ships_abroad is False

    exportable = {"hs_code": "442090", "length_cm": Decimal(30), "width_cm": Decimal(20), "height_cm": Decimal(10)}
    catalog.product_update(
        product=product, by=product.artisan.user, fields={**TIMBER, **exportable, "ships_abroad": True}
    )
    product.refresh_from_db()
    assert (product.ships_abroad, product.timber_harvest_country, product.timber_weight_grams) == (True, "ID", 1_500)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"timber_harvest_country": "Indonesia"}, "timber_harvest_country"),
        ({"timber_volume_m3": Decimal("-1")}, "timber_volume_m3"),
    ],
)
def test_bad_timber_values_are_refused(fields, field):
    product = published(name="Patung Kayu", category=cat("topeng"))
    with pytest.raises(ValidationError) as exc:
        catalog.product_update(product=product, by=product.artisan.user, fields=fields)
    assert field in exc.value.message_dict


def test_other_crafts_ship_abroad_without_timber_data():
    product = published(name="Tas Rotan")
    exportable = {"hs_code": "420292", "length_cm": Decimal(40), "width_cm": Decimal(30), "height_cm": Decimal(10)}
    catalog.product_update(product=product, by=product.artisan.user, fields={**exportable, "ships_abroad": True})
    product.refresh_from_db()
    assert product.ships_abroad is True


def test_staff_see_which_wood_listings_lack_legality_data():
    complete = export_order().lines.get(product_name="Topeng Kayu Jati Ukir").variant.product
    lacking = published(name="Patung Kayu Tanpa Data", category=cat("topeng"))
    basket = published(name="Tas Rotan")
    missing = set(wood_products_missing_legality())
    assert lacking in missing and complete not in missing and basket not in missing

    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = admin.get(reverse("admin:catalog_product_changelist"), {"timber": "missing"})
    assert response.status_code == 200
    listed = {p.pk for p in response.context["cl"].result_list}
    assert lacking.pk in listed and complete.pk not in listed and basket.pk not in listed
