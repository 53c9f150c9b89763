"""Where an artisan gave an English name or description, English visitors see it; Indonesian visitors, and
English visitors of products without one, see the Indonesian.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from catalog.models import Category
from tests.catalog.factories import published

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def bilingual():
    return published(
        name="Tas Rotan Bundar",
        name_en="Round rattan bag",
        description="Tas anyaman rotan buatan tangan dari Cirebon.",
        description_en="Hand-woven rattan bag from Cirebon.",
        price=1_250_000,
    )


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def product_page(client, product, language: str) -> BeautifulSoup:
    client.cookies["django_language"] = language
    return soup(client.get(reverse("catalog:product", kwargs={"slug": product.slug})))


def test_indonesian_visitors_see_the_indonesian_name_and_description(client, bilingual):
    page = product_page(client, bilingual, "id")
    assert page.h1.get_text(strip=True) == "Tas Rotan Bundar"
    assert "Tas anyaman rotan buatan tangan dari Cirebon." in page.select_one(".description").get_text()


def test_english_visitors_of_a_product_without_english_texts_see_the_indonesian(client):
    product = published(name="Keranjang Pandan", description="Keranjang pandan anyaman tangan.")
    page = product_page(client, product, "en")
    assert page.h1.get_text(strip=True) == "Keranjang Pandan"
    assert "Keranjang pandan anyaman tangan." in page.select_one(".description").get_text()


def test_english_visitors_see_the_english_name_and_description_on_the_product_page(client, bilingual):
    page = product_page(client, bilingual, "en")
    assert page.h1.get_text(strip=True) == "Round rattan bag"
    assert "Hand-woven rattan bag from Cirebon." in page.select_one(".description").get_text()
    assert page.title.get_text().startswith("Round rattan bag")


def test_english_visitors_see_the_english_name_on_product_cards(client, bilingual):
    client.cookies["django_language"] = "en"
    page = soup(client.get(reverse("catalog:search") + "?q=rotan"))
    titles = [t.get_text(strip=True) for t in page.select(".product-card h3")]
    assert "Round rattan bag" in titles


def test_the_api_gives_english_visitors_the_english_name_and_description(client, bilingual):
    body = client.get(f"/api/v1/products/{bilingual.slug}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["name"], body["description"]) == ("Round rattan bag", "Hand-woven rattan bag from Cirebon.")


def test_english_visitors_see_english_category_names_on_the_product_page(client, bilingual):
    page = product_page(client, bilingual, "en")
    crumbs = page.select_one("nav.breadcrumb").get_text(" ", strip=True)
    assert Category.objects.get(slug="rotan").name_en in crumbs
    assert bilingual.category.name_id not in crumbs
