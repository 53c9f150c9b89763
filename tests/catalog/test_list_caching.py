"""Caching of public lists and validators of the product page (issue 9, second round).

List pages keep their rendered filters and results for a short time, retired at once by any catalogue change
made through the services; deep pages read ids first; the product page answers 304 to a matching ETag.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from artisans import services as artisan_services
from catalog import paging, selectors, services
from tests.artisans.factories import moderator
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db


def _product_queries(ctx) -> int:
    return sum('"catalog_product"' in q["sql"] for q in ctx.captured_queries)


def test_a_list_page_seen_again_runs_no_product_query_and_shows_the_same(client):
    owner = f.artisan()
    f.quick_published(owner=owner, name="Tas Rotan Bundar", slug="tas-rotan-bundar")
    url = reverse("catalog:category", args=["rotan"])
    assert "Tas Rotan Bundar" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(url)
    assert second.status_code == 200
    assert _product_queries(ctx) == 0
    assert "Tas Rotan Bundar" in second.content.decode()


def test_a_published_product_retires_the_cached_lists_at_once(client, django_capture_on_commit_callbacks):
    owner = f.artisan()
    url = reverse("catalog:category", args=["rotan"])
    assert "Keranjang Baru" not in client.get(url).content.decode()
    product = f.draft(owner=owner, name="Keranjang Baru")
    services.product_submit(product=product, by=owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.product_approve(product=product, by=f.staff())
    assert "Keranjang Baru" in client.get(url).content.decode()


def test_other_filters_are_other_cache_entries(client):
    owner = f.artisan()
    f.quick_published(owner=owner, name="Tas Murah", slug="tas-murah", price=50_000)
    f.quick_published(owner=owner, name="Tas Mahal", slug="tas-mahal", price=900_000)
    url = reverse("catalog:category", args=["rotan"])
    assert "Tas Mahal" in client.get(url).content.decode()
    cheap = client.get(url + "?price_max=100000").content.decode()
    assert "Tas Murah" in cheap
    assert "Tas Mahal" not in cheap


def test_deep_pages_read_ids_first_and_show_the_same_rows_in_the_same_order(monkeypatch):
    owner = f.artisan()
    for i in range(12):
        f.quick_published(owner=owner, name=f"Tas {i}", slug=f"tas-{i}", popularity=i)
    qs = selectors.product_list_public(filters={"sort": "popularity"})
    expected = [p.slug for p in qs[6:9]]
    monkeypatch.setattr(paging, "DEFERRED_JOIN_OFFSET", 3)
    paginator = paging.CappedPaginator(qs, 3)
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.page(3)
        slugs = [p.slug for p in page.object_list]
    assert slugs == expected
    ids_only = 'SELECT "catalog_product"."id" AS "pk" FROM'
    assert any(q["sql"].startswith(ids_only) and "LIMIT 3 OFFSET 6" in q["sql"] for q in ctx.captured_queries)
    assert page.object_list[0].artisan.pk == owner.pk  # still joined


def test_the_capped_count_is_cached_per_query_and_retired_by_a_change(django_capture_on_commit_callbacks):
    owner = f.artisan()
    f.quick_published(owner=owner, slug="a")
    assert paging.CappedPaginator(selectors.product_list_public(), 24).count == 1
    f.quick_published(owner=owner, slug="b")  # written directly: the cached count stays until it expires
    assert paging.CappedPaginator(selectors.product_list_public(), 24).count == 1
    with django_capture_on_commit_callbacks(execute=True):
        selectors.catalog_changed()
    assert paging.CappedPaginator(selectors.product_list_public(), 24).count == 2


def test_the_product_page_answers_304_to_its_etag(client):
    product = f.published(name="Tas Anyaman Rotan")
    url = product.get_absolute_url()
    client.get(url)  # the first visit sets the CSRF cookie, which is part of the ETag
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    assert "private" in first["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_etag_changes_with_the_stock_and_with_the_visitor(client, django_capture_on_commit_callbacks):
    product = f.published(name="Tas Anyaman Rotan", stock=5)
    url = product.get_absolute_url()
    client.get(url)
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    variant = product.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.variant_update_stock_price(variant=variant, by=product.artisan.user, stock=7)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    etag = changed["ETag"]
    client.force_login(f.artisan().user)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_product_that_is_not_public_is_still_404_with_an_etag_sent(client):
    product = f.draft(name="Belum Terbit")
    response = client.get(reverse("catalog:product", args=[product.slug]), headers={"If-None-Match": '"x"'})
    assert response.status_code == 404


def test_the_api_list_is_served_from_the_cache_until_the_catalogue_changes(django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    owner = f.artisan()
    f.quick_published(owner=owner, name="Tas A", slug="tas-a")
    api = APIClient()
    first = api.get("/api/v1/products/?sort=newest").json()
    assert [p["slug"] for p in first["results"]] == ["tas-a"]
    with CaptureQueriesContext(connection) as ctx:
        again = api.get("/api/v1/products/?sort=newest").json()
    assert again == first
    assert _product_queries(ctx) == 0
    f.quick_published(owner=owner, name="Tas B", slug="tas-b")
    with django_capture_on_commit_callbacks(execute=True):
        selectors.catalog_changed()
    assert [p["slug"] for p in api.get("/api/v1/products/?sort=newest").json()["results"]] == ["tas-b", "tas-a"]
    assert api.get("/api/v1/products/?price_min=abc").status_code == 400


def test_suspending_an_artisan_retires_the_cached_lists_at_once(client, django_capture_on_commit_callbacks):
    owner = f.artisan()
    f.quick_published(owner=owner, name="Topeng Kayu Panji", slug="topeng-kayu-panji")
    url = reverse("catalog:category", args=["rotan"])
    api = reverse("api-products")
    assert "Topeng Kayu Panji" in client.get(url).content.decode()
    assert client.get(api).json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        artisan_services.artisan_suspend(artisan=owner, by=moderator(), reason="Dokumen palsu")
    assert "Topeng Kayu Panji" not in client.get(url).content.decode()
    assert client.get(api).json()["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        artisan_services.artisan_reinstate(artisan=owner, by=moderator())
    assert "Topeng Kayu Panji" in client.get(url).content.decode()
    assert client.get(api).json()["count"] == 1
