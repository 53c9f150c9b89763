"""The whole journey in the browser: sign up, verify the email, apply, complete the profile, submit, be verified
by a moderator, appear on the public page and in the API."""

import re

import pytest
from django.core import mail

from artisans import services
from artisans.models import Artisan
from tests.artisans.factories import moderator
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_sign_up_to_public_page(client, django_capture_on_commit_callbacks, notified):
    category = CategoryFactory(slug="logam", name_id="Kerajinan Logam", name_en="Metal crafts")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"name": "Pak Harjo", "email": "harjo@example.id", "password": "perak-kotagede-26", "language": "id"},
        )
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 302

    response = client.post(
        "/accounts/become-artisan/",
        {"business_name": "Perak Harjo", "business_type": "individual", "province": "ID-YO", "regency": "Bantul"},
    )
    assert response["Location"] == "/studio/profile/"
    response = client.post(
        "/studio/profile/",
        {
            "business_name": "Perak Harjo",
            "business_type": "individual",
            "nib": "9120001099999",
            "story": "Pengrajin perak Kotagede sejak 1985.",
            "categories": [category.pk],
            "province": "ID-YO",
            "regency": "Bantul",
            "district": "Kotagede",
            "address": "Jl. Mondorakan 20",
            "postal_code": "55172",
            "phone": "0811 2233 4455",
        },
    )
    assert response.status_code == 302
    assert client.post("/studio/profile/submit/")["Location"] == "/studio/"
    artisan = Artisan.objects.get(slug="perak-harjo")
    assert artisan.status == "submitted"
    assert client.get("/artisans/perak-harjo/").status_code == 404

    services.artisan_verify(artisan=artisan, by=moderator())
    ProductFactory(artisan=artisan, name="Cincin Filigri")
    page = client.get("/artisans/perak-harjo/", **EN).content.decode()
    assert "Pengrajin perak Kotagede sejak 1985." in page and "Cincin Filigri" in page
    # English visitors read the categories' English names.
    assert "Metal crafts" in page and "Bantul, DI Yogyakarta" in page
    assert "9120001099999" not in page
    assert [r["slug"] for r in client.get("/api/v1/artisans/?category=logam").json()["results"]] == ["perak-harjo"]
    assert ("profile_verified", [artisan.user.pk]) in [(e, u) for e, u, _c in notified]
