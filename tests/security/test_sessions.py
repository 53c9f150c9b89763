"""Sessions: a new key at login, a dead key after logout, an idle timeout for staff, strong passwords only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from artisans.models import User
from craftmarket.security.middleware import STAFF_LAST_SEEN_KEY
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_login_issues_a_new_session_key_and_drops_the_old_one(client):
    user = UserFactory(email="sari@example.id")
    session = client.session
    session["language_hint"] = "id"
    session.save()
    before = _session_key(client)

    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    after = _session_key(client)
    assert after != before
    assert not SessionStore().exists(before)
    assert SessionStore(session_key=after).load()["_auth_user_id"] == str(user.pk)


def test_logout_deletes_the_session_server_side_and_the_old_cookie_is_worthless(client):
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    client.force_login(staff)
    old_key = _session_key(client)
    assert client.get(f"/{settings.ADMIN_URL}").status_code == 200

    assert client.post("/accounts/logout/").status_code == 302

    assert not SessionStore().exists(old_key)
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key  # an attacker replays the stolen cookie
    response = client.get(f"/{settings.ADMIN_URL}")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")


def test_staff_session_ends_after_the_idle_timeout(client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 1800
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(staff)
        assert client.get(f"/{settings.ADMIN_URL}").status_code == 200
        key = _session_key(client)

        clock.shift(timedelta(seconds=1801))
        response = client.get(f"/{settings.ADMIN_URL}")

    assert response.status_code == 302
    assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")
    assert not SessionStore().exists(key)


def test_staff_activity_keeps_the_session_alive(client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 1800
    staff = UserFactory(email="dewi@dekranas.id", is_staff=True)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(staff)
        for _ in range(4):  # two hours in all, never more than 25 minutes idle
            clock.shift(timedelta(minutes=25))
            assert client.get(f"/{settings.ADMIN_URL}").status_code == 200
    assert isinstance(client.session[STAFF_LAST_SEEN_KEY], int)


def test_buyer_sessions_have_no_idle_timeout(client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 1800
    buyer = UserFactory(email="rina@example.id")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(buyer)
        clock.shift(timedelta(hours=6))
        response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == buyer
    assert STAFF_LAST_SEEN_KEY not in client.session


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("12345", "too short"),
        ("kerajinan", "too short"),
        ("password123", "common"),
        ("12345678901234", "numeric"),
        ("wulandari.sari", "similar to the email"),
    ],
)
def test_register_refuses_weak_passwords_and_saves_nothing(api, password, reason):
    response = api.post(
        "/api/v1/auth/register/",
        {"email": "wulandari.sari@example.id", "password": password, "name": "Sari Wulandari"},
        format="json",
    )
    assert response.status_code == 400, reason
    assert response.json()["password"], reason
    assert User.objects.count() == 0
