"""Login throttling with django-axes: per account and per IP, at the browser login, the admin login and the API
token endpoint; a clean 429 when locked out; the lockout ends after the cool-off; failures logged without the
password."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]

WRONG = "Salah-Sandi-Rahasia-99"
LIMIT = 5


def locked() -> str:
    """The lockout message in the active language (Indonesian unless the test asks for English)."""
    return gettext("Too many failed login attempts. Try again in %(minutes)d minutes.") % {"minutes": 15}


def _browser_login(client, email: str, password: str, ip: str):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def _admin_login(client, email: str, password: str, ip: str):
    return client.post(f"/{settings.ADMIN_URL}login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def _token(client, email: str, password: str, ip: str):
    return client.post(
        "/api/v1/auth/token/", {"email": email, "password": password}, content_type="application/json", REMOTE_ADDR=ip
    )


def test_browser_login_locks_an_account_attacked_from_many_addresses(client):
    user = UserFactory(email="sari@example.id")
    statuses = [_browser_login(client, user.email, WRONG, f"10.0.0.{n + 1}").status_code for n in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]  # the failure that reaches the limit is already refused

    response = _browser_login(client, user.email, PASSWORD, "10.9.9.9")  # right password, fresh address

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) == 15 * 60
    assert locked().encode() in response.content
    assert "_auth_user_id" not in client.session


def test_browser_login_locks_an_address_that_tries_many_accounts(client):
    victim = UserFactory(email="budi@example.id")
    for n in range(LIMIT):
        _browser_login(client, f"tebakan{n}@example.id", WRONG, "10.0.0.66")

    assert _browser_login(client, victim.email, PASSWORD, "10.0.0.66").status_code == 429
    assert _browser_login(client, victim.email, PASSWORD, "10.0.0.77").status_code == 302  # other address: fine


def test_fewer_failures_than_the_limit_do_not_lock(client):
    user = UserFactory(email="sari@example.id")
    for _ in range(LIMIT - 1):
        _browser_login(client, user.email, WRONG, "10.0.0.1")
    assert _browser_login(client, user.email, PASSWORD, "10.0.0.1").status_code == 302


def test_admin_login_is_throttled_too(client):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    statuses = [_admin_login(client, staff.email, WRONG, f"10.0.1.{n + 1}").status_code for n in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]

    response = _admin_login(client, staff.email, PASSWORD, "10.0.1.99")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_api_token_endpoint_is_throttled_per_account_with_a_json_429(client):
    user = UserFactory(email="sari@example.id")
    statuses = [_token(client, user.email, WRONG, f"10.0.2.{n + 1}").status_code for n in range(LIMIT)]
    assert statuses == [400] * (LIMIT - 1) + [429]

    response = _token(client, user.email, PASSWORD, "10.0.2.99")

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": locked(),
        "code": "locked_out",
    }
    assert int(response["Retry-After"]) == 15 * 60
    assert not Token.objects.filter(user=user).exists()


def test_api_token_endpoint_is_throttled_per_address(client):
    victim = UserFactory(email="budi@example.id")
    for n in range(LIMIT):
        _token(client, f"tebakan{n}@example.id", WRONG, "10.0.3.1")

    assert _token(client, victim.email, PASSWORD, "10.0.3.1").status_code == 429
    assert _token(client, victim.email, PASSWORD, "10.0.3.2").status_code == 200


def test_lockout_ends_after_the_cool_off(client):
    user = UserFactory(email="sari@example.id")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(LIMIT):
            _browser_login(client, user.email, WRONG, f"10.0.4.{n + 1}")
        assert _browser_login(client, user.email, PASSWORD, "10.0.4.9").status_code == 429

        clock.shift(timedelta(minutes=14))
        assert _browser_login(client, user.email, PASSWORD, "10.0.4.9").status_code == 429

        clock.shift(timedelta(minutes=2))  # 16 minutes after the lockout began
        assert _browser_login(client, user.email, PASSWORD, "10.0.4.9").status_code == 302


def test_failed_logins_and_lockouts_are_logged_without_the_password(client, caplog):
    user = UserFactory(email="sari@example.id")
    caplog.set_level(logging.INFO)
    for n in range(LIMIT):
        _token(client, user.email, WRONG, f"10.0.5.{n + 1}")
    _browser_login(client, user.email, PASSWORD, "10.0.5.9")

    security = [r.getMessage() for r in caplog.records if r.name == "craftmarket.security"]
    assert sum("login failed username='sari@example.id'" in line for line in security) >= LIMIT
    assert any("login locked out username='sari@example.id'" in line for line in security)
    assert any(line.startswith("access refused status=429 POST /accounts/login/") for line in security)
    assert WRONG not in caplog.text
    assert PASSWORD not in caplog.text


def test_a_successful_token_request_clears_the_accounts_failures(client):
    """Like a browser login: four failures, one success, and the next four failures do not lock the account."""
    user = UserFactory(email="wulan@example.id")
    for n in range(LIMIT - 1):
        assert _token(client, user.email, WRONG, f"10.0.4.{n + 1}").status_code == 400
    assert _token(client, user.email, PASSWORD, "10.0.4.50").status_code == 200
    statuses = [_token(client, user.email, WRONG, f"10.0.5.{n + 1}").status_code for n in range(LIMIT - 1)]
    assert statuses == [400] * (LIMIT - 1)
    assert _token(client, user.email, PASSWORD, "10.0.5.50").status_code == 200
