"""Search: full text with Indonesian stemming and weights on PostgreSQL, trigram fallback for misspellings, and
a plain icontains on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from catalog import search, selectors, services
from catalog.models import Product
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db


def _names(q, **filters):
    return [p.name for p in selectors.product_list_public(filters={"q": q, **filters})]


@pytest.mark.postgres
def test_name_match_ranks_above_description_only_match(refresh_vectors):
    f.quick_published(name="Keranjang Bambu", description="Cocok untuk tas rotan kecil.", popularity=100)
    f.quick_published(name="Tas Rotan Bulat", description="Anyaman tangan.", popularity=0)
    refresh_vectors()
    assert _names("rotan") == ["Tas Rotan Bulat", "Keranjang Bambu"]


@pytest.mark.postgres
def test_material_and_category_rank_above_description(refresh_vectors):
    f.quick_published(name="Hiasan Dinding", description="Dibuat dari pandan dan mendong.", category="topeng")
    f.quick_published(name="Hiasan Meja", materials="pandan", category="topeng")
    refresh_vectors()
    assert _names("pandan") == ["Hiasan Meja", "Hiasan Dinding"]


@pytest.mark.postgres
def test_indonesian_stemming_anyaman_finds_menganyam(refresh_vectors):
    f.quick_published(name="Tikar Pandan", description="Ibu-ibu desa menganyam tikar ini selama seminggu.")
    f.quick_published(name="Cincin Perak", description="Perak murni.", category="perak")
    refresh_vectors()
    assert _names("anyaman") == ["Tikar Pandan"]
    assert _names("menganyam") == ["Tikar Pandan"]


@pytest.mark.postgres
def test_misspelling_falls_back_to_trigrams(refresh_vectors):
    f.quick_published(name="Tas Anyaman Rotan")
    f.quick_published(name="Cincin Perak Celuk", category="perak")
    refresh_vectors()
    assert _names("anyamn rotan") == ["Tas Anyaman Rotan"]
    assert _names("cincn perak") == ["Cincin Perak Celuk"]
    assert _names("qwertyuiop") == []


@pytest.mark.postgres
def test_simple_config_matches_words_the_stemmer_would_change(refresh_vectors):
    f.quick_published(name="Kain Songket Palembang", category="tenun", name_en="Songket cloth")
    refresh_vectors()
    assert _names("songket") == ["Kain Songket Palembang"]
    assert _names("cloth") == ["Kain Songket Palembang"]


@pytest.mark.postgres
def test_service_keeps_the_vector_current_on_edit():
    product = f.published(name="Tas Rotan Cirebon")
    assert _names("cirebon") == ["Tas Rotan Cirebon"]
    services.product_update(product=product, by=product.artisan.user, fields={"name": "Tas Bambu"})
    Product.objects.filter(pk=product.pk).update(status=Product.Status.PUBLISHED)
    assert _names("cirebon") == ["Tas Bambu"]  # still in the description
    assert _names("bambu") == ["Tas Bambu"]


@pytest.mark.postgres
def test_bulk_refresh_fills_null_vectors_in_batches():
    for i in range(7):
        f.quick_published(name=f"Gelang Kuningan {i}", slug=f"gelang-{i}", category="kuningan")
    assert Product.objects.filter(search_vector__isnull=True).count() == 7
    assert search.refresh_search_vectors(batch_size=3) == 7
    assert Product.objects.filter(search_vector__isnull=True).count() == 0
    assert len(_names("kuningan")) == 7


@pytest.mark.postgres
def test_relevance_is_the_default_sort_with_a_query_and_other_sorts_still_apply(refresh_vectors):
    f.quick_published(name="Tas Rotan Murah", price=100_000, description="rotan")
    f.quick_published(name="Keranjang", price=50_000, description="rotan rotan")
    refresh_vectors()
    assert _names("rotan") == ["Tas Rotan Murah", "Keranjang"]
    assert _names("rotan", sort="price_asc") == ["Keranjang", "Tas Rotan Murah"]


def test_search_page_and_api_find_by_words(client, refresh_vectors):
    f.quick_published(name="Tas Anyaman Rotan", slug="tas-anyaman-rotan")
    f.quick_published(name="Cincin Perak", slug="cincin-perak", category="perak")
    refresh_vectors()
    response = client.get(reverse("catalog:search"), {"q": "rotan"})
    assert [p.name for p in response.context["products"]] == ["Tas Anyaman Rotan"]
    body = APIClient().get("/api/v1/products/", {"q": "perak"}).json()
    assert [p["slug"] for p in body["results"]] == ["cincin-perak"]


def test_search_without_postgres_is_a_case_insensitive_substring_match():
    # The SQLite path, called directly so that it is proven on every database the suite runs on.
    f.quick_published(name="Tas Anyaman ROTAN")
    f.quick_published(name="Cincin", description="perak Celuk", category="perak")
    public = Product.objects.public()
    assert [p.name for p in search.substring_search(public, "rotan")] == ["Tas Anyaman ROTAN"]
    assert [p.name for p in search.substring_search(public, "celuk")] == ["Cincin"]
    if connection.vendor == "sqlite":
        assert _names("rotan") == ["Tas Anyaman ROTAN"]
