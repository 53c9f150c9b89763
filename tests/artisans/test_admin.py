"""Moderators in the admin: the artisan pages load and the quick actions call the services."""

import pytest
from django.utils import timezone

from artisans.models import Artisan, ArtisanStatusChange, Certification
from tests.artisans.factories import CertificationFactory, CompleteArtisanFactory, moderator

pytestmark = pytest.mark.django_db


def test_moderator_sees_the_artisan_list_and_change_page(client):
    artisan = CompleteArtisanFactory(status="submitted")
    CertificationFactory(artisan=artisan)
    client.force_login(moderator())
    assert client.get("/admin/artisans/artisan/").status_code == 200
    page = client.get(f"/admin/artisans/artisan/{artisan.pk}/change/")
    assert page.status_code == 200
    assert f"/studio/certifications/{artisan.certifications.get().pk}/document/" in page.content.decode()


def test_verify_action_goes_through_the_service_and_records_history(client, notified):
    artisan = CompleteArtisanFactory(status="submitted")
    draft = CompleteArtisanFactory(status="draft")
    mod = moderator()
    client.force_login(mod)
    response = client.post(
        "/admin/artisans/artisan/", {"action": "verify", "_selected_action": [artisan.pk, draft.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Artisan.objects.get(pk=artisan.pk).status == "verified"
    assert Artisan.objects.get(pk=draft.pk).status == "draft"
    change = ArtisanStatusChange.objects.get()
    assert (change.artisan_id, change.actor_id) == (artisan.pk, mod.pk)


def test_check_certifications_action(client):
    certification = CertificationFactory(artisan=CompleteArtisanFactory())
    mod = moderator()
    client.force_login(mod)
    client.post(
        "/admin/artisans/certification/", {"action": "check_certifications", "_selected_action": [certification.pk]}
    )
    certification.refresh_from_db()
    assert certification.checked_by == mod and certification.checked_at <= timezone.now()
    assert Certification.objects.badges().count() == 1


def test_the_admin_cannot_edit_profiles_around_the_services(client):
    artisan = CompleteArtisanFactory(status="verified")
    client.force_login(moderator())
    assert client.get("/admin/artisans/artisan/add/").status_code == 403
    client.post(f"/admin/artisans/artisan/{artisan.pk}/change/", {"nib": "9129999999999", "status": "draft"})
    fresh = Artisan.objects.get(pk=artisan.pk)
    assert (fresh.nib, fresh.status) == (artisan.nib, "verified")
