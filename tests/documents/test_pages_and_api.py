"""Who downloads what, the buttons on both order pages, the packages form, and the documents API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from orders.documents.models import Document, Package
from orders.documents.services import document_generate
from tests.documents.factories import export_order
from tests.factories import ArtisanFactory, UserFactory
from tests.moderation.factories import BALI, national, regional

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def order():
    return export_order()


@pytest.fixture
def document(order):
    return document_generate(order=order, kind="proforma", by=order.buyer)


@pytest.mark.parametrize("who", ["buyer", "artisan", "national", "regional-yogyakarta"])
def test_the_parties_and_covering_staff_download(order, document, who):
    user = {
        "buyer": lambda: order.buyer,
        "artisan": lambda: order.artisan.user,
        "national": lambda: national(),
        "regional-yogyakarta": lambda: regional(),
    }[who]()
    response = _client(user).get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["other-buyer", "other-artisan", "regional-bali", "plain-staff"])
def test_no_one_else_downloads(order, document, who):
    user = {
        "other-buyer": lambda: UserFactory(),
        "other-artisan": lambda: ArtisanFactory().user,
        "regional-bali": lambda: regional(provinces=(BALI,), email="bali@dekranasda.id"),
        "plain-staff": lambda: UserFactory(is_staff=True),
    }[who]()
    assert _client(user).get(reverse("documents:download", args=[document.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(reverse("api-document-file", args=[document.pk])).status_code == 404
    assert api.get(reverse("api-order-documents", args=[order.number])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(document):
    response = Client().get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_both_order_pages_show_the_buttons_for_an_export_order(order, document, django_assert_max_num_queries):
    buyer_page = _client(order.buyer).get(reverse("orders:order-detail", args=[order.number]))
    assert buyer_page.status_code == 200
    html = buyer_page.content.decode()
    assert reverse("documents:generate", args=[order.number, "proforma"]) in html
    assert f"{document.number}" in html
    assert reverse("documents:studio-packages", args=[order.number]) not in html  # packages: the artisan's

    client = _client(order.artisan.user)
    with django_assert_max_num_queries(30):
        studio_page = client.get(reverse("orders:studio-order", args=[order.number]))
    html = studio_page.content.decode()
    for kind in ("proforma", "commercial", "packing"):
        assert reverse("documents:generate", args=[order.number, kind]) in html
    assert reverse("documents:studio-packages", args=[order.number]) in html


def test_a_domestic_order_page_has_no_export_panel():
    from tests.orders.factories import AddressFactory, checkout

    order = export_order()
    buyer = UserFactory()
    domestic = checkout(buyer, AddressFactory(user=buyer), (order.lines.first().variant, 1)).orders.get()
    html = _client(buyer).get(reverse("orders:order-detail", args=[domestic.number])).content.decode()
    assert "export-documents" not in html


def test_making_a_document_on_the_page_sends_its_pdf(order):
    client = _client(order.artisan.user)
    response = client.post(reverse("documents:generate", args=[order.number, "packing"]))
    document = Document.objects.get(order=order, kind="packing")
    assert response.status_code == 302 and response["Location"] == reverse("documents:download", args=[document.pk])


def test_a_refused_document_goes_back_to_the_page_with_the_reason():
    order = export_order(packages=False)
    client = _client(order.artisan.user)
    response = client.post(reverse("documents:generate", args=[order.number, "packing"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("orders:studio-order", args=[order.number])
    assert "Masukkan paket" in response.content.decode() or "Enter the packages" in response.content.decode()
    assert not Document.objects.exists()


def _form(rows: list[dict]) -> dict:
    data = {"pkg-TOTAL_FORMS": len(rows), "pkg-INITIAL_FORMS": 0, "pkg-MIN_NUM_FORMS": 0, "pkg-MAX_NUM_FORMS": 50}
    for n, row in enumerate(rows):
        data.update({f"pkg-{n}-{key}": value for key, value in row.items()})
    return data


ROW = {"count": 3, "contents": "Keranjang rotan", "length_cm": "40", "width_cm": "40", "height_cm": "30"}


def test_the_artisan_enters_packages_identical_ones_in_one_row():
    order = export_order(packages=False)
    client = _client(order.artisan.user)
    assert client.get(reverse("documents:studio-packages", args=[order.number])).status_code == 200
    response = client.post(
        reverse("documents:studio-packages", args=[order.number]),
        _form([{**ROW, "net_kg": "1.9", "gross_kg": "2.45"}, {}]),
    )
    assert response.status_code == 302
    package = Package.objects.get(order=order)
    assert (package.count, package.net_weight_grams, package.gross_weight_grams) == (3, 1_900, 2_450)


def test_packages_whose_net_is_above_gross_are_refused_and_nothing_changes(order):
    before = list(Package.objects.order_by("pk").values())
    client = _client(order.artisan.user)
    response = client.post(
        reverse("documents:studio-packages", args=[order.number]), _form([{**ROW, "net_kg": "5", "gross_kg": "4"}])
    )
    assert response.status_code == 200
    assert "5.00" in response.content.decode() and "4.00" in response.content.decode()
    assert list(Package.objects.order_by("pk").values()) == before


def test_api_lists_makes_and_serves_documents(order):
    api = APIClient()
    api.force_authenticate(order.buyer)
    url = reverse("api-order-documents", args=[order.number])
    assert api.get(url).json() == []

    made = api.post(url, {"kind": "proforma"}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert body["kind"] == "proforma" and body["version"] == 1 and body["number"].startswith("PI-")
    again = api.post(url, {"kind": "proforma"}, format="json")
    assert again.status_code == 200 and again.json()["number"] == body["number"]

    listed = api.get(url).json()
    assert [(d["kind"], d["version"]) for d in listed] == [("proforma", 1)]
    assert listed[0]["url"].endswith(reverse("api-document-file", args=[Document.objects.get().pk]))
    pdf = api.get(listed[0]["url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_api_refuses_an_incomplete_document_with_the_reason():
    order = export_order(packages=False)
    api = APIClient()
    api.force_authenticate(order.artisan.user)
    url = reverse("api-order-documents", args=[order.number])
    response = api.post(url, {"kind": "packing"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Enter the packages" in response.json()["detail"]
    indonesian = api.post(url, {"kind": "packing"}, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert indonesian.json()["detail"].startswith("Daftar kemasan belum dapat dibuat: Masukkan paket")
    assert not Document.objects.exists()


def test_api_packages_replace_and_refuse_bad_weights():
    order = export_order(packages=False)
    api = APIClient()
    api.force_authenticate(order.artisan.user)
    url = reverse("api-order-packages", args=[order.number])
    row = {"count": 2, "length_cm": "40.0", "width_cm": "40.0", "height_cm": "30.0", "contents": "Baskets"}
    bad = api.put(url, {"packages": [{**row, "net_weight_grams": 3000, "gross_weight_grams": 2000}]}, format="json")
    assert bad.status_code == 400 and not Package.objects.exists()
    empty = api.put(url, {"packages": []}, format="json")
    assert empty.status_code == 400 and not Package.objects.exists()
    good = api.put(url, {"packages": [{**row, "net_weight_grams": 1900, "gross_weight_grams": 2400}]}, format="json")
    assert good.status_code == 200
    assert good.json()["packages"][0]["count"] == 2
    assert api.get(url).json() == good.json()
