"""Search: full text with Indonesian stemming and weights on PostgreSQL, trigram fallback for misspellings, and
a plain icontains on SQLite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.test import APIClient

from catalog import paging, search, selectors, services, tasks
from catalog.models import Product, SearchTerm
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


@pytest.mark.postgres
def test_misspelt_words_are_corrected_against_the_catalogues_words(client, refresh_vectors):
    f.quick_published(name="Tas Rotan Motif Parang")
    f.quick_published(name="Kain Batik Motif Kawung", category="batik")
    f.quick_published(name="Panel Ukir Kayu", description="Ukiran motif parang dan kawung.", category="kayu")
    refresh_vectors()

    assert search.corrected_query("motf parang") == "motif parang"
    assert search.corrected_query('"Motf" -kawng') == '"motif" -kawung'  # operators stay, words are corrected
    assert search.corrected_query("qwertyuiop rotan") == "qwertyuiop rotan"  # nothing near: left as typed
    # The corrected words are searched in full text, description included, and ranked as usual.
    assert _names("motf parang") == ["Tas Rotan Motif Parang", "Panel Ukir Kayu"]
    # The search page says what it searched for, only when it corrected the words.
    said = gettext("Showing results for “%(corrected)s”.")
    corrected = client.get(reverse("catalog:search"), {"q": "motf parang"})
    assert [p.name for p in corrected.context["products"]] == ["Tas Rotan Motif Parang", "Panel Ukir Kayu"]
    assert (said % {"corrected": "motif parang"}).encode() in corrected.content
    as_typed = client.get(reverse("catalog:search"), {"q": "motif parang"})
    assert (said % {"corrected": "motif parang"}).encode() not in as_typed.content


@pytest.mark.postgres
def test_the_vocabulary_follows_the_catalogue():
    product = f.published(name="Sasando Lontar Rote")
    assert SearchTerm.objects.filter(word__in=["sasando", "lontar", "rote"]).count() == 3  # on save, by the service
    assert _names("sasndo") == ["Sasando Lontar Rote"]

    SearchTerm.objects.create(word="usang", documents=4)
    Product.objects.filter(pk=product.pk).update(name="Sasando Mini")
    # The daily rebuild (also after bulk loads and by the management command) drops the words no product uses.
    assert tasks.refresh_search_terms() == SearchTerm.objects.count()
    assert not SearchTerm.objects.filter(word__in=["usang", "lontar"]).exists()
    assert SearchTerm.objects.get(word="sasando").documents == 1


@pytest.mark.postgres
def test_a_broad_search_ranks_its_most_popular_and_newest_matches(refresh_vectors, monkeypatch):
    now = timezone.now()
    old = now - timedelta(days=30)
    for name, description, popularity, published_at in [
        ("Tas Rotan", "", 100, old),
        ("Keranjang", "Dari rotan.", 90, old),
        ("Tikar", "Dari rotan.", 50, old - timedelta(days=1)),
        ("Kotak Rotan", "", 0, now),
        ("Lampu", "Dari rotan.", 0, now - timedelta(hours=1)),
        ("Vas Rotan", "", 10, old - timedelta(days=2)),
    ]:
        f.quick_published(name=name, description=description, popularity=popularity, published_at=published_at)
    refresh_vectors()
    monkeypatch.setattr(search, "RESULT_LIMIT", 2)

    # Six matches, more than the limit: the candidates are the three most popular and the three newest (one more
    # than the limit from each), ranked: names before descriptions, then popularity. "Vas Rotan" is neither.
    assert _names("rotan") == ["Tas Rotan", "Kotak Rotan", "Keranjang", "Tikar", "Lampu"]
    # Sorted by something else, every match takes part.
    assert _names("rotan", sort="price_asc") != [] and len(_names("rotan", sort="popularity")) == 6
    # Within the limit, every match is ranked.
    monkeypatch.setattr(search, "RESULT_LIMIT", 6)
    assert len(_names("rotan")) == 6


@pytest.mark.postgres
def test_a_search_counts_to_its_limit_and_says_more_than(client, refresh_vectors, monkeypatch):
    for i in range(4):
        f.quick_published(name=f"Tas Rotan {i}", slug=f"tas-rotan-{i}")
    refresh_vectors()
    monkeypatch.setattr(search, "RESULT_LIMIT", 2)

    paginator = paging.CappedPaginator(selectors.product_list_public(filters={"q": "rotan"}), 24)
    assert (paginator.count_cap, paginator.count, paginator.count_capped) == (2, 3, True)
    response = client.get(reverse("catalog:search"), {"q": "rotan"})
    assert (gettext("More than %(n)s products") % {"n": "2"}).encode() in response.content
    api = APIClient().get("/api/v1/products/", {"q": "rotan"}).json()
    assert api["count"] == 3  # past the limit: limit + 1, as for the 10 000 cap of plain lists
    browse = paging.CappedPaginator(selectors.product_list_public(filters={}), 24)
    assert (browse.count_cap, browse.count) == (paging.COUNT_CAP, 4)
