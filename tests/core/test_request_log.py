import logging

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_one_line_per_request_without_secrets(client, caplog):
    user = UserFactory()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="craftmarket.request"):
        client.post("/api/v1/auth/token/?token=leak", {"email": user.email, "password": "sangat-rahasia-99"})
    lines = [r.getMessage() for r in caplog.records if r.name == "craftmarket.request"]
    assert len(lines) == 1
    method, path, status, duration, user_part = lines[0].split(" ")
    assert (method, path, status, user_part) == ("POST", "/api/v1/auth/token/", "400", f"user={user.pk}")
    assert duration.endswith("ms")
    assert "sangat-rahasia-99" not in caplog.text
    assert "leak" not in caplog.text


@pytest.mark.django_db
def test_anonymous_requests_log_a_dash_for_the_user(client, caplog):
    with caplog.at_level(logging.INFO, logger="craftmarket.request"):
        client.get("/healthz")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "craftmarket.request"]
    assert line.startswith("GET /healthz 200 ")
    assert line.endswith(" user=-")
