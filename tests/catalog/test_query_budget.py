"""List, category, search and API list pages: a constant number of queries, at most 10, at any page size."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from catalog import selectors
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db


def _fill(n):
    owners = [f.artisan(province=p) for p in ("ID-BA", "ID-JT", "ID-YO")]
    for i in range(n):
        f.quick_published(owner=owners[i % 3], name=f"Tas Rotan {i}", slug=f"tas-rotan-{i}", materials="rotan")


def _count(django_assert_max_num_queries, call, budget: int = 10):
    # Measured cold: list counts and list fragments are cached (test_list_caching.py), which would make the
    # second size look cheaper than the first.
    cache.clear()
    selectors.category_tree()
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalog:search"),
        reverse("catalog:category", args=["anyaman"]),
        reverse("catalog:search") + "?q=rotan&in_stock=on&sort=relevance",
        reverse("catalog:search") + "?material=rotan&province=ID-BA&price_min=1",
    ],
)
def test_web_list_pages_cost_the_same_at_10_and_50_per_page(client, monkeypatch, django_assert_max_num_queries, url):
    _fill(50)
    selectors.category_tree()
    selectors.material_choices()
    counts = []
    for size in (10, 50):
        monkeypatch.setattr(selectors, "PAGE_SIZE", size)
        counts.append(_count(django_assert_max_num_queries, lambda: client.get(url)))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("query", ["", "?q=rotan&sort=price_asc", "?category=anyaman&in_stock=true"])
def test_api_list_costs_the_same_at_10_and_50_per_page(django_assert_max_num_queries, query):
    _fill(50)
    selectors.category_tree()
    api = APIClient()
    sep = "&" if query else "?"
    counts = [
        _count(django_assert_max_num_queries, lambda s=size: api.get(f"/api/v1/products/{query}{sep}page_size={s}"))
        for size in (10, 50)
    ]
    assert counts[0] == counts[1]


def test_studio_list_is_constant_too(client, django_assert_max_num_queries):
    owner = f.artisan()
    for i in range(30):
        f.quick_published(owner=owner, name=f"Tas {i}", slug=f"tas-{i}")
    client.force_login(owner.user)
    # A signed-in page: the header's unread messages, notifications and cart counts are one query each.
    _count(django_assert_max_num_queries, lambda: client.get(reverse("catalog:studio-products")), budget=11)


def test_product_page_query_count_does_not_grow_with_variants_and_images(client, django_assert_max_num_queries):
    product = f.published()
    owner = product.artisan
    for i in range(3):
        f.quick_published(owner=owner, name=f"Tas {i}", slug=f"tas-{i}")
    selectors.category_tree()
    url = reverse("catalog:product", args=[product.slug])
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
