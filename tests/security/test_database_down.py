"""The database connection drops mid-request: a clean 503 (JSON for the API, a page for browsers) and no
half-written rows."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError, connection
from django.utils.translation import gettext

from artisans.models import User
from tests.factories import PASSWORD, UserFactory


@contextmanager
def connection_drops(after: str, error: type[Exception] = OperationalError):
    """The first statement containing ``after`` reaches the server, then the connection is gone."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if after in sql:
            raise error("server closed the connection unexpectedly")
        return result

    with connection.execute_wrapper(wrapper):
        yield


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_api_write_interrupted_by_a_dropped_connection_is_503_and_writes_nothing(client, error):
    with connection_drops('INSERT INTO "artisans_user"', error):
        response = client.post(
            "/api/v1/auth/register/",
            {"email": "sari@example.id", "password": "anyaman-bambu-2026", "name": "Sari"},
            content_type="application/json",
        )

    assert response.status_code == 503
    assert response.json() == {
        "detail": gettext("The service is temporarily unavailable. Please try again in a moment."),
        "code": "service_unavailable",
    }
    assert response["Retry-After"] == "30"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert User.objects.count() == 0  # the INSERT had run: the transaction rolled it back


@pytest.mark.django_db(transaction=True)
def test_browser_request_interrupted_by_a_dropped_connection_is_a_503_page(client):
    user = UserFactory(email="sari@example.id")
    with connection_drops('FROM "artisans_user"'):
        response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert gettext("Temporarily unavailable").encode() in response.content
    assert "Content-Security-Policy" in response
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.api_contract_exempt  # the 500 of an injected programming error is the point of the test
def test_other_errors_are_not_disguised_as_503(client, monkeypatch):
    from artisans import services

    def boom(**kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(services, "user_register", boom)
    client.raise_request_exception = False
    response = client.post(
        "/api/v1/auth/register/",
        {"email": "sari@example.id", "password": "anyaman-bambu-2026", "name": "Sari"},
        content_type="application/json",
    )
    assert response.status_code == 500


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("path", "json_expected"), [("/", False), ("/api/v1/products/", True)], ids=["page", "api"])
def test_an_outage_while_the_session_is_saved_after_the_view_is_a_503_too(client, staff, path, json_expected):
    """The view has answered; the session middleware then saves the staff member's last-seen time and the
    connection is gone. Django calls that a 400 (SessionInterrupted); it is an outage, so a 503."""
    client.force_login(staff)
    client.raise_request_exception = False
    with connection_drops('UPDATE "django_session"'):
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    message = gettext("The service is temporarily unavailable. Please try again in a moment.")
    if json_expected:
        assert response.json() == {"detail": message, "code": "service_unavailable"}
    else:
        assert gettext("Temporarily unavailable").encode() in response.content
        assert message.encode() in response.content


@pytest.mark.django_db(transaction=True)
def test_an_outage_while_a_new_session_is_stored_is_a_503(client):
    """An anonymous visitor's first cart names itself in a new session, inserted after the view: a 500 for Django,
    handled by handler500, which answers with the 503."""
    client.raise_request_exception = False
    with connection_drops('INSERT INTO "django_session"'):
        response = client.post("/cart/add/", {"quantity": "1"})
    assert response.status_code == 503
    assert gettext("Temporarily unavailable").encode() in response.content
    assert Session.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_outage_while_a_middleware_loads_the_user_is_a_503(client, staff):
    client.force_login(staff)
    client.raise_request_exception = False
    with connection_drops('FROM "artisans_user"'):
        response = client.get("/")
    assert response.status_code == 503
    assert gettext("Temporarily unavailable").encode() in response.content
