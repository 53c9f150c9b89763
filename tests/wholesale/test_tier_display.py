"""Tiers on the product page, on cards and in the API, for anonymous, ordinary and verified business buyers; the
studio's rows; cards without a query per product."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from catalog import selectors
from catalog.models import Product
from catalog.wholesale.models import PriceTier
from tests.catalog import factories as f
from tests.factories import PASSWORD, UserFactory
from tests.wholesale.factories import set_ladder, tiered_variant, verified_business

pytestmark = pytest.mark.django_db


def _api(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def business_tiered():
    """Rp 100.000 normally; 10+ Rp 95.000 and 50+ Rp 85.000 for everyone; 200+ Rp 72.000 for verified businesses."""
    return tiered_variant(business_only={200})


def _tiers(api, variant):
    response = api.get(f"/api/v1/products/{variant.product.slug}/")
    assert response.status_code == 200
    return response.json()["variants"][0]["tiers"]


def test_api_hides_business_prices_from_anonymous_and_ordinary_buyers(business_tiered):
    hidden = [
        {"min_quantity": 10, "unit_price": 95_000, "business_only": False},
        {"min_quantity": 50, "unit_price": 85_000, "business_only": False},
        {"min_quantity": 200, "unit_price": None, "business_only": True},
    ]
    assert _tiers(_api(), business_tiered) == hidden
    assert _tiers(_api(UserFactory()), business_tiered) == hidden
    assert _tiers(_api(verified_business()), business_tiered)[2] == {
        "min_quantity": 200,
        "unit_price": 72_000,
        "business_only": True,
    }


def test_product_page_table_for_each_kind_of_buyer(client, business_tiered):
    url = business_tiered.product.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Harga grosir" in page or "Wholesale prices" in page
    assert "Rp 95.000" in page and "Rp 85.000" in page and "Rp 72.000" not in page
    assert reverse("login") in page
    buyer = UserFactory()
    client.force_login(buyer)
    page = client.get(url).content.decode()
    assert "Rp 72.000" not in page and reverse("business:profile") in page
    client.force_login(verified_business())
    page = client.get(url).content.decode()
    assert "Rp 72.000" in page and reverse("business:profile") not in page


def test_product_page_of_a_product_without_tiers_has_no_table_and_no_extra_query(client, django_assert_max_num_queries):
    product = f.quick_published(name="Tas", slug="tas-polos")
    with django_assert_max_num_queries(6):
        page = client.get(product.get_absolute_url()).content.decode()
    assert "tiers-title" not in page


def test_cards_say_from_the_cheapest_public_tier_without_a_query_per_product(client, django_assert_max_num_queries):
    owner = f.artisan()
    for i in range(12):
        product = f.quick_published(owner=owner, name=f"Keranjang {i}", slug=f"keranjang-{i}", price=100_000)
        set_ladder(product.variants.get(), [(10, 95_000), (200, 72_000 + i)])
    cache.clear()
    selectors.category_tree()
    selectors.material_choices()
    with django_assert_max_num_queries(10):
        page = client.get(reverse("catalog:search"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "from Rp 72.000 at 200 pcs" in page
    assert "from Rp 72.011 at 200 pcs" in page


def test_api_list_carries_the_stored_tier(business_tiered):
    item = _api().get("/api/v1/products/").json()["results"][0]
    assert (item["wholesale_price"], item["wholesale_quantity"], item["wholesale_business_only"]) == (85_000, 50, True)


def test_api_write_sets_tiers_with_the_product_and_a_broken_ladder_writes_nothing():
    owner = f.artisan()
    api = _api(owner.user)
    body = {"name": "Keranjang Rotan", "category": "rotan", "price": 100_000, "weight_grams": 500}
    bad = api.post(
        "/api/v1/products/",
        {**body, "tiers": [{"min_quantity": 50, "unit_price": 85_000}, {"min_quantity": 10, "unit_price": 95_000}]},
        format="json",
    )
    assert bad.status_code == 400
    assert "tiers" in bad.json()
    assert Product.objects.count() == 0 and PriceTier.objects.count() == 0
    ok = api.post("/api/v1/products/", {**body, "tiers": [{"min_quantity": 10, "unit_price": 95_000}]}, format="json")
    assert ok.status_code == 201, ok.json()
    assert ok.json()["variants"][0]["tiers"] == [{"min_quantity": 10, "unit_price": 95_000, "business_only": False}]
    slug = ok.json()["slug"]
    refused = api.patch(
        f"/api/v1/products/{slug}/", {"price": 120_000, "tiers": [{"min_quantity": 10, "unit_price": 0}]}, format="json"
    )
    assert refused.status_code == 400
    assert Product.objects.get(slug=slug).price == 100_000
    patched = api.patch(
        f"/api/v1/products/{slug}/",
        {
            "tiers": [
                {"min_quantity": 10, "unit_price": 90_000},
                {"min_quantity": 50, "unit_price": 80_000, "business_only": True},
            ]
        },
        format="json",
    )
    assert patched.status_code == 200
    assert [t["unit_price"] for t in patched.json()["variants"][0]["tiers"]] == [90_000, 80_000]
    too_many = [{"min_quantity": 10 + n, "unit_price": 90_000 - n} for n in range(6)]
    assert api.patch(f"/api/v1/products/{slug}/", {"tiers": too_many}, format="json").status_code == 400
    assert PriceTier.objects.count() == 2


def test_studio_rows_save_in_place_and_refuse_at_the_rows(client):
    product = f.draft(price=100_000)
    variant = product.variants.get()
    client.login(email=product.artisan.user.email, password=PASSWORD) or client.force_login(product.artisan.user)
    edit = client.get(reverse("catalog:studio-edit", args=[product.slug])).content.decode()
    assert f'name="tier-{variant.pk}-1-qty"' in edit and "data-add-tier" in edit
    url = reverse("wholesale:studio-tiers", args=[product.slug])
    bad = client.post(
        url,
        {
            f"tier-{variant.pk}-1-qty": "50",
            f"tier-{variant.pk}-1-price": "85000",
            f"tier-{variant.pk}-2-qty": "10",
            f"tier-{variant.pk}-2-price": "95000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert PriceTier.objects.count() == 0
    half = client.post(url, {f"tier-{variant.pk}-1-qty": "10"})
    assert half.status_code == 400 and PriceTier.objects.count() == 0
    data = {}
    for n, (q, p) in enumerate([(10, 95_000), (50, 85_000), (200, 72_000)], start=1):
        data[f"tier-{variant.pk}-{n}-qty"] = str(q)
        data[f"tier-{variant.pk}-{n}-price"] = str(p)
    data[f"tier-{variant.pk}-3-biz"] = "1"
    ok = client.post(url, data)
    assert ok.status_code == 302 and ok["Location"].endswith("#tiers")
    assert list(PriceTier.objects.values_list("min_quantity", "unit_price", "business_only")) == [
        (10, 95_000, False),
        (50, 85_000, False),
        (200, 72_000, True),
    ]
    other = f.artisan()
    client.force_login(other.user)
    assert client.post(url, data).status_code == 404
