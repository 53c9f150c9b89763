"""The studio: only the signed-in artisan's own things; anonymous users go to login, others get 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from artisans.models import Artisan, ArtisanPhoto, Certification
from tests.artisans.factories import CertificationFactory, CompleteArtisanFactory, moderator, pdf_upload, png_upload
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def a_and_b():
    a = CompleteArtisanFactory(business_name="Perak Kotagede")
    b = CompleteArtisanFactory(business_name="Tembaga Tumang")
    return a, b, CertificationFactory(artisan=a), CertificationFactory(artisan=b)


def _pages(cert):
    return [
        ("get", "/studio/"),
        ("get", "/studio/profile/"),
        ("post", "/studio/profile/"),
        ("post", "/studio/profile/submit/"),
        ("get", "/studio/certifications/"),
        ("get", "/studio/certifications/new/"),
        ("post", "/studio/certifications/new/"),
        ("get", f"/studio/certifications/{cert.pk}/edit/"),
        ("post", f"/studio/certifications/{cert.pk}/edit/"),
        ("post", f"/studio/certifications/{cert.pk}/delete/"),
        ("get", f"/studio/certifications/{cert.pk}/document/"),
    ]


def test_anonymous_users_are_sent_to_login_from_every_studio_page(client, a_and_b):
    for method, url in _pages(a_and_b[2]):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_buyers_get_404_on_studio_pages_and_the_dashboard_offers_to_apply(client, a_and_b):
    client.force_login(UserFactory())
    for method, url in _pages(a_and_b[2])[1:]:
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get("/studio/")["Location"] == "/accounts/become-artisan/"


def test_artisan_a_cannot_read_change_delete_or_download_bs_certification(client, a_and_b):
    a, b, _cert_a, cert_b = a_and_b
    client.force_login(a.user)
    before = Certification.objects.filter(pk=cert_b.pk).values().get()
    for method, url in [
        ("get", f"/studio/certifications/{cert_b.pk}/edit/"),
        ("post", f"/studio/certifications/{cert_b.pk}/edit/"),
        ("post", f"/studio/certifications/{cert_b.pk}/delete/"),
        ("get", f"/studio/certifications/{cert_b.pk}/document/"),
    ]:
        assert (
            getattr(client, method)(url, {"name": "X", "issuer": "Y"} if method == "post" else None).status_code == 404
        )
    assert Certification.objects.filter(pk=cert_b.pk).values().get() == before
    page = client.get("/studio/certifications/").content.decode()
    assert cert_b.number not in page


def test_the_studio_shows_and_edits_only_the_signed_in_artisans_profile(client, a_and_b):
    a, b, *_ = a_and_b
    client.force_login(a.user)
    assert "Perak Kotagede" in client.get("/studio/", **EN).content.decode()
    assert "Tembaga Tumang" not in client.get("/studio/profile/", **EN).content.decode()


def test_owner_downloads_the_document_as_an_attachment(client, a_and_b):
    a, _b, cert_a, _ = a_and_b
    client.force_login(a.user)
    response = client.get(f"/studio/certifications/{cert_a.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="certification-{cert_a.pk}.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_staff_download_needs_the_view_permission(client, a_and_b):
    cert = a_and_b[2]
    url = f"/studio/certifications/{cert.pk}/document/"
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 404
    client.force_login(moderator())
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_profile_form_saves_fields_and_photos(client, django_capture_on_commit_callbacks):
    artisan = CompleteArtisanFactory()
    category = CategoryFactory(slug="logam")
    client.force_login(artisan.user)
    data = {
        "business_name": artisan.business_name,
        "business_type": "individual",
        "nib": "9120001012345",
        "year_founded": "1998",
        "workers": "7",
        "story": "<b>Perak</b> buatan tangan",
        "categories": [category.pk],
        "techniques": "filigri, ukir",
        "materials": "perak 925",
        "capacity_per_month": "200",
        "lead_time_days": "14",
        "export_experience": "on",
        "export_markets": "Jepang, Belanda",
        "province": "ID-YO",
        "regency": "Kota Yogyakarta",
        "district": "Kotagede",
        "address": "Jl. Kemasan 12",
        "postal_code": "55173",
        "phone": "0812 3456 7890",
        "whatsapp": "",
        "logo": png_upload(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/studio/profile/", data, **EN)
    assert response.status_code == 302, response.context["form"].errors
    artisan.refresh_from_db()
    assert artisan.story == "Perak buatan tangan"
    assert artisan.export_markets == ["Jepang", "Belanda"]
    assert (artisan.phone, artisan.postal_code, artisan.workers) == ("+6281234567890", "55173", 7)
    assert list(artisan.categories.all()) == [category]
    assert ArtisanPhoto.objects.get(artisan=artisan).kind == "logo"


def test_profile_form_shows_field_errors_and_saves_nothing_when_one_part_is_bad(client):
    artisan = CompleteArtisanFactory()
    client.force_login(artisan.user)
    before = Artisan.objects.filter(pk=artisan.pk).values().get()
    response = client.post(
        "/studio/profile/",
        {
            "business_name": "Nama Baru",
            "province": "ID-YO",
            "nib": "123",
            "postal_code": "1234",
            "phone": "12",
            "story": "Cerita baru",
            "logo": SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png"),
        },
        **EN,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"nib", "postal_code", "phone"}
    assert Artisan.objects.filter(pk=artisan.pk).values().get() == before
    assert not ArtisanPhoto.objects.exists()


def test_profile_form_photo_error_rolls_back_the_profile_fields(client):
    artisan = CompleteArtisanFactory()
    client.force_login(artisan.user)
    before = Artisan.objects.filter(pk=artisan.pk).values().get()
    response = client.post(
        "/studio/profile/",
        {
            "business_name": artisan.business_name,
            "province": "ID-YO",
            "story": "Cerita baru",
            "cover": SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
        },
        **EN,
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["cover"]
    assert Artisan.objects.filter(pk=artisan.pk).values().get() == before


def test_submit_from_the_studio_and_missing_fields_are_listed(client):
    artisan = CompleteArtisanFactory(story="")
    client.force_login(artisan.user)
    response = client.post("/studio/profile/submit/", follow=True, **EN)
    assert "Story: This field is required before you submit for review." in response.content.decode()
    assert Artisan.objects.get(pk=artisan.pk).status == "draft"
    Artisan.objects.filter(pk=artisan.pk).update(story="Cerita")
    response = client.post("/studio/profile/submit/")
    assert response["Location"] == "/studio/"
    assert Artisan.objects.get(pk=artisan.pk).status == "submitted"


def test_dashboard_shows_the_moderators_reason_for_changes(client, notified):
    from artisans import services

    artisan = CompleteArtisanFactory(status="submitted")
    services.artisan_request_changes(artisan=artisan, by=moderator(), reason="Lengkapi foto workshop.")
    client.force_login(artisan.user)
    page = client.get("/studio/", **EN).content.decode()
    assert "Lengkapi foto workshop." in page
    assert "Submit for review" in page


def test_certification_pages_add_edit_and_delete(client):
    artisan = CompleteArtisanFactory()
    client.force_login(artisan.user)
    response = client.post(
        "/studio/certifications/new/",
        {"name": "SNI", "issuer": "BSN", "number": "SNI-1", "valid_until": "2030-12-31", "document": pdf_upload()},
    )
    assert response.status_code == 302
    cert = Certification.objects.get(artisan=artisan)
    assert cert.valid_until == datetime.date(2030, 12, 31)
    response = client.post(f"/studio/certifications/{cert.pk}/edit/", {"name": "SNI 8194", "issuer": "BSN"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.name, cert.valid_until) == ("SNI 8194", None)
    assert client.post(f"/studio/certifications/{cert.pk}/delete/").status_code == 302
    assert not Certification.objects.exists()


def test_certification_page_refuses_a_missing_or_bad_document(client):
    artisan = CompleteArtisanFactory()
    client.force_login(artisan.user)
    response = client.post("/studio/certifications/new/", {"name": "SNI", "issuer": "BSN"}, **EN)
    assert response.context["form"].errors == {"document": ["Upload the certificate as a PDF or a photo."]}
    bad = SimpleUploadedFile("x.pdf", b"GIF89a not really", content_type="application/pdf")
    response = client.post("/studio/certifications/new/", {"name": "SNI", "issuer": "BSN", "document": bad}, **EN)
    assert response.context["form"].errors == {"document": ["Upload a PDF or a JPEG, PNG or WebP image."]}
    assert not Certification.objects.exists()


def test_verified_artisan_renaming_in_the_studio_is_told_about_the_new_review(client):
    artisan = CompleteArtisanFactory(status="verified")
    client.force_login(artisan.user)
    response = client.post(
        "/studio/profile/",
        {"business_name": "Nama Resmi Baru", "province": "ID-YO", "business_type": artisan.business_type},
        follow=True,
        **EN,
    )
    assert "Dekranas will review your profile again" in response.content.decode()
    assert Artisan.objects.get(pk=artisan.pk).status == "submitted"


def test_a_good_logo_with_a_bad_cover_stores_neither(client):
    from tests.artisans.test_files import _private_files

    artisan = CompleteArtisanFactory()
    client.force_login(artisan.user)
    response = client.post(
        "/studio/profile/",
        {
            "business_name": artisan.business_name,
            "province": "ID-YO",
            "logo": png_upload(),
            "cover": SimpleUploadedFile("c.png", b"<svg onload=alert(1)>", content_type="image/png"),
        },
        **EN,
    )
    assert list(response.context["form"].errors) == ["cover"]
    assert not ArtisanPhoto.objects.exists()
    assert _private_files() == []


def test_dashboard_lists_what_is_still_missing_before_submitting(client):
    artisan = CompleteArtisanFactory(nib="", postal_code="", categories=[])
    client.force_login(artisan.user)
    response = client.get("/studio/", **EN)
    labels = response.context["missing"]
    assert labels == ["NIB", "Postal code", "Craft categories"]
    assert "<li>Postal code</li>" in response.content.decode()
