"""Business profiles: the NPWP rule, the private API, and verification in the admin with a reason and history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from artisans.business import services
from artisans.business.models import BusinessProfile, BusinessStatusChange
from craftmarket.common.errors import PermissionDenied
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "company_name": "PT Rotan Jaya",
    "country": "ID",
    "business_type": "wholesaler",
    "tax_id": "01.234.567.8-901.000",
}


def _api(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_an_indonesian_company_gives_an_npwp_of_15_or_16_digits():
    buyer = UserFactory()
    profile = services.business_profile_save(user=buyer, data=GOOD)
    assert (profile.tax_id, profile.status) == ("012345678901000", "pending")
    profile = services.business_profile_save(user=buyer, data={**GOOD, "tax_id": "0123456789012345"})
    assert profile.tax_id == "0123456789012345"


@pytest.mark.parametrize("tax_id", ["12345", "01234567890100", "01234567890123456", "NPWP-ABC", ""])
def test_a_wrong_npwp_is_refused_at_the_field_and_nothing_is_saved(tax_id):
    buyer = UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.business_profile_save(user=buyer, data={**GOOD, "tax_id": tax_id})
    assert "tax_id" in exc.value.message_dict
    assert BusinessProfile.objects.count() == 0


def test_abroad_the_tax_id_is_free_text():
    profile = services.business_profile_save(
        user=UserFactory(), data={**GOOD, "country": "au", "tax_id": "ABN 51 824 753 556"}
    )
    assert (profile.country, profile.tax_id) == ("AU", "ABN 51 824 753 556")


def test_api_profile_is_the_callers_own_and_answers_400_at_the_field():
    buyer = UserFactory()
    api = _api(buyer)
    assert api.get("/api/v1/account/business/").status_code == 404
    bad = api.put("/api/v1/account/business/", {**GOOD, "tax_id": "123"}, format="json")
    assert bad.status_code == 400 and "tax_id" in bad.json()
    assert BusinessProfile.objects.count() == 0
    ok = api.put("/api/v1/account/business/", {**GOOD, "website": "https://rotanjaya.co.id"}, format="json")
    assert ok.status_code == 200
    assert (ok.json()["status"], ok.json()["verified"], ok.json()["tax_id"]) == ("pending", False, "012345678901000")
    assert _api(UserFactory()).get("/api/v1/account/business/").status_code == 404
    assert _api().get("/api/v1/account/business/").status_code in (401, 403)


def test_verification_needs_a_moderator_and_a_reason_and_keeps_history():
    buyer = UserFactory()
    profile = services.business_profile_save(user=buyer, data=GOOD)
    moderator = UserFactory(is_staff=True, is_superuser=True)
    with pytest.raises(ValidationError):
        services.business_verify(profile=profile, by=moderator, reason="  ")
    with pytest.raises(PermissionDenied):
        services.business_verify(profile=profile, by=UserFactory(), reason="ok")
    assert BusinessProfile.objects.get(pk=profile.pk).status == "pending"
    services.business_verify(profile=profile, by=moderator, reason="NPWP checked at DJP")
    profile.refresh_from_db()
    assert profile.is_verified and profile.verified_at is not None
    # Changing the tax id sends it back to review.
    services.business_profile_save(user=buyer, data={**GOOD, "tax_id": "0123456789012345"})
    profile.refresh_from_db()
    assert profile.status == "pending"
    assert list(BusinessStatusChange.objects.order_by("pk").values_list("to_status", "reason")) == [
        ("pending", "created"),
        ("verified", "NPWP checked at DJP"),
        ("pending", "edited"),
    ]


def test_admin_action_verifies_with_a_reason(client):
    profile = services.business_profile_save(user=UserFactory(), data=GOOD)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:business_businessprofile_changelist")
    assert client.get(url).status_code == 200
    ask = client.post(url, {"action": "verify", "_selected_action": [profile.pk]})
    assert ask.status_code == 200 and BusinessProfile.objects.get().status == "pending"
    client.post(url, {"action": "verify", "_selected_action": [profile.pk], "apply": "1", "reason": "Checked"})
    assert BusinessProfile.objects.get().status == "verified"


def test_business_profile_page_saves_and_shows_errors_at_the_field(client):
    buyer = UserFactory()
    client.force_login(buyer)
    url = reverse("business:profile")
    bad = client.post(url, {**GOOD, "tax_id": "123"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and "15 or 16 digits" in bad.content.decode()
    assert BusinessProfile.objects.count() == 0
    assert client.post(url, GOOD).status_code == 302
    assert BusinessProfile.objects.get().user == buyer
