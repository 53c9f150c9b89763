"""Browser accounts: sign-up, email verification, login by email, logout, password reset, applying to sell."""

import re

import pytest
from django.core import mail, signing

from artisans import services
from artisans.models import Artisan, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_signup_creates_a_buyer_logs_in_and_emails_a_verification_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"name": "Sari Wulandari", "email": "Sari@Example.id", "password": "anyaman-pandan-26", "language": "id"},
            **EN,
        )
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    user = User.objects.get()
    assert (user.email, user.email_verified, user.is_staff) == ("sari@example.id", False, False)
    assert client.get("/accounts/", **EN).context["user"] == user
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sari@example.id"]
    assert "/accounts/verify-email/" in mail.outbox[0].body


def test_signup_with_a_taken_email_or_weak_password_shows_field_errors_and_saves_nothing(client):
    UserFactory(email="budi@example.id")
    response = client.post(
        "/accounts/signup/", {"name": "B", "email": "BUDI@example.id", "password": "x", "language": "id"}, **EN
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["An account with this email already exists."]
    response = client.post(
        "/accounts/signup/", {"name": "C", "email": "c@example.id", "password": "12345678901", "language": "id"}, **EN
    )
    assert "password" in response.context["form"].errors
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_verification_link_confirms_the_email_once_and_bad_links_are_refused(client):
    user = UserFactory(email_verified=False)
    token = services.email_verification_token(user=user)
    assert client.get(f"/accounts/verify-email/{token}/").status_code == 302
    user.refresh_from_db()
    assert user.email_verified
    assert client.get(f"/accounts/verify-email/{token}/").status_code == 302  # idempotent

    other = UserFactory(email_verified=False)
    forged = signing.dumps({"u": other.pk, "e": other.email}, salt="wrong-salt")
    response = client.get(f"/accounts/verify-email/{forged}/", **EN)
    assert response.status_code == 400
    assert "invalid or has expired" in response.content.decode()
    assert client.get("/accounts/verify-email/garbage/").status_code == 400
    other.refresh_from_db()
    assert not other.email_verified


def test_a_link_for_an_old_address_does_not_verify_the_new_one(client):
    user = UserFactory(email_verified=False, email="lama@example.id")
    token = services.email_verification_token(user=user)
    User.objects.filter(pk=user.pk).update(email="baru@example.id")
    assert client.get(f"/accounts/verify-email/{token}/").status_code == 400
    assert not User.objects.get(pk=user.pk).email_verified


def test_expired_verification_link_is_refused(client, monkeypatch):
    user = UserFactory(email_verified=False)
    token = services.email_verification_token(user=user)
    monkeypatch.setattr(services, "EMAIL_VERIFY_MAX_AGE", -1)
    assert client.get(f"/accounts/verify-email/{token}/").status_code == 400
    assert not User.objects.get(pk=user.pk).email_verified


def test_resend_verification_mails_a_new_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified=False)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/verify-email/resend/").status_code == 302
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/verify-email/resend/")  # within a minute: no second mail
    assert len(mail.outbox) == 1
    assert client.get(_link(mail.outbox[0])).status_code == 302
    assert User.objects.get(pk=user.pk).email_verified


def test_login_uses_the_email_and_logout_ends_the_session(client):
    UserFactory(email="budi@example.id")
    response = client.get("/accounts/login/", **EN)
    assert 'name="username"' in response.content.decode() and 'type="email"' in response.content.decode()
    response = client.post("/accounts/login/", {"username": "budi@example.id", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/").status_code == 302


def test_login_with_a_wrong_password_is_refused(client):
    UserFactory(email="budi@example.id")
    response = client.post("/accounts/login/", {"username": "budi@example.id", "password": "salah"}, **EN)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client):
    user = UserFactory(email="budi@example.id")
    response = client.post("/accounts/password/reset/", {"email": "BUDI@example.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["budi@example.id"]
    link = _link(mail.outbox[0])
    response = client.get(link)  # Django swaps the token for a session and redirects
    assert response.status_code == 302
    new_password = "ukiran-jepara-baru-26"
    response = client.post(response["Location"], {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/complete/"
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.id"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    assert mail.outbox == []


def test_a_buyer_applies_to_become_an_artisan(client):
    user = UserFactory()
    client.force_login(user)
    assert "Become an artisan" in client.get("/accounts/", **EN).content.decode()
    response = client.post(
        "/accounts/become-artisan/",
        {
            "business_name": "Tenun Ikat Sumba",
            "business_type": "kelompok",
            "province": "ID-NT",
            "regency": "Sumba Timur",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/studio/profile/"
    artisan = Artisan.objects.get(user=user)
    assert (artisan.status, artisan.province, artisan.slug) == ("draft", "ID-NT", "tenun-ikat-sumba")
    # A second application goes to the existing profile.
    assert client.get("/accounts/become-artisan/")["Location"] == "/studio/profile/"


def test_an_invalid_application_shows_errors_and_creates_nothing(client):
    client.force_login(UserFactory())
    response = client.post(
        "/accounts/become-artisan/", {"business_name": "", "business_type": "x", "province": "ID-ZZ"}, **EN
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"business_name", "business_type", "province", "regency"}
    assert not Artisan.objects.exists()


def test_applying_needs_login(client):
    response = client.get("/accounts/become-artisan/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_api_schema_describes_the_artisan_endpoints(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/artisans/",
        "/api/v1/artisans/{slug}/",
        "/api/v1/artisans/me/",
        "/api/v1/artisans/me/submit/",
    ):
        assert path in paths
    assert set(paths["/api/v1/artisans/me/"]) >= {"get", "patch", "post"}


def test_password_change_from_the_account(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/accounts/password/change/").status_code == 200
    new_password = "batik-tulis-lasem-26"
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/done/"
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_login_returns_to_the_studio_page_it_came_from_but_never_off_site(client):
    from tests.artisans.factories import CompleteArtisanFactory

    artisan = CompleteArtisanFactory()
    response = client.post(
        "/accounts/login/", {"username": artisan.user.email, "password": PASSWORD, "next": "/studio/profile/"}
    )
    assert response["Location"] == "/studio/profile/"
    client.logout()
    response = client.post(
        "/accounts/signup/",
        {
            "name": "X",
            "email": "x@example.id",
            "password": "anyaman-pandan-26",
            "language": "id",
            "next": "//evil.example",
        },
    )
    assert response["Location"] == "/accounts/"
