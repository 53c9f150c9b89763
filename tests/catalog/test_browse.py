"""Every filter and sort of the public list, in the selector, the web pages and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from catalog import selectors
from catalog.models import Category
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(refresh_vectors):
    now = timezone.now()
    bali = f.artisan(province="ID-BA", slug="bali-perak")
    jepara = f.artisan(province="ID-JT", slug="jepara-ukir")
    items = {
        "ring": f.quick_published(
            owner=bali,
            category="perak",
            name="Cincin Perak Celuk",
            price=450_000,
            materials="perak",
            popularity=50,
            published_at=now - timedelta(days=3),
            stock=2,
        ),
        "bag": f.quick_published(
            owner=bali,
            category="rotan",
            name="Tas Rotan",
            price=250_000,
            materials="rotan,kulit",
            popularity=10,
            published_at=now - timedelta(days=1),
            stock=0,
        ),
        "table": f.quick_published(
            owner=jepara,
            category="furnitur",
            name="Meja Jati Ukir",
            price=7_500_000,
            materials="kayu jati",
            popularity=99,
            published_at=now - timedelta(days=5),
            stock=0,
            made_to_order=True,
            lead_time_days=30,
        ),
        "mask": f.quick_published(
            owner=jepara,
            category="topeng",
            name="Topeng Panji",
            price=600_000,
            materials="kayu pule,rotan",
            popularity=5,
            published_at=now - timedelta(days=2),
            stock=4,
        ),
    }
    refresh_vectors()
    return items


def _slugs(filters):
    return [p.name for p in selectors.product_list_public(filters=filters)]


def test_default_order_is_newest_first(shop):
    assert _slugs({}) == ["Tas Rotan", "Topeng Panji", "Cincin Perak Celuk", "Meja Jati Ukir"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"category": "kayu"}, ["Topeng Panji", "Meja Jati Ukir"]),  # a family includes its subcategories
        ({"category": "topeng"}, ["Topeng Panji"]),
        ({"material": "rotan"}, ["Tas Rotan", "Topeng Panji"]),  # a whole tag, first or last in the list
        ({"material": "Kayu Jati"}, ["Meja Jati Ukir"]),
        ({"material": "kayu"}, []),  # tags match whole, not as a prefix
        ({"province": "ID-BA"}, ["Tas Rotan", "Cincin Perak Celuk"]),
        ({"price_min": 450_000}, ["Topeng Panji", "Cincin Perak Celuk", "Meja Jati Ukir"]),
        ({"price_max": 450_000}, ["Tas Rotan", "Cincin Perak Celuk"]),
        ({"price_min": 300_000, "price_max": 700_000}, ["Topeng Panji", "Cincin Perak Celuk"]),
        ({"in_stock": True}, ["Topeng Panji", "Cincin Perak Celuk"]),
        ({"made_to_order": True}, ["Meja Jati Ukir"]),
        ({"artisan": "jepara-ukir"}, ["Topeng Panji", "Meja Jati Ukir"]),
        ({"artisan": "jepara-ukir", "in_stock": True}, ["Topeng Panji"]),
    ],
)
def test_filters(shop, filters, expected):
    assert _slugs(filters) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Tas Rotan", "Topeng Panji", "Cincin Perak Celuk", "Meja Jati Ukir"]),
        ("price_asc", ["Tas Rotan", "Cincin Perak Celuk", "Topeng Panji", "Meja Jati Ukir"]),
        ("price_desc", ["Meja Jati Ukir", "Topeng Panji", "Cincin Perak Celuk", "Tas Rotan"]),
        ("popularity", ["Meja Jati Ukir", "Cincin Perak Celuk", "Tas Rotan", "Topeng Panji"]),
        ("relevance", ["Tas Rotan", "Topeng Panji", "Cincin Perak Celuk", "Meja Jati Ukir"]),  # no q: newest
    ],
)
def test_sorts(shop, sort, expected):
    assert _slugs({"sort": sort}) == expected


def test_category_page_lists_descendants_and_filters(client, shop):
    response = client.get(reverse("catalog:category", args=["kayu"]))
    assert response.status_code == 200
    assert [p.name for p in response.context["products"]] == ["Topeng Panji", "Meja Jati Ukir"]
    response = client.get(reverse("catalog:category", args=["kayu"]), {"sort": "price_asc", "in_stock": "on"})
    assert [p.name for p in response.context["products"]] == ["Topeng Panji"]
    assert client.get(reverse("catalog:category", args=["tidak-ada"])).status_code == 404


def test_search_page_applies_query_string_filters(client, shop):
    response = client.get(reverse("catalog:search"), {"province": "ID-BA", "sort": "price_desc"})
    assert [p.name for p in response.context["products"]] == ["Cincin Perak Celuk", "Tas Rotan"]
    assert "Rp 450.000" in response.content.decode()


def test_bad_filter_input_is_ignored_on_the_web_and_400_in_the_api(client, shop):
    response = client.get(reverse("catalog:search"), {"price_min": "abc", "sort": "cheapest"})
    assert response.status_code == 200
    api = APIClient().get("/api/v1/products/", {"price_min": "abc", "sort": "cheapest"})
    assert api.status_code == 400
    assert set(api.json()) == {"price_min", "sort"}
    assert APIClient().get("/api/v1/products/", {"category": "tidak-ada"}).status_code == 400
    assert APIClient().get("/api/v1/products/", {"page": "0"}).status_code == 400


def test_api_filters_and_sorts(shop):
    body = APIClient().get("/api/v1/products/", {"category": "kayu", "sort": "price_desc"}).json()
    assert body["count"] == 2
    assert [p["name"] for p in body["results"]] == ["Meja Jati Ukir", "Topeng Panji"]
    assert body["results"][0]["price_display"] == "Rp 7.500.000"
    body = APIClient().get("/api/v1/products/", {"material": "rotan", "province": "ID-JT"}).json()
    assert [p["name"] for p in body["results"]] == ["Topeng Panji"]


def test_pages_hold_24(client):
    owner = f.artisan()
    for i in range(25):
        f.quick_published(owner=owner, name=f"Gelang {i}", slug=f"gelang-{i}", category="perhiasan")
    response = client.get(reverse("catalog:category", args=["logam"]))
    assert len(response.context["products"]) == 24
    assert response.context["page"].paginator.num_pages == 2
    assert len(client.get(reverse("catalog:category", args=["logam"]), {"page": 2}).context["products"]) == 1
    assert len(APIClient().get("/api/v1/products/").json()["results"]) == 24


def test_category_tree_is_cached_and_invalidated(django_assert_num_queries):
    selectors.category_tree()
    with django_assert_num_queries(0):
        tree = selectors.category_tree()
    assert [n.slug for n in tree] == ["logam", "anyaman", "kayu", "fesyen"]
    Category.objects.create(slug="gerabah", name_id="Gerabah", name_en="Pottery", position=9)
    selectors.category_tree_invalidate()
    assert [n.slug for n in selectors.category_tree()][-1] == "gerabah"


def test_featured_and_new_arrivals(shop):
    assert selectors.featured_products() == []
    shop["mask"].featured = True
    shop["mask"].save(update_fields=["featured"])
    assert [p.name for p in selectors.featured_products()] == ["Topeng Panji"]
    assert [p.name for p in selectors.new_arrivals(limit=2)] == ["Tas Rotan", "Topeng Panji"]
    assert [p.name for p in selectors.family_products(slug="kayu")] == ["Meja Jati Ukir", "Topeng Panji"]
