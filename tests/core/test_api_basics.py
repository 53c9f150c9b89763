import pytest
from django.utils.translation import gettext
from rest_framework.test import APIClient

from artisans.models import User
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_unknown_api_route_is_json_404(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_malformed_json_is_400_with_a_message(api):
    response = api.post("/api/v1/auth/register/", data='{"email": ', content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_register_creates_a_buyer(api):
    response = api.post(
        "/api/v1/auth/register/",
        {"email": "Sari@Example.ID", "password": "anyaman-bambu-2026", "name": "Sari Wulandari"},
        format="json",
    )
    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {"id": user.pk, "email": "sari@example.id", "name": "Sari Wulandari", "language": "id"}
    assert user.check_password("anyaman-bambu-2026")
    assert not user.is_staff


@pytest.mark.django_db
def test_register_refuses_a_weak_password_and_saves_nothing(api):
    response = api.post(
        "/api/v1/auth/register/", {"email": "a@example.id", "password": "12345", "name": "A"}, format="json"
    )
    assert response.status_code == 400
    assert "password" in response.json()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_register_refuses_a_taken_email(api):
    UserFactory(email="budi@example.id")
    response = api.post(
        "/api/v1/auth/register/",
        {"email": "BUDI@example.id", "password": "anyaman-bambu-2026", "name": "Budi"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["email"] == [gettext("An account with this email already exists.")]
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_token_for_valid_credentials_authenticates_later_calls(api):
    UserFactory(email="budi@example.id")
    response = api.post("/api/v1/auth/token/", {"email": "budi@example.id", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


@pytest.mark.django_db
def test_token_refuses_a_wrong_password(api):
    UserFactory(email="budi@example.id")
    response = api.post("/api/v1/auth/token/", {"email": "budi@example.id", "password": "salah"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [gettext("Email or password is not correct.")]}


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served(api):
    schema = api.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/register/" in schema.content
    docs = api.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
