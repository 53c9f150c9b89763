"""The language switch is remembered; dates and numbers follow the language; prices stay Rp 1.250.000."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from catalog.models import Product
from orders.models import Order, Purchase
from tests.catalog.factories import published
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, checkout

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

INDEPENDENCE_DAY = datetime.datetime(2026, 8, 17, 10, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


def lang_of(response) -> str:
    return BeautifulSoup(response.content.decode(), "html.parser").html["lang"]


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content.decode(), "html.parser").get_text(" ").split())


def test_switching_to_english_is_remembered_for_a_year_across_pages(client):
    assert lang_of(client.get("/")) == "id"
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert response.cookies["django_language"].value == "en"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 3600

    for url in ("/", reverse("login"), reverse("signup"), reverse("catalog:search")):
        page = client.get(url)
        assert lang_of(page) == "en", url
    home = text_of(client.get("/"))
    assert "Shop by craft" in home
    assert "Belanja menurut kerajinan" not in home


def test_switching_back_to_indonesian_is_remembered_too(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert response.cookies["django_language"].value == "id"
    home = client.get("/")
    assert lang_of(home) == "id"
    assert "Belanja menurut kerajinan" in text_of(home)


def test_an_unknown_language_is_refused_and_the_choice_is_kept(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert "django_language" not in response.cookies
    assert lang_of(client.get("/")) == "en"


def test_the_browser_language_is_used_until_a_choice_is_made(client):
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")) == "en"
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")) == "id"


@pytest.fixture
def dated_order():
    product = published(name="Tas Rotan Bundar", price=1_250_000, stock=5)
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (product.variants.get(), 1))
    Purchase.objects.filter(pk=purchase.pk).update(created_at=INDEPENDENCE_DAY)
    Order.objects.filter(purchase=purchase).update(created_at=INDEPENDENCE_DAY)
    return purchase, buyer


@pytest.mark.parametrize(("language", "date"), [("id", "17 Agu 2026"), ("en", "17 Aug 2026")])
def test_order_dates_use_the_month_names_of_the_language(client, dated_order, language, date):
    purchase, buyer = dated_order
    client.force_login(buyer)
    client.cookies["django_language"] = language
    page = text_of(client.get(reverse("orders:order-list")))
    assert date in page
    order = purchase.orders.get()
    invoice = text_of(client.get(reverse("orders:invoice", kwargs={"number": order.number})))
    assert date in invoice
    assert "Rp 1.250.000" in invoice


@pytest.mark.parametrize(("language", "size"), [("id", "25,5 × 12,0 × 30,5 cm"), ("en", "25.5 × 12.0 × 30.5 cm")])
def test_decimal_numbers_use_the_separator_of_the_language(client, language, size):
    product = published(name="Kotak Kayu Jati", price=1_250_000)
    Product.objects.filter(pk=product.pk).update(
        length_cm=Decimal("25.5"), width_cm=Decimal("12.0"), height_cm=Decimal("30.5")
    )
    client.cookies["django_language"] = language
    page = text_of(client.get(reverse("catalog:product", kwargs={"slug": product.slug})))
    assert size in page
    assert "Rp 1.250.000" in page


@pytest.mark.parametrize("language", ["id", "en"])
def test_api_prices_are_rupiah_in_both_languages(client, language):
    product = published(name="Tas Rotan Bundar", price=1_250_000)
    body = client.get(f"/api/v1/products/{product.slug}/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert (body["price"], body["price_display"], body["currency"]) == (1_250_000, "Rp 1.250.000", "IDR")
