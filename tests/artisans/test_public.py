"""The public artisan page and the public API: verified artisans only, never private fields, constant queries."""

import datetime

import pytest
from django.utils import timezone

from artisans import services
from artisans.models import Artisan, ArtisanPhoto
from tests.artisans.factories import CertificationFactory, CompleteArtisanFactory, moderator
from tests.factories import ArtisanFactory, CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _rich_artisan(n_products: int, **kwargs):
    artisan = CompleteArtisanFactory(status="verified", **kwargs)
    artisan.categories.add(CategoryFactory(slug=f"kayu-{artisan.pk}"))
    CertificationFactory(artisan=artisan, name="SVLK", checked_at=timezone.now())
    ArtisanPhoto.objects.create(
        artisan=artisan, kind="logo", original="x.png", status="ready", renditions=[{"width": 64, "url": "/m/l.webp"}]
    )
    for _ in range(n_products):
        ProductFactory(artisan=artisan)
    return artisan


def test_public_page_shows_story_region_categories_badges_and_published_products(client):
    artisan = CompleteArtisanFactory(status="verified", story="Ukiran kayu jati <3 sejak 1970.", regency="Jepara")
    CertificationFactory(artisan=artisan, name="SVLK V-Legal", checked_at=timezone.now())
    CertificationFactory(artisan=artisan, name="Belum Dicek")
    CertificationFactory(
        artisan=artisan, name="Kedaluwarsa", checked_at=timezone.now(), valid_until=datetime.date(2020, 1, 1)
    )
    ProductFactory(artisan=artisan, name="Meja Ukir Jepara", price=1_250_000)
    ProductFactory(artisan=artisan, name="Kursi Draf", status="draft")
    page = client.get(f"/artisans/{artisan.slug}/", **EN).content.decode()
    assert "Ukiran kayu jati &lt;3 sejak 1970." in page
    assert "Jepara, DI Yogyakarta" in page
    assert "Verified by Dekranas" in page and "SVLK V-Legal" in page
    assert "Belum Dicek" not in page and "Kedaluwarsa" not in page
    assert "Meja Ukir Jepara" in page and "Rp 1.250.000" in page
    assert "Kursi Draf" not in page
    for private in (artisan.nib, artisan.address, artisan.phone, artisan.postal_code):
        assert private not in page


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "suspended"])
def test_public_page_and_api_entry_are_404_unless_verified(client, status):
    artisan = CompleteArtisanFactory(status=status)
    assert client.get(f"/artisans/{artisan.slug}/").status_code == 404
    assert client.get(f"/api/v1/artisans/{artisan.slug}/").status_code == 404
    assert client.get("/api/v1/artisans/").json()["count"] == 0


def test_suspension_hides_the_page_the_api_entry_and_every_product_at_once(client, notified):
    from catalog.models import Product

    artisan = _rich_artisan(3)
    assert Product.objects.public().filter(artisan=artisan).count() == 3
    services.artisan_suspend(artisan=artisan, by=moderator(), reason="Pelanggaran.")
    assert client.get(f"/artisans/{artisan.slug}/").status_code == 404
    assert client.get(f"/api/v1/artisans/{artisan.slug}/").status_code == 404
    assert client.get("/api/v1/artisans/").json()["results"] == []
    assert Product.objects.public().filter(artisan=artisan).count() == 0
    services.artisan_reinstate(artisan=artisan, by=moderator("other@dekranas.id"))
    assert client.get(f"/artisans/{artisan.slug}/").status_code == 200


def test_public_api_never_shows_private_fields(client):
    artisan = _rich_artisan(0)
    body = client.get(f"/api/v1/artisans/{artisan.slug}/").json()
    for private in ("nib", "address", "district", "postal_code", "phone", "whatsapp", "status", "user"):
        assert private not in body
    assert body["badges"] == [{"name": "SVLK", "issuer": "Kementerian LHK", "valid_until": None}]
    assert body["logo"] == "/m/l.webp" and body["cover"] is None
    assert body["province"] == "ID-YO" and body["province_name"] == "DI Yogyakarta"
    assert body["url"] == f"/artisans/{artisan.slug}/"


def test_api_list_filters_by_province_and_category_including_subcategories(client):
    anyaman = CategoryFactory(slug="anyaman")
    rotan = CategoryFactory(slug="rotan", parent=anyaman)
    a = ArtisanFactory(province="ID-JB", business_name="A Rotan Cirebon")
    a.categories.add(rotan)
    b = ArtisanFactory(province="ID-BA", business_name="B Anyaman Bali")
    b.categories.add(anyaman)
    ArtisanFactory(province="ID-JB", business_name="C Kayu")
    ArtisanFactory(province="ID-JB", status="submitted", business_name="D Hidden").categories.add(rotan)

    def names(query):
        return [r["business_name"] for r in client.get(f"/api/v1/artisans/{query}").json()["results"]]

    assert names("") == ["A Rotan Cirebon", "B Anyaman Bali", "C Kayu"]
    assert names("?province=ID-JB") == ["A Rotan Cirebon", "C Kayu"]
    assert names("?category=anyaman") == ["A Rotan Cirebon", "B Anyaman Bali"]
    assert names("?category=rotan&province=id-jb") == ["A Rotan Cirebon"]
    response = client.get("/api/v1/artisans/?province=ID-XX")
    assert response.status_code == 400 and list(response.json()) == ["province"]


def test_api_list_is_paginated(client):
    for _ in range(3):
        ArtisanFactory()
    body = client.get("/api/v1/artisans/?page_size=2").json()
    assert (body["count"], len(body["results"])) == (3, 2)
    assert client.get("/api/v1/artisans/?page=abc").status_code == 400


def _count(django_assert_max_num_queries, client, url, budget):
    with django_assert_max_num_queries(budget) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_public_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    small = _rich_artisan(1)
    big = _rich_artisan(12)
    for _ in range(3):
        big.categories.add(CategoryFactory())
        CertificationFactory(artisan=big, checked_at=timezone.now())
    few = _count(django_assert_max_num_queries, client, f"/artisans/{small.slug}/", 8)
    many = _count(django_assert_max_num_queries, client, f"/artisans/{big.slug}/", 8)
    assert few == many


def test_api_list_and_detail_run_a_constant_number_of_queries(client, django_assert_max_num_queries):
    _rich_artisan(0)
    one = _count(django_assert_max_num_queries, client, "/api/v1/artisans/", 6)
    for _ in range(15):
        _rich_artisan(0)
    many = _count(django_assert_max_num_queries, client, "/api/v1/artisans/", 6)
    assert one == many
    slug = Artisan.objects.first().slug
    _count(django_assert_max_num_queries, client, f"/api/v1/artisans/{slug}/", 5)
