"""The product form's photo status: a progress bar on upload, then pending → ready/failed without a reload."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from catalog.models import ProductImage
from craftmarket.common.images import REASON_UNREADABLE
from tests.factories import ArtisanFactory, ProductFactory
from tests.web.checks import soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    product = ProductFactory(artisan=ArtisanFactory())
    return ProductImage.objects.create(product=product, original="originals/p.jpg", is_primary=True)


def status_url(image: ProductImage) -> str:
    return reverse("catalog:studio-image-status", args=[image.product.slug, image.pk])


def test_pending_photo_polls_its_status_fragment(client, photo):
    client.force_login(photo.product.artisan.user)
    soup = soup_of(client.get(reverse("catalog:studio-edit", args=[photo.product.slug])))
    assert soup.select_one("form[data-upload-progress] progress") is not None
    item = soup.select_one(f"#image-{photo.pk}")
    assert item["data-poll-url"] == status_url(photo)


def test_fragment_stops_polling_when_ready_and_shows_the_rendition(client, photo):
    client.force_login(photo.product.artisan.user)
    photo.status = ProductImage.Status.READY
    photo.renditions = [{"width": 320, "format": "webp", "url": "/media/r/p-320.webp"}]
    photo.save()
    response = client.get(status_url(photo))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    item = soup_of(response).select_one("li.image-status")
    assert not item.has_attr("data-poll-url")
    assert item.select_one("img")["src"] == "/media/r/p-320.webp"


def test_failed_photo_shows_its_reason_translated(client, photo):
    client.force_login(photo.product.artisan.user)
    ProductImage.objects.filter(pk=photo.pk).update(status="failed", failure_reason=REASON_UNREADABLE)
    client.cookies["django_language"] = "en"
    english = soup_of(client.get(status_url(photo))).select_one(".form-errors").get_text(strip=True)
    assert english == REASON_UNREADABLE
    with translation.override("id"):
        expected = translation.gettext(REASON_UNREADABLE)
    client.cookies["django_language"] = "id"
    assert soup_of(client.get(status_url(photo))).select_one(".form-errors").get_text(strip=True) == expected


def test_fragment_is_only_for_the_owner(client, photo):
    assert client.get(status_url(photo)).status_code == 302  # to the login page
    client.force_login(ArtisanFactory().user)
    assert client.get(status_url(photo)).status_code == 404
