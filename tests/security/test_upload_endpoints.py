"""Every endpoint that takes a file: hostile files are refused with 400 (API) or a field message (pages) and nothing
is stored; valid photos become public renditions whose bytes never equal the upload; the per-user quota holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.test import APIClient

from artisans.models import ArtisanPhoto, Certification
from catalog.models import ProductImage
from craftmarket.common.uploads import stored_upload_bytes
from orders.models import Payment
from tests.catalog.factories import published
from tests.factories import ArtisanFactory, UserFactory
from tests.orders.factories import AddressFactory, checkout
from tests.security import hostile_files

pytestmark = pytest.mark.django_db

MODELS = (ProductImage, ArtisanPhoto, Certification, Payment)
FILE_FIELDS = ((ProductImage, "original"), (ArtisanPhoto, "original"), (Certification, "document"), (Payment, "proof"))
HOSTILE_IMAGES = hostile_files.hostile_images()
HOSTILE_DOCUMENTS = hostile_files.hostile_documents()


def private_root() -> Path:
    """Where the upload fields store (their storage is bound when the models load, not per test)."""
    return Path(ProductImage._meta.get_field("original").storage.location)


def stored_files(settings, *, read: bool = True) -> dict[str, bytes]:
    found = {}
    roots = {Path(settings.MEDIA_ROOT), private_root(), Path(settings.PRIVATE_MEDIA_ROOT)}
    roots |= {Path(m._meta.get_field(f).storage.location) for m, f in FILE_FIELDS}
    for root in roots:
        if root.exists():
            found.update({str(p): p.read_bytes() if read else b"" for p in root.rglob("*") if p.is_file()})
    return found


def snapshot(settings) -> tuple:
    return tuple(m.objects.count() for m in MODELS), sorted(stored_files(settings, read=False))


@pytest.fixture
def world(db):
    """An artisan with a product, and a buyer with a purchase awaiting a bank transfer."""
    product = published()
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (product.variants.get(), 1))
    return {"product": product, "artisan": product.artisan, "buyer": buyer, "purchase": purchase}


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_upload(world, endpoint: str, name: str, data: bytes):
    """POST/PATCH one file to an upload endpoint; returns (response, owner)."""
    file = SimpleUploadedFile(name, data, content_type="image/jpeg")
    artisan = world["artisan"]
    if endpoint == "product-image":
        url = reverse("api-product-images", kwargs={"slug": world["product"].slug})
        return as_user(artisan.user).post(url, {"image": file, "alt_text": "Tas"}, format="multipart"), artisan.user
    if endpoint in ("logo", "cover"):
        response = as_user(artisan.user).patch(reverse("api-artisan-me"), {endpoint: file}, format="multipart")
        return response, artisan.user
    if endpoint == "certification":
        payload = {"name": "SVLK", "issuer": "Kementerian LHK", "document": file}
        response = as_user(artisan.user).post(reverse("api-certification-list"), payload, format="multipart")
        return response, artisan.user
    if endpoint == "proof":
        url = reverse("api-purchase-proof", kwargs={"number": world["purchase"].number})
        return as_user(world["buyer"]).post(url, {"proof": file}, format="multipart"), world["buyer"]
    raise AssertionError(endpoint)


IMAGE_ENDPOINTS = ["product-image", "logo", "cover"]
DOCUMENT_ENDPOINTS = ["certification", "proof"]


@pytest.mark.parametrize("endpoint", IMAGE_ENDPOINTS)
@pytest.mark.parametrize(("case", "name", "data"), HOSTILE_IMAGES, ids=[c[0] for c in HOSTILE_IMAGES])
def test_hostile_images_are_refused_by_every_image_endpoint_and_nothing_is_stored(
    world, settings, endpoint, case, name, data
):
    before = snapshot(settings)
    response, _owner = api_upload(world, endpoint, name, data)
    assert response.status_code == 400, (case, response.content[:300])
    body = response.json()
    field = {"product-image": "image"}.get(endpoint, endpoint)
    messages = body.get(field) or body.get("images")
    assert messages and all(isinstance(m, str) and m for m in messages), body
    assert snapshot(settings) == before


@pytest.mark.parametrize("endpoint", DOCUMENT_ENDPOINTS)
@pytest.mark.parametrize(("case", "name", "data"), HOSTILE_DOCUMENTS, ids=[c[0] for c in HOSTILE_DOCUMENTS])
def test_hostile_documents_are_refused_by_every_document_endpoint_and_nothing_is_stored(
    world, settings, endpoint, case, name, data
):
    before = snapshot(settings)
    response, _owner = api_upload(world, endpoint, name, data)
    assert response.status_code == 400, (case, response.content[:300])
    field = {"certification": "document"}.get(endpoint, endpoint)
    assert response.json()[field], response.json()
    assert snapshot(settings) == before


@pytest.mark.parametrize("endpoint", [*IMAGE_ENDPOINTS, *DOCUMENT_ENDPOINTS])
def test_the_upload_quota_counts_what_the_owner_already_stores(world, settings, endpoint):
    """The quota is exact: one byte short is refused with a message and stores nothing; exactly enough passes."""
    data = hostile_files.valid_images()[0][2]
    owner = world["buyer"] if endpoint == "proof" else world["artisan"].user
    used = stored_upload_bytes(owner)
    settings.UPLOAD_QUOTA_BYTES = used + len(data) - 1
    before = snapshot(settings)
    response, _owner = api_upload(world, endpoint, "foto.jpg", data)
    assert response.status_code == 400
    message = _("You have used all your upload space (%(limit)s MB). Remove some photos or documents first.")
    assert message % {"limit": settings.UPLOAD_QUOTA_BYTES // (1024 * 1024)} in str(response.json())
    assert snapshot(settings) == before

    settings.UPLOAD_QUOTA_BYTES = used + len(data)
    response, _owner = api_upload(world, endpoint, "foto.jpg", data)
    assert response.status_code in (200, 201), response.content[:300]
    assert stored_upload_bytes(owner) == used + len(data)


def test_the_quota_is_per_owner_a_second_artisan_is_not_affected(world, settings):
    data = hostile_files.valid_images()[0][2]
    # The first artisan (one product photo stored) is one byte short; the second stores nothing yet.
    settings.UPLOAD_QUOTA_BYTES = stored_upload_bytes(world["artisan"].user) + len(data) - 1
    other = ArtisanFactory()
    response = as_user(other.user).patch(
        reverse("api-artisan-me"), {"logo": SimpleUploadedFile("logo.jpg", data)}, format="multipart"
    )
    assert response.status_code == 200, response.content[:300]
    response, _owner = api_upload(world, "logo", "logo.jpg", data)
    assert response.status_code == 400


def test_replacing_a_logo_does_not_count_the_logo_it_replaces(world, settings):
    data = hostile_files.valid_images()[0][2]
    response, owner = api_upload(world, "logo", "logo.jpg", data)
    assert response.status_code == 200
    settings.UPLOAD_QUOTA_BYTES = stored_upload_bytes(owner)  # full, but the new logo replaces the old one
    response, _owner = api_upload(world, "logo", "logo.jpg", data)
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("endpoint", IMAGE_ENDPOINTS)
@pytest.mark.parametrize(
    ("case", "name", "data", "mime"), hostile_files.valid_images(), ids=[c[0] for c in hostile_files.valid_images()]
)
def test_no_public_file_equals_the_upload(
    world, settings, django_capture_on_commit_callbacks, endpoint, case, name, data, mime
):
    """Public files are renditions the worker re-encoded; the original bytes stay in private storage."""
    with django_capture_on_commit_callbacks(execute=True):
        response, _owner = api_upload(world, endpoint, name, data)
    assert response.status_code in (200, 201), response.content[:300]
    public = {p: b for p, b in stored_files(settings).items() if p.startswith(str(settings.MEDIA_ROOT))}
    private = {p: b for p, b in stored_files(settings).items() if p.startswith(str(private_root()))}
    assert public, "the renditions were made"
    assert data in private.values()
    assert all(content != data for content in public.values())
    assert all(data not in content for content in public.values())


# --- Pages ------------------------------------------------------------------------------------------------------
PAGE_CASES = ["html-renamed", "png-html-polyglot", "decompression-bomb"]


@pytest.mark.parametrize("case", PAGE_CASES)
def test_the_certification_page_refuses_hostile_documents_and_stores_nothing(client, world, settings, case):
    data = {c[0]: c[2] for c in HOSTILE_DOCUMENTS}[case]
    client.force_login(world["artisan"].user)
    before = snapshot(settings)
    response = client.post(
        reverse("studio:certification-add"),
        {"name": "SVLK", "issuer": "Kementerian LHK", "document": SimpleUploadedFile("nib.pdf", data)},
    )
    assert response.status_code in (200, 400)
    assert b"form-errors" in response.content or b"errorlist" in response.content
    assert snapshot(settings) == before


@pytest.mark.parametrize("case", PAGE_CASES)
def test_the_proof_page_refuses_hostile_documents_and_stores_nothing(client, world, settings, case):
    data = {c[0]: c[2] for c in HOSTILE_DOCUMENTS}[case]
    client.force_login(world["buyer"])
    before = snapshot(settings)
    response = client.post(
        reverse("orders:purchase", kwargs={"number": world["purchase"].number}),
        {"proof": SimpleUploadedFile("bukti.jpg", data)},
    )
    assert response.status_code in (200, 400)
    assert snapshot(settings) == before
    assert not Payment.objects.filter(purchase=world["purchase"]).exclude(proof="").exists()


def test_a_file_named_by_several_rows_counts_once(world):
    """seed_demo's catalogue gives thousands of products the same few photos: the quota counts the stored file,
    not the rows that name it, so a big demo catalogue leaves its artisans room to upload."""
    image = ProductImage.objects.filter(product=world["product"]).first() or ProductImage.objects.create(
        product=world["product"], original="originals/products/shared.jpg", is_primary=True
    )
    owner = world["artisan"].user
    once = stored_upload_bytes(owner)
    assert once > 0  # the factory's photo is a real stored file
    for position in (1, 2, 3):
        ProductImage.objects.create(product=world["product"], original=image.original.name, position=position)
    assert stored_upload_bytes(owner) == once
