"""Reference photos of an RFQ: posted with the request (page) or added later (API), through the image pipeline
(bytes checked, quota, metadata-free renditions), private to the buyer, the artisans the RFQ was sent to and the
moderators of their provinces; bad files, too many files and a closed RFQ are refused with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from craftmarket.common.errors import NotFound
from orders.quotes import photos, services
from orders.quotes.models import RFQ, RFQPhoto
from orders.quotes.selectors import rfq_photo_for_user
from tests.catalog.factories import jpeg_bytes
from tests.factories import ArtisanFactory, UserFactory
from tests.moderation.factories import regional

from .factories import buyer, in_days, rfq, weaver
from .test_pages import RFQ_FORM

pytestmark = pytest.mark.django_db


def jpeg(name: str = "desain.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def not_an_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.jpg", b"%PDF-1.4 this is no picture", content_type="image/jpeg")


def _stored(settings=None) -> list[str]:
    root = RFQPhoto._meta.get_field("original").storage.location
    return sorted(str(p) for p in Path(root).rglob("*") if p.is_file() and "rfqs" in str(p))


def test_the_buyer_posts_an_rfq_with_reference_photos_and_both_parties_see_their_renditions(
    client, django_capture_on_commit_callbacks
):
    maker = weaver()
    importer = buyer()
    client.force_login(importer)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("quotes:rfq-new"),
            {**RFQ_FORM, "closes_on": str(in_days(10)), "photos": [jpeg("a.jpg"), jpeg("b.jpg")]},
        )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    request = RFQ.objects.get()
    shots = list(request.photos.order_by("position"))
    assert [p.position for p in shots] == [0, 1]
    assert all(p.status == "ready" and p.renditions for p in shots)

    page = client.get(reverse("quotes:rfq", args=[request.public_id])).content.decode()
    served = client.get(reverse("quotes:rfq-photo", args=[shots[0].pk]))
    assert reverse("quotes:rfq-photo", args=[shots[0].pk]) in page
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content) != jpeg_bytes()  # a rendition, never the upload

    client.force_login(maker.user)
    studio = client.get(reverse("quotes:studio-rfq", args=[request.public_id])).content.decode()
    assert reverse("quotes:rfq-photo", args=[shots[1].pk]) in studio
    assert client.get(reverse("quotes:rfq-photo", args=[shots[1].pk])).status_code == 200


def test_a_file_that_is_not_an_image_is_a_field_message_and_nothing_is_written(client, settings):
    weaver()
    client.force_login(buyer())
    before = _stored(settings)
    answer = client.post(
        reverse("quotes:rfq-new"), {**RFQ_FORM, "closes_on": str(in_days(10)), "photos": [jpeg(), not_an_image()]}
    )
    assert answer.status_code == 400
    form = answer.context["form"]
    assert form.errors["photos"]
    assert not RFQ.objects.exists() and not RFQPhoto.objects.exists()
    assert _stored(settings) == before


def test_more_than_six_photos_are_refused_with_nothing_written(settings):
    weaver()
    before = _stored(settings)
    with pytest.raises(ValidationError) as refused:
        rfq(photos=[jpeg(f"{i}.jpg") for i in range(7)])
    assert "photos" in refused.value.message_dict
    assert not RFQ.objects.exists() and not RFQPhoto.objects.exists()
    assert _stored(settings) == before


def test_who_may_see_a_reference_photo(client):
    maker = weaver(province="ID-JI")
    request = rfq(photos=[jpeg()])
    shot = request.photos.get()
    RFQPhoto.objects.filter(pk=shot.pk).update(
        status="ready", renditions=[{"name": "renditions/none.jpg", "format": "jpeg", "width": 10}]
    )
    url = reverse("quotes:rfq-photo", args=[shot.pk])
    # The selector decides who may; the page answers everyone else 404 (nothing confirms that the photo exists).
    allowed = {
        "buyer": request.buyer,
        "recipient": maker.user,
        "moderator of East Java": regional(provinces=("ID-JI",), email="jatim@dekranasda.id"),
    }
    refused = {
        "another artisan": ArtisanFactory().user,
        "another buyer": buyer(),
        "moderator of Bali": regional(provinces=("ID-BA",), email="bali@dekranasda.id"),
        "staff without the permission": UserFactory(is_staff=True),
    }
    for who, user in allowed.items():
        assert rfq_photo_for_user(user=user, pk=shot.pk) == shot, who
    for who, user in refused.items():
        assert rfq_photo_for_user(user=user, pk=shot.pk) is None, who
        client.force_login(user)
        assert client.get(url).status_code == 404, who
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    for bad in ("abc", "-1", "99999999999"):
        assert rfq_photo_for_user(user=request.buyer, pk=bad) is None


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_adds_photos_to_a_running_rfq_and_refuses_what_it_must(settings):
    maker = weaver()
    request = rfq()
    url = reverse("api-rfq-photos", kwargs={"public_id": request.public_id})

    added = _api(request.buyer).post(url, {"photos": [jpeg()]}, format="multipart")
    assert added.status_code == 201, added.content
    assert [p["status"] for p in added.json()["photos"]] == ["pending"]

    artisan_view = _api(maker.user).get(reverse("api-rfq", kwargs={"public_id": request.public_id}))
    assert len(artisan_view.json()["photos"]) == 1

    before = (RFQPhoto.objects.count(), _stored(settings))
    assert _api(request.buyer).post(url, {}, format="multipart").status_code == 400
    bad = _api(request.buyer).post(url, {"photos": [not_an_image()]}, format="multipart")
    assert bad.status_code == 400 and "photos" in bad.json()
    assert _api(buyer()).post(url, {"photos": [jpeg()]}, format="multipart").status_code == 404
    assert _api(maker.user).post(url, {"photos": [jpeg()]}, format="multipart").status_code == 404
    too_many = _api(request.buyer).post(url, {"photos": [jpeg(f"{i}.jpg") for i in range(6)]}, format="multipart")
    assert too_many.status_code == 400 and "photos" in too_many.json()
    assert (RFQPhoto.objects.count(), _stored(settings)) == before

    services.rfq_close(rfq=request, by=request.buyer, reason="found a maker")
    closed = _api(request.buyer).post(url, {"photos": [jpeg()]}, format="multipart")
    assert closed.status_code == 409
    assert RFQPhoto.objects.count() == before[0]


def test_the_service_refuses_an_empty_list_and_another_users_rfq():
    weaver()
    request = rfq()
    with pytest.raises(ValidationError) as empty:
        photos.rfq_add_photos(rfq=request, by=request.buyer, photos=[])
    assert "photos" in empty.value.message_dict
    with pytest.raises(NotFound):
        photos.rfq_add_photos(rfq=request, by=buyer(), photos=[jpeg()])
