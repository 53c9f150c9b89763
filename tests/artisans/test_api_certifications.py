"""The owner's certifications through the API: only their own (404 otherwise), documents checked by bytes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from artisans.models import Certification
from tests.artisans.factories import CertificationFactory, CompleteArtisanFactory, pdf_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_calls_are_refused(api):
    cert = CertificationFactory()
    for method, url in [
        ("get", "/api/v1/artisans/me/certifications/"),
        ("post", "/api/v1/artisans/me/certifications/"),
        ("get", f"/api/v1/artisans/me/certifications/{cert.pk}/"),
        ("patch", f"/api/v1/artisans/me/certifications/{cert.pk}/"),
        ("delete", f"/api/v1/artisans/me/certifications/{cert.pk}/"),
    ]:
        assert getattr(api, method)(url).status_code in (401, 403), url
    assert Certification.objects.count() == 1


def test_add_list_change_and_delete(api):
    artisan = CompleteArtisanFactory()
    api.force_authenticate(artisan.user)
    response = api.post(
        "/api/v1/artisans/me/certifications/",
        {"name": "Halal", "issuer": "BPJPH", "valid_until": "2029-06-30", "document": pdf_upload()},
        format="multipart",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["checked"], body["is_badge"], body["document_type"]) == (
        "Halal",
        False,
        False,
        "application/pdf",
    )
    assert body["document_url"] == f"/studio/certifications/{body['id']}/document/"
    assert [c["id"] for c in api.get("/api/v1/artisans/me/certifications/").json()] == [body["id"]]
    response = api.patch(f"/api/v1/artisans/me/certifications/{body['id']}/", {"number": "ID001"}, format="json")
    assert response.status_code == 200 and response.json()["number"] == "ID001"
    assert api.delete(f"/api/v1/artisans/me/certifications/{body['id']}/").status_code == 204
    assert not Certification.objects.exists()


def test_a_bad_document_or_missing_one_is_a_400_and_nothing_is_saved(api):
    artisan = CompleteArtisanFactory()
    api.force_authenticate(artisan.user)
    response = api.post(
        "/api/v1/artisans/me/certifications/",
        {"name": "SNI", "issuer": "BSN", "document": SimpleUploadedFile("a.pdf", b"<html>no</html>")},
        format="multipart",
    )
    assert response.status_code == 400 and list(response.json()) == ["document"]
    response = api.post("/api/v1/artisans/me/certifications/", {"name": "SNI", "issuer": "BSN"}, format="multipart")
    assert response.status_code == 400 and list(response.json()) == ["document"]
    assert not Certification.objects.exists()


def test_artisan_a_gets_404_for_bs_certification_and_changes_nothing(api):
    a = CompleteArtisanFactory()
    cert_b = CertificationFactory(artisan=CompleteArtisanFactory())
    before = Certification.objects.filter(pk=cert_b.pk).values().get()
    api.force_authenticate(a.user)
    url = f"/api/v1/artisans/me/certifications/{cert_b.pk}/"
    assert api.get(url).status_code == 404
    assert api.patch(url, {"name": "Diretas"}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    assert api.get("/api/v1/artisans/me/certifications/").json() == []
    assert Certification.objects.filter(pk=cert_b.pk).values().get() == before


def test_a_buyer_without_a_profile_gets_404(api):
    api.force_authenticate(UserFactory())
    assert api.get("/api/v1/artisans/me/certifications/").status_code == 404
