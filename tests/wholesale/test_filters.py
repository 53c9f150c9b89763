"""Browse and search filters for wholesale, and the sort by unit price at the buyer's quantity; the same on
SQLite and PostgreSQL, with the list budgets holding."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from catalog import selectors
from catalog.wholesale.services import SampleInput, product_sample_set
from tests.catalog import factories as f
from tests.wholesale.factories import set_ladder

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    owner = f.artisan()

    def make(slug, **fields):
        return f.quick_published(owner=owner, name=slug, slug=slug, **fields)

    plain = make("plain", price=50_000)
    tiered = make("tiered", price=100_000, min_order_quantity=10)
    set_ladder(tiered.variants.get(), [(20, 60_000), (100, 40_000)])
    business = make("business", price=90_000, min_order_quantity=50, made_to_order=True, lead_time_days=30)
    set_ladder(business.variants.get(), [(100, 30_000)], business_only={100})
    slow = make("slow", price=80_000, made_to_order=True, lead_time_days=45, min_order_quantity=200)
    return {"plain": plain, "tiered": tiered, "business": business, "slow": slow}


def _slugs(query: str) -> list[str]:
    cache.clear()
    response = APIClient().get(f"/api/v1/products/?{query}")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == len(body["results"])  # the count matches what the filter keeps
    return [p["slug"] for p in body["results"]]


def test_wholesale_prices_filter(shelf):
    assert sorted(_slugs("wholesale=true")) == ["business", "tiered"]


def test_verified_business_prices_filter(shelf):
    assert _slugs("business_prices=true") == ["business"]


def test_moq_up_to_filter(shelf):
    assert sorted(_slugs("moq_max=10")) == ["plain", "tiered"]
    assert sorted(_slugs("moq_max=50")) == ["business", "plain", "tiered"]


def test_ships_within_filter(shelf):
    assert sorted(_slugs("ships_within=30")) == ["business", "plain", "tiered"]
    assert sorted(_slugs("ships_within=7")) == ["plain", "tiered"]


def test_sort_by_unit_price_at_a_quantity_uses_public_tiers_only(shelf):
    # At 100: tiered 40 000, plain 50 000, slow 80 000, business 90 000 (its 30 000 tier is for businesses).
    assert _slugs("sort=unit_price_at&quantity=100") == ["tiered", "plain", "slow", "business"]
    # At 20: plain 50 000, tiered 60 000, slow 80 000, business 90 000.
    assert _slugs("sort=unit_price_at&quantity=20") == ["plain", "tiered", "slow", "business"]
    assert _slugs("sort=unit_price_at&quantity=1") == ["plain", "slow", "business", "tiered"]


@pytest.mark.parametrize("query", ["moq_max=0", "moq_max=10001", "ships_within=0", "ships_within=abc", "quantity=-1"])
def test_bad_filter_values_are_a_400_at_the_field(shelf, query):
    response = APIClient().get(f"/api/v1/products/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_web_search_with_the_wholesale_filters_keeps_its_budget(shelf, client, django_assert_max_num_queries):
    cache.clear()
    selectors.category_tree()
    selectors.material_choices()
    url = reverse("catalog:search") + "?wholesale=on&moq_max=100&ships_within=30&sort=unit_price_at&quantity=100"
    with django_assert_max_num_queries(10):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("tiered") < page.index("/p/business/")
    assert "Wholesale prices" in page and "Minimum order up to: 100" in page


def test_samples_available_filter_on_the_api_and_the_search_page(shelf, client):
    tiered = shelf["tiered"]
    product_sample_set(product=tiered, by=tiered.artisan.user, sample=SampleInput(price=20_000, max_units=2))
    assert _slugs("samples=1") == ["tiered"]
    assert sorted(_slugs("samples=1&wholesale=1")) == ["tiered"]
    cache.clear()
    page = client.get(reverse("catalog:search") + "?samples=on", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="id_samples"' in page and "/tiered/" in page and "/plain/" not in page
