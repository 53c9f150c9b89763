"""Bad product input: a field error (service, form) or a 400 (API); nothing half-saved, no orphan file."""

from __future__ import annotations

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext
from PIL import Image
from rest_framework.test import APIClient

from catalog import services
from catalog.models import Product, ProductImage, Variant
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db


def _files(settings) -> list[str]:
    """Every file in the storages a product image can write to (the field's private storage and the public one)."""
    found = []
    roots = {ProductImage._meta.get_field("original").storage.location, default_storage.location}
    for root in roots:
        for dirpath, _dirs, names in os.walk(root):
            found.extend(os.path.join(dirpath, n) for n in names)
    return found


_snapshot: dict[str, list[str]] = {}


@pytest.fixture(autouse=True)
def _files_at_start(settings):
    _snapshot["files"] = sorted(_files(settings))


def _nothing_saved(settings):
    assert Product.objects.count() == 0
    assert Variant.objects.count() == 0
    assert ProductImage.objects.count() == 0
    assert sorted(_files(settings)) == _snapshot["files"]


def _bomb() -> bytes:
    # 9000 x 9000 = 81 Mpx, above twice the 40 Mpx limit: Pillow raises DecompressionBombError. Compresses small.
    buf = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buf, "PNG")
    return buf.getvalue()


BAD_FIELDS = [
    ({"price": 0}, 0, "price"),
    ({"price": -5000}, 0, "price"),
    ({"weight_grams": None}, 0, "weight_grams"),
    ({"min_order_quantity": 10}, 3, "min_order_quantity"),
    ({"made_to_order": True, "lead_time_days": None}, 0, "lead_time_days"),
    ({"hs_code": "12345"}, 0, "hs_code"),
    ({"svlk_certified": True, "svlk_document_number": ""}, 0, "svlk_document_number"),
]


@pytest.mark.parametrize(
    ("fields", "stock", "field"), BAD_FIELDS, ids=[b[2] + str(i) for i, b in enumerate(BAD_FIELDS)]
)
def test_service_refuses_bad_fields_and_saves_nothing(settings, fields, stock, field):
    owner = f.artisan()
    with pytest.raises(ValidationError) as exc:
        f.draft(owner=owner, stock=stock, images=1, **fields)
    assert field in exc.value.message_dict
    _nothing_saved(settings)


def test_negative_stock_is_refused(settings):
    with pytest.raises(ValidationError) as exc:
        f.draft(stock=-1)
    assert exc.value.message_dict == {"stock": [gettext("Stock cannot be negative.")]}
    _nothing_saved(settings)


def test_svlk_only_for_wood():
    with pytest.raises(ValidationError) as exc:
        f.draft(svlk_certified=True, svlk_document_number="VLK-123")
    assert exc.value.message_dict == {"svlk_certified": [gettext("SVLK applies to wood products only.")]}
    product = f.draft(category=f.cat("ukiran"), svlk_certified=True, svlk_document_number="VLK-123")
    assert product.svlk_certified is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "The file is not a readable JPEG, PNG or WebP image."),
        (b"<html><script>alert(1)</script></html>", "Upload a JPEG, PNG or WebP photo."),
        (b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 1), "Images can be at most 10 MB."),
    ],
    ids=["garbage", "html", "too-large"],
)
def test_bad_images_are_refused_with_nothing_saved(settings, data, message):
    owner = f.artisan()
    with pytest.raises(ValidationError) as exc:
        services.product_create(
            artisan=owner,
            by=owner.user,
            fields={"name": "Topeng", "category": f.cat("topeng"), "price": 90_000, "weight_grams": 300},
            stock=2,
            images=[services.ImageInput(f.upload()), services.ImageInput(f.upload(data=data))],
        )
    assert exc.value.message_dict == {"images": [gettext(message)]}
    _nothing_saved(settings)


def test_decompression_bomb_is_refused(settings):
    owner = f.artisan()
    with pytest.raises(ValidationError) as exc:
        services.product_create(
            artisan=owner,
            by=owner.user,
            fields={"name": "Topeng", "category": f.cat("topeng"), "price": 90_000, "weight_grams": 300},
            stock=2,
            images=[services.ImageInput(f.upload("bomb.png", _bomb(), "image/png"))],
        )
    assert exc.value.message_dict == {"images": [gettext("Images can be at most 40 megapixels.")]}
    _nothing_saved(settings)


def test_eleventh_image_is_refused_and_not_stored(settings):
    product = f.draft(images=10)
    files_before = sorted(_files(settings))
    with pytest.raises(ValidationError) as exc:
        services.product_image_add(product=product, by=product.artisan.user, file=f.upload("sebelas.jpg"))
    assert exc.value.message_dict == {"images": [gettext("A product can have at most 10 images.")]}
    assert product.images.count() == 10
    assert sorted(_files(settings)) == files_before


def test_files_written_before_a_database_failure_are_deleted(settings, monkeypatch):
    """A failure after the files were stored (here: the search refresh) rolls back and removes them."""
    owner = f.artisan()

    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.search, "refresh_search_vectors", boom)
    with pytest.raises(RuntimeError):
        services.product_create(
            artisan=owner,
            by=owner.user,
            fields={"name": "Topeng", "category": f.cat("topeng"), "price": 90_000, "weight_grams": 300},
            stock=2,
            images=[services.ImageInput(f.upload()), services.ImageInput(f.upload("b.jpg"))],
        )
    _nothing_saved(settings)


def test_studio_form_shows_field_errors_and_saves_nothing(client, settings):
    owner = f.artisan()
    client.force_login(owner.user)
    response = client.post(
        reverse("catalog:studio-create"),
        {
            "name": "Keris",
            "category": f.cat("besi-tempa").pk,
            "price": "0",
            "weight_grams": "",
            "min_order_quantity": "1",
            "stock": "2",
            "images": [f.upload("x.jpg", b"plain text")],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "weight_grams" in errors
    _nothing_saved(settings)
    response = client.post(
        reverse("catalog:studio-create"),
        {
            "name": "Keris",
            "category": f.cat("besi-tempa").pk,
            "price": "0",
            "weight_grams": "900",
            "min_order_quantity": "1",
            "stock": "2",
            "images": [f.upload("x.jpg", b"plain text")],
        },
    )
    errors = response.context["form"].errors
    assert errors["price"] == [gettext("Enter a price above zero, in whole rupiah.")]
    _nothing_saved(settings)


def test_studio_form_reports_a_bad_image_at_the_images_field(client, settings):
    owner = f.artisan()
    client.force_login(owner.user)
    response = client.post(
        reverse("catalog:studio-create"),
        {
            "name": "Keris",
            "category": f.cat("besi-tempa").pk,
            "price": "450000",
            "weight_grams": "900",
            "min_order_quantity": "1",
            "stock": "2",
            "images": [f.upload("x.jpg", b"plain text")],
        },
    )
    assert response.context["form"].errors["images"] == [gettext("The file is not a readable JPEG, PNG or WebP image.")]
    _nothing_saved(settings)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"price": 0}, "price"),
        ({"price": -1}, "price"),
        ({"price": "12.5"}, "price"),
        ({"weight_grams": None}, "weight_grams"),
        ({"stock": -3}, "stock"),
        ({"stock": 2, "min_order_quantity": 5}, "min_order_quantity"),
    ],
    ids=["zero", "negative", "fraction", "no-weight", "negative-stock", "moq-above-stock"],
)
def test_api_create_refuses_bad_input_with_400(settings, body, field):
    owner = f.artisan()
    api = APIClient()
    api.force_authenticate(owner.user)
    data = {"name": "Gelang Perak", "category": "perak", "price": 350_000, "weight_grams": 50, "stock": 5, **body}
    data = {k: v for k, v in data.items() if v is not None}
    response = api.post("/api/v1/products/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    _nothing_saved(settings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not allowed", "The file is not a readable JPEG, PNG or WebP image."),
        (None, "Images can be at most 40 megapixels."),
    ],
    ids=["not-an-image", "bomb"],
)
def test_api_image_upload_refuses_bad_files_with_400(settings, data, message):
    product = f.draft(images=0)
    files_before = _files(settings)
    api = APIClient()
    api.force_authenticate(product.artisan.user)
    payload = f.upload("bomb.png", _bomb(), "image/png") if data is None else f.upload("x.jpg", data)
    response = api.post(f"/api/v1/products/{product.slug}/images/", {"image": payload}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"image": [gettext(message)]}
    assert product.images.count() == 0
    assert _files(settings) == files_before


def test_api_eleventh_image_is_a_400():
    product = f.draft(images=10)
    api = APIClient()
    api.force_authenticate(product.artisan.user)
    response = api.post(f"/api/v1/products/{product.slug}/images/", {"image": f.upload()}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"image": [gettext("A product can have at most 10 images.")]}
    assert product.images.count() == 10
