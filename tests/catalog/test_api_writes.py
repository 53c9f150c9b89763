"""The owning artisan's API: create, patch, images, submit, delete."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from catalog.models import Product
from tests.catalog import factories as f
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return f.artisan(province="ID-BA")


@pytest.fixture
def api(owner):
    client = APIClient()
    client.force_authenticate(owner.user)
    return client


def test_create_with_variants_then_add_image_and_submit(api, owner):
    response = api.post(
        "/api/v1/products/",
        {
            "name": "Kain Tenun Ikat Sumba",
            "category": "tenun",
            "description": "Tenun ikat pewarna alam.",
            "materials": ["Katun", "pewarna alam"],
            "technique": ["ikat"],
            "weight_grams": 400,
            "variants": [{"name": "2 m", "price": 1_250_000, "stock": 3}, {"name": "3 m", "price": 1_750_000}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["province"] == "ID-BA"
    assert body["price"] == 1_250_000
    assert body["price_display"] == "Rp 1.250.000"
    assert body["materials"] == ["katun", "pewarna alam"]
    assert [(v["name"], v["price"], v["stock"], v["is_default"]) for v in body["variants"]] == [
        ("2 m", 1_250_000, 3, True),
        ("3 m", 1_750_000, 0, False),
    ]
    slug = body["slug"]
    image = api.post(f"/api/v1/products/{slug}/images/", {"image": f.upload(), "alt_text": "Kain"}, format="multipart")
    assert image.status_code == 201
    assert image.json()["is_primary"] is True and image.json()["status"] == "pending"
    submitted = api.post(f"/api/v1/products/{slug}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "pending"
    again = api.post(f"/api/v1/products/{slug}/submit/")
    assert again.status_code == 409


def test_patch_price_keeps_published_and_patch_name_goes_to_review(api, owner):
    product = f.published(owner=owner)
    response = api.patch(f"/api/v1/products/{product.slug}/", {"price": 275_000, "stock": 8}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["price"]) == ("published", 275_000)
    response = api.patch(f"/api/v1/products/{product.slug}/", {"name": "Tas Rotan Bundar"}, format="json")
    assert response.json()["status"] == "pending"


def test_delete_draft_204_and_published_409(api, owner):
    draft = f.draft(owner=owner)
    assert api.delete(f"/api/v1/products/{draft.slug}/").status_code == 204
    assert not Product.objects.filter(pk=draft.pk).exists()
    live = f.published(owner=owner)
    assert api.delete(f"/api/v1/products/{live.slug}/").status_code == 409
    assert Product.objects.filter(pk=live.pk).exists()


def test_unverified_artisan_submit_is_403():
    owner = f.artisan(status="submitted")
    product = f.draft(owner=owner)
    client = APIClient()
    client.force_authenticate(owner.user)
    response = client.post(f"/api/v1/products/{product.slug}/submit/")
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.status == "draft"


def test_categories_endpoint_lists_the_four_families_with_children():
    body = APIClient().get("/api/v1/categories/").json()
    assert [c["slug"] for c in body] == ["logam", "anyaman", "kayu", "fesyen"]
    assert [c["slug"] for c in body[1]["children"]] == ["rotan", "bambu", "pandan", "mendong", "eceng-gondok", "lontar"]
    assert body[0]["name_en"] == "Metal crafts"


def test_buyer_without_artisan_profile_cannot_create_products():
    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.post("/api/v1/products/", {"name": "X", "category": "tas", "price": 1, "weight_grams": 1})
    assert response.status_code == 403
    assert Product.objects.count() == 0


def test_a_new_variant_given_a_sibling_s_sku_is_a_400_not_a_500(api, owner):
    product = f.published(owner=owner)
    own_sku = product.variants.get().sku
    response = api.patch(
        f"/api/v1/products/{product.slug}/",
        {"variants": [{"name": "Ukuran L", "price": 300_000, "stock": 1, "sku": own_sku}]},
        format="json",
    )
    assert response.status_code == 400
    assert "variants" in response.json()
    assert product.variants.count() == 1
