"""Product images and artisan photos in the API: the rendition status (pending, ready, failed with a reason code)
and the JPEG fallback next to the WebP renditions, so that a failed photo no longer looks like a pending one."""

import pytest
from django.utils.translation import gettext

from artisans.models import ArtisanPhoto
from catalog.models import ProductImage
from craftmarket.common import images
from tests.catalog.factories import published

pytestmark = pytest.mark.django_db

RENDITIONS = [
    {"width": 320, "format": "webp", "url": "/m/a-320.webp"},
    {"width": 320, "format": "jpeg", "url": "/m/a-320.jpg"},
    {"width": 640, "format": "webp", "url": "/m/a-640.webp"},
    {"width": 640, "format": "jpeg", "url": "/m/a-640.jpg"},
]


def _image(product, **fields) -> ProductImage:
    image = product.images.get()
    ProductImage.objects.filter(pk=image.pk).update(**fields)
    return image


def test_a_ready_product_image_has_webp_and_the_jpeg_fallback(client):
    product = published()
    _image(product, status="ready", renditions=RENDITIONS, failure_reason="")

    body = client.get(f"/api/v1/products/{product.slug}/").json()

    assert body["image"]["srcset"] == "/m/a-320.webp 320w, /m/a-640.webp 640w"
    assert body["image"]["renditions"] == {
        "status": "ready",
        "failure_code": None,
        "failure_reason": "",
        "webp": {"url": "/m/a-640.webp", "srcset": "/m/a-320.webp 320w, /m/a-640.webp 640w"},
        "jpeg": {"url": "/m/a-640.jpg", "srcset": "/m/a-320.jpg 320w, /m/a-640.jpg 640w"},
    }
    assert body["images"][0]["renditions"]["jpeg"]["url"] == "/m/a-640.jpg"


def test_the_list_shows_the_same_and_costs_no_query_per_product(client, django_assert_max_num_queries):
    for _ in range(3):
        _image(published(), status="ready", renditions=RENDITIONS, failure_reason="")

    with django_assert_max_num_queries(6):
        results = client.get("/api/v1/products/").json()["results"]

    assert [r["image"]["renditions"]["jpeg"]["url"] for r in results] == ["/m/a-640.jpg"] * 3


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        (images.REASON_UNREADABLE, "unreadable"),
        (images.REASON_TOO_LARGE, "too_large"),
        (images.REASON_MISSING, "missing"),
        (images.REASON_TEMPORARY, "temporary"),
        ("Something the pipeline does not say any more", "other"),
    ],
)
def test_a_failed_product_image_says_why(client, reason, code):
    product = published()
    _image(product, status="failed", renditions=[], failure_reason=reason)

    renditions = client.get(f"/api/v1/products/{product.slug}/").json()["image"]["renditions"]

    assert renditions == {
        "status": "failed",
        "failure_code": code,
        "failure_reason": gettext(reason),
        "webp": None,
        "jpeg": None,
    }


def test_a_pending_image_is_not_a_failed_one(client):
    product = published()
    _image(product, status="pending", renditions=[], failure_reason="")

    renditions = client.get(f"/api/v1/products/{product.slug}/").json()["image"]["renditions"]

    assert (renditions["status"], renditions["failure_code"], renditions["webp"]) == ("pending", None, None)


def _artisan_with_photos(product, logo: dict, cover: dict | None):
    artisan = product.artisan
    ArtisanPhoto.objects.create(artisan=artisan, kind="logo", original="l.png", **logo)
    if cover is not None:
        ArtisanPhoto.objects.create(artisan=artisan, kind="cover", original="c.png", **cover)
    return artisan


def test_artisan_photos_show_status_reason_and_jpeg_fallback(client):
    artisan = _artisan_with_photos(
        published(),
        {"status": "ready", "renditions": RENDITIONS},
        {"status": "failed", "failure_reason": images.REASON_UNREADABLE},
    )

    body = client.get(f"/api/v1/artisans/{artisan.slug}/").json()

    assert body["logo"] == "/m/a-640.webp"
    assert body["logo_image"]["jpeg"] == {"url": "/m/a-640.jpg", "srcset": "/m/a-320.jpg 320w, /m/a-640.jpg 640w"}
    assert body["cover"] is None
    assert body["cover_image"] == {
        "status": "failed",
        "failure_code": "unreadable",
        "failure_reason": gettext(images.REASON_UNREADABLE),
        "webp": None,
        "jpeg": None,
    }


def test_an_artisan_without_a_cover_has_no_cover_image(client):
    artisan = _artisan_with_photos(published(), {"status": "pending"}, None)

    body = client.get(f"/api/v1/artisans/{artisan.slug}/").json()

    assert body["logo_image"]["status"] == "pending" and body["logo"] is None
    assert body["cover_image"] is None
