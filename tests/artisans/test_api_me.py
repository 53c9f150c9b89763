"""The owner's API: /api/v1/artisans/me/ and /me/submit/, and who may call them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from artisans.models import Artisan, ArtisanPhoto
from tests.artisans.factories import CompleteArtisanFactory, png_upload
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/v1/artisans/me/"),
        ("patch", "/api/v1/artisans/me/"),
        ("post", "/api/v1/artisans/me/"),
        ("post", "/api/v1/artisans/me/submit/"),
    ],
)
def test_anonymous_calls_are_refused(api, method, url):
    response = getattr(api, method)(url, {"business_name": "X", "province": "ID-BA"}, format="json")
    assert response.status_code in (401, 403)
    assert not Artisan.objects.exists()


def test_first_patch_creates_the_profile_then_patch_updates_it(api):
    user = UserFactory()
    category = CategoryFactory(slug="fesyen")
    api.force_authenticate(user)
    response = api.patch(
        "/api/v1/artisans/me/",
        {
            "business_name": "Batik Tulis Lasem",
            "province": "ID-JT",
            "phone": "081234567890",
            "categories": [category.pk],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["slug"], body["phone"], body["categories"]) == (
        "draft",
        "batik-tulis-lasem",
        "+6281234567890",
        [category.pk],
    )
    response = api.patch("/api/v1/artisans/me/", {"story": "<script>x</script>Batik Lasem."}, format="json")
    assert response.status_code == 200
    assert response.json()["story"] == "Batik Lasem."
    assert api.get("/api/v1/artisans/me/").json()["business_name"] == "Batik Tulis Lasem"


def test_post_creates_once_then_conflicts(api):
    api.force_authenticate(UserFactory())
    assert (
        api.post("/api/v1/artisans/me/", {"business_name": "A", "province": "ID-BA"}, format="json").status_code == 201
    )
    response = api.post("/api/v1/artisans/me/", {"business_name": "B", "province": "ID-BA"}, format="json")
    assert response.status_code == 409
    assert Artisan.objects.get().business_name == "A"


def test_get_me_without_a_profile_is_404(api):
    api.force_authenticate(UserFactory())
    assert api.get("/api/v1/artisans/me/").status_code == 404


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"nib": "12"}, "nib"),
        ({"postal_code": "abcde"}, "postal_code"),
        ({"phone": "+44 20 7946 0958"}, "phone"),
        ({"province": "ID-ZZ"}, "province"),
        ({"categories": [424242]}, "categories"),
        ({"year_founded": "tahun"}, "year_founded"),
        ({"techniques": "not-a-list"}, "techniques"),
    ],
)
def test_bad_input_is_a_400_with_the_field_and_nothing_changes(api, payload, field):
    artisan = CompleteArtisanFactory()
    api.force_authenticate(artisan.user)
    before = Artisan.objects.filter(pk=artisan.pk).values().get()
    response = api.patch("/api/v1/artisans/me/", {"story": "Baru", **payload}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Artisan.objects.filter(pk=artisan.pk).values().get() == before


def test_duplicate_nib_is_a_400(api):
    CompleteArtisanFactory(nib="9120001012345")
    artisan = CompleteArtisanFactory()
    api.force_authenticate(artisan.user)
    response = api.patch("/api/v1/artisans/me/", {"nib": "9120001012345"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"nib": [gettext("Another artisan is already registered with this NIB.")]}


def test_logo_upload_through_the_api_and_a_non_image_is_a_400(api):
    artisan = CompleteArtisanFactory()
    api.force_authenticate(artisan.user)
    response = api.patch("/api/v1/artisans/me/", {"logo": png_upload()}, format="multipart")
    assert response.status_code == 200
    assert ArtisanPhoto.objects.get(artisan=artisan).kind == "logo"
    response = api.patch(
        "/api/v1/artisans/me/",
        {"story": "x", "cover": SimpleUploadedFile("c.png", b"%PDF-1.4 nope", content_type="image/png")},
        format="multipart",
    )
    assert response.status_code == 400 and list(response.json()) == ["cover"]
    assert Artisan.objects.get(pk=artisan.pk).story != "x"


def test_submit_through_the_api_with_a_token(api):
    artisan = CompleteArtisanFactory()
    token = Token.objects.create(user=artisan.user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/v1/artisans/me/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = api.post("/api/v1/artisans/me/submit/")
    assert response.status_code == 409
    assert Artisan.objects.get(pk=artisan.pk).status == "submitted"


def test_submitting_an_incomplete_profile_is_a_400_with_fields(api):
    artisan = CompleteArtisanFactory(phone="", categories=[])
    api.force_authenticate(artisan.user)
    response = api.post("/api/v1/artisans/me/submit/")
    assert response.status_code == 400
    assert set(response.json()) == {"phone", "categories"}
    assert Artisan.objects.get(pk=artisan.pk).status == "draft"


def test_submit_without_a_profile_is_404(api):
    api.force_authenticate(UserFactory())
    assert api.post("/api/v1/artisans/me/submit/").status_code == 404


def test_me_only_ever_touches_the_callers_own_profile(api):
    a = CompleteArtisanFactory()
    b = CompleteArtisanFactory()
    api.force_authenticate(a.user)
    assert api.get("/api/v1/artisans/me/").json()["id"] == a.pk
    api.patch("/api/v1/artisans/me/", {"story": "Punya A"}, format="json")
    assert Artisan.objects.get(pk=b.pk).story == b.story
    assert api.get(f"/api/v1/artisans/{b.slug}/").status_code == 404  # b is a draft: private


@pytest.mark.parametrize(
    "payload",
    [
        {"categories": [10**30]},
        {"categories": ["satu"]},
        {"story": "nul\x00byte"},
        {"techniques": ["a\x00b"]},
        {"workers": 10**12},
        {"capacity_per_month": -1},
        {"lead_time_days": 10**6},
        {"year_founded": 2999},
        {"business_name": ""},
        {"business_name": "x" * 500},
        {"export_experience": "maybe"},
        {"techniques": ["x"] * 60},
        {"techniques": ["panjang" * 20]},
    ],
)
def test_hostile_input_is_a_400_never_a_500(api, payload):
    artisan = CompleteArtisanFactory()
    api.force_authenticate(artisan.user)
    before = Artisan.objects.filter(pk=artisan.pk).values().get()
    response = api.patch("/api/v1/artisans/me/", payload, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == list(payload)
    assert Artisan.objects.filter(pk=artisan.pk).values().get() == before
