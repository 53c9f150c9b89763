"""Private documents (certification documents, payment proofs) are served only through a permission check, always
as a download (Content-Disposition: attachment), never cached, never to anyone else."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orders.services.payments import payment_proof_upload
from tests.artisans.factories import PDF_BYTES, CertificationFactory
from tests.catalog.factories import published
from tests.factories import ArtisanFactory, UserFactory
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def proof():
    product = published()
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (product.variants.get(), 1))
    payment = payment_proof_upload(purchase=purchase, by=buyer, file=SimpleUploadedFile("bukti.pdf", PDF_BYTES))
    url = reverse("admin:orders_purchase_proof", kwargs={"purchase_id": purchase.pk, "payment_id": payment.pk})
    return {"buyer": buyer, "payment": payment, "url": url}


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_staff_download_a_payment_proof_as_an_attachment(client, staff, proof):
    client.force_login(staff)
    response = client.get(proof["url"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"proof-{proof['payment'].pk}.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert _body(response) == PDF_BYTES


@pytest.mark.parametrize("who", ["anonymous", "buyer", "other"])
def test_a_payment_proof_is_not_served_to_anyone_but_staff(client, proof, who):
    if who == "buyer":
        client.force_login(proof["buyer"])
    elif who == "other":
        client.force_login(UserFactory())
    response = client.get(proof["url"])
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")


def test_the_owner_downloads_a_certification_document_as_an_attachment(client):
    certification = CertificationFactory()
    client.force_login(certification.artisan.user)
    response = client.get(reverse("studio:certification-document", kwargs={"pk": certification.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PDF_BYTES


@pytest.mark.parametrize("who", ["buyer", "other-artisan"])
def test_a_certification_document_is_404_for_other_users(client, who):
    certification = CertificationFactory()
    client.force_login(UserFactory() if who == "buyer" else ArtisanFactory().user)
    response = client.get(reverse("studio:certification-document", kwargs={"pk": certification.pk}))
    assert response.status_code == 404
    assert PDF_BYTES not in response.content


def test_a_certification_document_sends_anonymous_visitors_to_the_login(client):
    certification = CertificationFactory()
    response = client.get(reverse("studio:certification-document", kwargs={"pk": certification.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
