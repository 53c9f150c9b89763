"""Integer limits are validation, the same on every database (issue 14).

PostgreSQL refuses 2^31 in an ``integer`` column; SQLite stores it. So every integer model field declares its range
(``craftmarket.common.validators.int_range``), and the services, forms and serializers refuse a number outside it
with a message at the field, writing nothing, whichever database runs these tests.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.urls import reverse
from rest_framework.test import APIClient

from artisans import services as artisan_services
from artisans.models import Artisan
from catalog import services as catalog_services
from catalog.models import Category, Product, Variant
from craftmarket.common.validators import int_bounds, int_field_errors
from tests.artisans.factories import CompleteArtisanFactory
from tests.catalog import factories as f

LOCAL_APPS = ("common", "security", "artisans", "catalog", "orders")
HUGE = (2**31, 2**63)
COLUMN_RANGES = BaseDatabaseOperations.integer_field_ranges  # PostgreSQL's column types


def _integer_fields():
    for app_label in LOCAL_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.IntegerField) and not isinstance(field, models.AutoField):
                    yield f"{model._meta.label}.{field.name}", field


def test_there_are_integer_fields_to_check():
    names = {name for name, _field in _integer_fields()}
    assert {"catalog.Product.weight_grams", "artisans.Artisan.workers", "orders.CartLine.quantity"} <= names


@pytest.mark.parametrize(("name", "field"), list(_integer_fields()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_integer_model_field_declares_a_range_that_fits_its_postgresql_column(name, field):
    declared = field._validators  # the field's own, not the ones Django derives from the database in use
    lows = [v.limit_value for v in declared if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in declared if isinstance(v, MaxValueValidator)]
    assert lows and highs, f"{name} needs validators=int_range(min, max)"
    column_low, column_high = COLUMN_RANGES[field.get_internal_type()]
    assert column_low <= max(lows) <= min(highs) <= column_high, name


def test_bounds_for_forms_and_serializers_come_from_the_model_field():
    assert int_bounds(Product, "weight_grams") == {"min_value": 1, "max_value": 1_000_000}
    assert int_bounds(Variant, "stock") == {"min_value": 0, "max_value": 2**31 - 1}
    assert int_field_errors(Variant, "stock", 2**31)
    assert int_field_errors(Variant, "stock", True)
    assert int_field_errors(Variant, "stock", 12) == []


@pytest.mark.django_db
@pytest.mark.parametrize("value", [2**31, 40_000, -1])
def test_full_clean_refuses_what_postgresql_would_refuse(value):
    category = Category(slug="baru", name_id="Baru", name_en="New", position=value)
    with pytest.raises(ValidationError) as exc:
        category.full_clean()
    assert set(exc.value.message_dict) == {"position"}


# --- API ----------------------------------------------------------------------------------------------------


PRODUCT = {"name": "Tas Rotan", "category": "rotan", "price": 250_000, "weight_grams": 800, "stock": 3}
PRODUCT_CASES = [
    *[("weight_grams", v) for v in (*HUGE, -1)],
    *[("price", v) for v in (2**63, -1)],
    *[("stock", v) for v in (*HUGE, -1)],
    *[("min_order_quantity", v) for v in (*HUGE, -1)],
    *[("lead_time_days", v) for v in (*HUGE, -1)],
]


@pytest.fixture
def artisan_api():
    artisan = f.artisan()
    client = APIClient()
    client.force_authenticate(artisan.user)
    return artisan, client


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), PRODUCT_CASES, ids=lambda v: str(v))
def test_api_product_create_refuses_out_of_range_numbers_at_the_field(artisan_api, field, value):
    _artisan, client = artisan_api
    body = {**PRODUCT, field: value}
    if field == "lead_time_days":
        body["made_to_order"] = True
    response = client.post("/api/v1/products/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Product.objects.count() == 0
    assert Variant.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("price", 2**63), ("stock", 2**31), ("stock", -1)])
def test_api_product_create_refuses_out_of_range_variants(artisan_api, field, value):
    _artisan, client = artisan_api
    variant = {"name": "L", "price": 100_000, "stock": 1, field: value}
    body = {**PRODUCT, "variants": [variant]}
    del body["stock"]
    response = client.post("/api/v1/products/", body, format="json")
    assert response.status_code == 400, response.content
    assert Product.objects.count() == 0
    assert Variant.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("weight_grams", 2**31), ("stock", 2**31), ("price", 2**63)])
def test_api_product_change_refuses_out_of_range_numbers_and_changes_nothing(artisan_api, field, value):
    artisan, client = artisan_api
    product = f.draft(owner=artisan)
    before = (Product.objects.filter(pk=product.pk).values().get(), list(Variant.objects.values()))
    response = client.patch(f"/api/v1/products/{product.slug}/", {field: value}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    after = (Product.objects.filter(pk=product.pk).values().get(), list(Variant.objects.values()))
    assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        *[("workers", v) for v in (*HUGE, -1)],
        *[("capacity_per_month", v) for v in (*HUGE, -1)],
        *[("lead_time_days", v) for v in (*HUGE, 40_000, -1)],
        *[("year_founded", v) for v in (*HUGE, -1)],
    ],
    ids=lambda v: str(v),
)
def test_api_artisan_profile_refuses_out_of_range_numbers_and_changes_nothing(field, value):
    artisan = CompleteArtisanFactory()
    client = APIClient()
    client.force_authenticate(artisan.user)
    before = Artisan.objects.filter(pk=artisan.pk).values().get()
    response = client.patch("/api/v1/artisans/me/", {field: value}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Artisan.objects.filter(pk=artisan.pk).values().get() == before


# --- services (what every edge calls) -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"weight_grams": 2**31},
        {"min_order_quantity": 2**31},
        {"price": 2**63},
        {"made_to_order": True, "lead_time_days": 2**31},
    ],
    ids=lambda v: next(iter(v.keys() - {"made_to_order"})),
)
def test_product_create_service_refuses_out_of_range_fields(fields):
    owner = f.artisan()
    field = next(iter(fields.keys() - {"made_to_order"}))
    with pytest.raises(ValidationError) as exc:
        f.draft(owner=owner, images=0, **fields)
    assert field in exc.value.message_dict
    assert Product.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("stock", HUGE)
def test_product_create_service_refuses_stock_above_the_column(stock):
    with pytest.raises(ValidationError) as exc:
        f.draft(images=0, stock=stock)
    assert set(exc.value.message_dict) == {"stock"}
    assert Variant.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("stock", 2**31), ("stock", 2**63), ("price", 2**63)])
def test_variant_quick_edit_service_refuses_out_of_range_numbers(field, value):
    product = f.draft(images=0)
    variant = product.variants.get()
    with pytest.raises(ValidationError) as exc:
        catalog_services.variant_update_stock_price(variant=variant, by=product.artisan.user, **{field: value})
    assert set(exc.value.message_dict) == {field}
    variant.refresh_from_db()
    assert (variant.price, variant.stock) == (250_000, 5)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["workers", "capacity_per_month", "lead_time_days"])
@pytest.mark.parametrize("value", HUGE, ids=str)
def test_artisan_update_service_refuses_out_of_range_numbers(field, value):
    artisan = CompleteArtisanFactory()
    before = Artisan.objects.filter(pk=artisan.pk).values().get()
    with pytest.raises(ValidationError) as exc:
        artisan_services.artisan_update(artisan=artisan, by=artisan.user, data={field: value})
    assert set(exc.value.message_dict) == {field}
    assert Artisan.objects.filter(pk=artisan.pk).values().get() == before


# --- browser forms ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["weight_grams", "stock", "min_order_quantity"])
def test_studio_product_form_refuses_a_number_above_the_column_at_the_field(client, field):
    owner = f.artisan()
    client.force_login(owner.user)
    data = {
        "name": "Kain Tenun Ikat",
        "category": f.cat("tenun").pk,
        "price": "1250000",
        "weight_grams": "450",
        "min_order_quantity": "1",
        "stock": "3",
        field: str(2**31),
    }
    response = client.post(reverse("catalog:studio-create"), data)
    assert response.status_code in (200, 400)
    assert field in response.context["form"].errors
    assert Product.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("price", 2**63), ("stock", 2**31)])
def test_studio_quick_edit_and_variant_add_refuse_numbers_above_the_column(client, field, value):
    owner = f.artisan()
    client.force_login(owner.user)
    product = f.published(owner=owner)
    variant = product.variants.get()
    quick = {"variant": variant.pk, "price": "199000", "stock": "12", field: str(value)}
    client.post(reverse("catalog:studio-quick-edit", args=[product.slug]), quick)
    added = {
        "variant-name": "Ukuran L",
        "variant-price": "275000",
        "variant-stock": "4",
        f"variant-{field}": str(value),
    }
    response = client.post(reverse("catalog:studio-variant-add", args=[product.slug]), added)
    assert response.status_code == 400
    assert field in response.context["variant_form"].errors
    variant.refresh_from_db()
    assert (variant.price, variant.stock, product.variants.count()) == (250_000, 5, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["workers", "capacity_per_month", "lead_time_days", "year_founded"])
def test_studio_profile_form_refuses_a_number_above_the_column_at_the_field(client, field):
    artisan = CompleteArtisanFactory()
    client.force_login(artisan.user)
    before = Artisan.objects.filter(pk=artisan.pk).values().get()
    response = client.post(
        "/studio/profile/", {"business_name": artisan.business_name, "province": artisan.province, field: str(2**31)}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Artisan.objects.filter(pk=artisan.pk).values().get() == before
