"""CSRF: browser forms and session-authenticated API calls need the token; token-authenticated API calls do not."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path
from django.utils.crypto import get_random_string
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


class _Probe(APIView):
    """A state-changing endpoint for logged-in users, standing in for every such endpoint of later rounds."""

    permission_classes = [permissions.IsAuthenticated]

    def post(self, request):
        return Response({"user": request.user.pk})

    def delete(self, request):
        return Response(status=204)


urlpatterns = [path("api/v1/probe/", _Probe.as_view())]


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def _csrf_token(client: Client) -> str:
    client.get("/accounts/login/")
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_login_form_refuses_a_post_without_the_token(csrf_client):
    user = UserFactory(email="sari@example.id")
    response = csrf_client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_login_form_accepts_a_post_with_the_token(csrf_client):
    user = UserFactory(email="sari@example.id")
    token = _csrf_token(csrf_client)
    response = csrf_client.post(
        "/accounts/login/", {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert csrf_client.session["_auth_user_id"] == str(user.pk)


def test_logout_form_refuses_a_post_without_the_token(csrf_client):
    user = UserFactory(email="sari@example.id")
    csrf_client.force_login(user)
    assert csrf_client.post("/accounts/logout/").status_code == 403
    assert csrf_client.session["_auth_user_id"] == str(user.pk)


def test_language_switch_refuses_a_post_without_the_token(csrf_client):
    response = csrf_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_admin_login_refuses_a_post_without_the_token(csrf_client):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    response = csrf_client.post(f"/{settings.ADMIN_URL}login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 403


def test_session_authenticated_api_call_without_the_token_is_refused(csrf_client):
    csrf_client.force_login(UserFactory(email="sari@example.id"))
    response = csrf_client.post(
        "/api/v1/auth/register/",
        {"email": "baru@example.id", "password": "anyaman-bambu-2026", "name": "Baru"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")
    assert not User.objects.filter(email="baru@example.id").exists()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", ["post", "delete"])
def test_session_authenticated_unsafe_calls_need_the_token(csrf_client, method):
    user = UserFactory(email="sari@example.id")
    csrf_client.force_login(user)
    assert getattr(csrf_client, method)("/api/v1/probe/").status_code == 403

    token = get_random_string(32)  # what the browser got in its csrftoken cookie from an earlier page
    csrf_client.cookies[settings.CSRF_COOKIE_NAME] = token
    assert getattr(csrf_client, method)("/api/v1/probe/", HTTP_X_CSRFTOKEN=token).status_code in (200, 204)


@pytest.mark.urls(__name__)
def test_token_authenticated_calls_need_no_csrf_token(csrf_client, buyer, buyer_token):
    response = csrf_client.post("/api/v1/probe/", HTTP_AUTHORIZATION=f"Token {buyer_token}")
    assert response.status_code == 200
    assert response.json() == {"user": buyer.pk}


def test_token_authenticated_register_call_needs_no_csrf_token(csrf_client, buyer_token):
    response = csrf_client.post(
        "/api/v1/auth/register/",
        {"email": "baru@example.id", "password": "anyaman-bambu-2026", "name": "Baru"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {buyer_token}",
    )
    assert response.status_code == 201


def test_a_csrf_refusal_is_logged_without_the_body(csrf_client, caplog):
    caplog.set_level("WARNING", logger="craftmarket.security")
    csrf_client.post("/accounts/login/", {"username": "sari@example.id", "password": "rahasia-sekali-2026"})
    lines = [r.getMessage() for r in caplog.records if r.name == "craftmarket.security"]
    assert lines == ["access refused status=403 POST /accounts/login/ user=- ip=127.0.0.1"]
    assert "rahasia-sekali-2026" not in caplog.text
