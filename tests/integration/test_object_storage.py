"""Media on S3 (MEDIA_STORAGE=s3) against a real S3 API server (moto in server mode, tests/object_storage.py):
uploads, renditions written by the worker code, private files, cache headers, and the store being down."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import storages

from catalog import services
from catalog import tasks as catalog_tasks
from catalog.models import ProductImage
from craftmarket.common import images
from tests.artisans.factories import CertificationFactory
from tests.catalog.factories import draft, jpeg_bytes, published, upload
from tests.celery_worker import wait_until
from tests.factories import UserFactory
from tests.object_storage import store_down

pytestmark = pytest.mark.django_db

RENDITION_COUNT = 6  # 3 sizes (320, 640, 1280; the 1600×1200 original is larger) × webp and jpeg


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (our local test server)
        return response.status, response.headers, response.read()


def _upload_through_the_api(client, product, data: bytes | None = None):
    client.force_login(product.artisan.user)
    return client.post(
        f"/api/v1/products/{product.slug}/images/",
        {"image": upload("foto.jpg", data or jpeg_bytes((1600, 1200))), "alt_text": "Tas rotan"},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_an_upload_stores_the_original_privately_and_the_worker_writes_public_renditions(
    s3_media, client, django_capture_on_commit_callbacks
):
    product = draft(images=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload_through_the_api(client, product)
    assert response.status_code == 201, response.content
    assert "private/" not in response.content.decode()

    image = ProductImage.objects.get(product=product)
    assert image.status == "ready"
    assert s3_media.keys("private/") == [f"private/{image.original.name}"], s3_media.keys()
    public = s3_media.keys("public/")
    assert len(public) == RENDITION_COUNT
    assert all(key.startswith("public/renditions/catalog/productimage/") for key in public)
    assert {f"public/{r['name']}" for r in image.renditions} == set(public)

    # A rendition URL is plain (no signature), served by the store with a year of caching.
    url = images.rendition_url(image.renditions, width=640)
    assert url.startswith(f"{s3_media.endpoint}/{s3_media.name}/public/renditions/")
    assert "X-Amz-Signature" not in url
    status, headers, body = _get(url)
    assert status == 200 and body[:4] == b"RIFF"
    assert headers["Content-Type"] == "image/webp"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_redelivered_rendition_task_ends_with_the_same_files(s3_media, monkeypatch):
    """A worker killed after writing two renditions: the task comes back (acks_late) and finishes the set."""
    product = draft(images=0)
    image = services.product_image_add(
        product=product, by=product.artisan.user, file=upload("foto.jpg", jpeg_bytes((1600, 1200)))
    )
    ProductImage.objects.filter(pk=image.pk).update(status="pending", renditions=[])
    real_save, written = images._save, []

    class WorkerLost(BaseException):
        """What a SIGKILL looks like from inside: nothing after it runs, nothing is recorded."""

    def dying_save(storage, name, content):
        if len(written) == 2:
            raise WorkerLost
        written.append(real_save(storage, name, content))
        return written[-1]

    monkeypatch.setattr(images, "_save", dying_save)
    with pytest.raises(WorkerLost):
        images.render_image(model=ProductImage, pk=image.pk)  # the body of the task, as the worker runs it
    image.refresh_from_db()
    assert (image.status, image.renditions) == ("pending", [])
    assert len(s3_media.keys("public/")) == 2

    monkeypatch.setattr(images, "_save", real_save)
    assert catalog_tasks.render_product_image.apply(args=[image.pk]).get() == "ready"
    image.refresh_from_db()
    first = s3_media.keys("public/")
    assert len(first) == RENDITION_COUNT
    assert {f"public/{r['name']}" for r in image.renditions} == set(first)
    assert catalog_tasks.render_product_image.apply(args=[image.pk]).get() == "unchanged"
    assert s3_media.keys("public/") == first


def test_private_files_get_only_short_lived_signed_urls(s3_media):
    private = storages["private"]
    name = private.save("originals/secret.jpg", upload("secret.jpg"))
    url = private.url(name)
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    status, headers, _body = _get(url)
    assert status == 200 and headers["Cache-Control"] == "private, no-store"
    unsigned = url.split("?", 1)[0]
    assert "/private/originals/" in unsigned
    with pytest.raises(urllib.error.HTTPError) as refused:  # the bucket policy opens public/ only
        _get(unsigned)
    assert refused.value.code == 403
    assert not storages["default"].exists(name)  # the public folder never holds it


def test_a_certification_document_streams_through_the_permission_check(s3_media, client):
    certification = CertificationFactory()
    assert s3_media.keys("private/") == [f"private/{certification.document.name}"]
    client.force_login(UserFactory())
    url = f"/studio/certifications/{certification.pk}/document/"
    assert client.get(url).status_code == 404
    client.force_login(certification.artisan.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"].startswith("private, no-store")


def test_store_down_refuses_the_upload_clearly_and_writes_nothing(s3_media, settings, client):
    product = published()
    before = list(ProductImage.objects.filter(product=product).values_list("pk", "status"))
    keys_before = s3_media.keys()
    store_down(settings, s3_media)

    response = _upload_through_the_api(client, product)

    assert response.status_code == 503
    assert response.json()["code"] == "storage_unavailable"
    assert response.json()["detail"].startswith("File storage is temporarily unavailable. Nothing was changed")
    assert list(ProductImage.objects.filter(product=product).values_list("pk", "status")) == before
    assert s3_media.keys() == keys_before


def test_store_down_pages_still_render(s3_media, settings, client):
    product = published()
    store_down(settings, s3_media)
    assert client.get(f"/p/{product.slug}/").status_code == 200
    assert client.get(f"/c/{product.category.slug}/").status_code == 200
    assert client.get(f"/api/v1/products/{product.slug}/").status_code == 200


def test_store_down_a_private_document_is_a_503_not_a_missing_file(s3_media, settings, client):
    certification = CertificationFactory()
    store_down(settings, s3_media)
    client.force_login(certification.artisan.user)
    response = client.get(f"/studio/certifications/{certification.pk}/document/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 503
    assert "Penyimpanan berkas sedang tidak tersedia" in response.content.decode()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_an_api_upload_gets_its_renditions_from_a_real_worker_through_the_broker(s3_media, celery_worker, client):
    """The whole path: the API stores the original in private/, the task goes through Redis, a Celery worker
    writes the renditions to public/ and marks the row ready."""
    product = draft(images=0)
    response = _upload_through_the_api(client, product)
    assert response.status_code == 201, response.content
    image_id = response.json()["id"]

    wait_until(lambda: ProductImage.objects.get(pk=image_id).status != ProductImage.Status.PENDING, timeout=60)

    image = ProductImage.objects.get(pk=image_id)
    assert image.status == ProductImage.Status.READY
    assert s3_media.keys("private/") == [f"private/{image.original.name}"]
    assert {f"public/{r['name']}" for r in image.renditions} == set(s3_media.keys("public/"))
    assert len(image.renditions) == RENDITION_COUNT
