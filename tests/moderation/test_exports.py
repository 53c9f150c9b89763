"""CSV and XLSX exports of artisans and products, with status and province."""

import csv
import io

import openpyxl
import pytest
from django.utils.translation import gettext

from tests.moderation import factories as f

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_artisans_csv_has_status_and_province(client):
    artisan = f.submitted_artisan(province=f.BALI, business_name="Ukir Bali")
    client.force_login(f.national())
    rows = _csv(client.post("/admin/artisans/artisan/export/", {"format": "0"}))
    assert [
        (r["id"], r["business_name"], r["status"], r["province"], r["province_name"], r["regency"]) for r in rows
    ] == [(str(artisan.pk), "Ukir Bali", gettext("Submitted"), "ID-BA", "Bali", artisan.regency)]


def test_products_csv_follows_the_change_list_filters(client):
    published = f.product(name="Tas Rotan", price=350_000)
    f.product(status="pending", name="Keris")
    client.force_login(f.national())
    rows = _csv(client.post("/admin/catalog/product/export/?status__exact=published", {"format": "0"}))
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["name"], row["status"], row["artisan_province"], row["artisan_province_name"]) == (
        str(published.pk),
        "Tas Rotan",
        gettext("Published"),
        "ID-YO",
        "DI Yogyakarta",
    )
    assert (row["category"], row["family"], row["price"], row["artisan"]) == (
        "Rotan",
        "Anyaman",
        "350000",
        published.artisan.business_name,
    )


def test_products_xlsx(client):
    item = f.product(name="Batik Tulis")
    client.force_login(f.national())
    response = client.post("/admin/catalog/product/export/", {"format": "1"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:6] == ["id", "name", "artisan", "artisan_province", "artisan_province_name", "status"]
    assert rows[0][:6] == [
        item.pk,
        "Batik Tulis",
        item.artisan.business_name,
        "ID-YO",
        "DI Yogyakarta",
        gettext("Published"),
    ]


def test_export_needs_the_view_permission(client):
    client.force_login(f.staff_without_permissions())
    assert client.post("/admin/artisans/artisan/export/", {"format": "0"}).status_code == 403
    assert client.get("/admin/catalog/product/export/").status_code == 403
