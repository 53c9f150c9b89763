"""Only published products of verified artisans are public; an artisan never sees another's drafts (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from artisans.models import Artisan
from catalog import selectors, services
from catalog.models import Product
from tests.catalog import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Product.Status


@pytest.fixture
def catalogue():
    live = f.published(name="Tas Rotan Terbit")
    drafted = f.draft(name="Tas Rotan Draf")
    pending = f.draft(name="Tas Rotan Menunggu")
    services.product_submit(product=pending, by=pending.artisan.user)
    rejected = f.draft(name="Tas Rotan Ditolak")
    services.product_submit(product=rejected, by=rejected.artisan.user)
    services.product_reject(product=rejected, by=f.staff(), reason="Foto buram")
    archived = f.published(name="Tas Rotan Arsip")
    services.product_archive(product=archived, by=archived.artisan.user)
    suspended = f.published(name="Tas Rotan Ditangguhkan")
    Artisan.objects.filter(pk=suspended.artisan_id).update(status=Artisan.Status.SUSPENDED)
    return {
        "live": live,
        "draft": drafted,
        "pending": pending,
        "rejected": rejected,
        "archived": archived,
        "suspended": suspended,
    }


def test_public_queryset_holds_only_published_products_of_verified_artisans(catalogue):
    assert list(Product.objects.public()) == [catalogue["live"]]
    assert [p.pk for p in selectors.product_list_public(filters={})] == [catalogue["live"].pk]
    assert [p.pk for p in selectors.product_list_public(filters={"q": "Tas Rotan"})] == [catalogue["live"].pk]
    assert selectors.new_arrivals() == [catalogue["live"]]


@pytest.mark.parametrize("name", ["draft", "pending", "rejected", "archived", "suspended"])
def test_hidden_products_are_404_on_the_web_and_the_api(client, catalogue, name):
    product = catalogue[name]
    assert client.get(reverse("catalog:product", args=[product.slug])).status_code == 404
    assert APIClient().get(f"/api/v1/products/{product.slug}/").status_code == 404
    listed = [p["slug"] for p in APIClient().get("/api/v1/products/").json()["results"]]
    assert listed == [catalogue["live"].slug]
    page = client.get(reverse("catalog:search"), {"q": "Tas"})
    assert product.name not in page.content.decode()


def test_published_product_page_is_200(client, catalogue):
    response = client.get(reverse("catalog:product", args=[catalogue["live"].slug]))
    assert response.status_code == 200


def test_artisan_sees_own_draft_in_studio_but_not_anothers(client, catalogue):
    mine = catalogue["draft"]
    client.force_login(mine.artisan.user)
    assert client.get(reverse("catalog:studio-edit", args=[mine.slug])).status_code == 200
    other = catalogue["pending"]
    for url in (reverse("catalog:studio-edit", args=[other.slug]),):
        assert client.get(url).status_code == 404
    for name in ("studio-submit", "studio-archive", "studio-duplicate", "studio-relist", "studio-quick-edit"):
        assert client.post(reverse(f"catalog:{name}", args=[other.slug]), {"variant": 1}).status_code == 404
    assert client.post(reverse("catalog:studio-edit", args=[other.slug]), {"name": "Dicuri"}).status_code == 404
    other.refresh_from_db()
    assert (other.name, other.status) == ("Tas Rotan Menunggu", S.PENDING)
    listed = client.get(reverse("catalog:studio-products"))
    assert [p.pk for p in listed.context["products"]] == [mine.pk]


def test_studio_needs_an_artisan_profile(client):
    client.force_login(UserFactory())
    assert client.get(reverse("catalog:studio-products")).status_code == 404
    client.logout()
    assert client.get(reverse("catalog:studio-products")).status_code == 302


def test_api_owner_sees_own_draft_others_get_404(catalogue):
    draft = catalogue["draft"]
    api = APIClient()
    api.force_authenticate(draft.artisan.user)
    assert api.get(f"/api/v1/products/{draft.slug}/").json()["status"] == "draft"
    intruder = APIClient()
    intruder.force_authenticate(f.artisan().user)
    assert intruder.get(f"/api/v1/products/{draft.slug}/").status_code == 404
    assert intruder.patch(f"/api/v1/products/{draft.slug}/", {"name": "X"}, format="json").status_code == 404
    assert intruder.delete(f"/api/v1/products/{draft.slug}/").status_code == 404
    assert intruder.post(f"/api/v1/products/{draft.slug}/submit/").status_code == 404
    image = intruder.post(f"/api/v1/products/{draft.slug}/images/", {"image": f.upload()}, format="multipart")
    assert image.status_code == 404
    draft.refresh_from_db()
    assert (draft.name, draft.status, draft.images.count()) == ("Tas Rotan Draf", S.DRAFT, 1)
    # Someone else's *published* product is readable but not writable.
    live = catalogue["live"]
    assert intruder.get(f"/api/v1/products/{live.slug}/").status_code == 200
    assert intruder.patch(f"/api/v1/products/{live.slug}/", {"price": 1}, format="json").status_code == 404


def test_anonymous_api_writes_are_refused():
    api = APIClient()
    response = api.post("/api/v1/products/", {"name": "X"}, format="json")
    assert response.status_code in (401, 403)
