"""Hostile values on every endpoint of this round: 400 with a message (or 415 for a foreign media type), never a
500, and nothing written."""

from __future__ import annotations

import pytest

from artisans.models import User
from tests.security.hostile import (
    ENDPOINTS,
    GET_ENDPOINTS,
    HOSTILE_PATHS,
    MALFORMED_ALLOWED,
    MALFORMED_BODIES,
    assert_clean_refusal,
    body_cases,
    case_id,
    hostile_body,
    hostile_query,
    query_cases,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 must show up as a status, so the assertion names it
    return client


@pytest.mark.parametrize(("endpoint", "case"), list(body_cases(ENDPOINTS)), ids=case_id)
def test_hostile_field_values_are_refused_with_a_message(client, endpoint, case):
    users_before = User.objects.count()
    response = getattr(client, endpoint.method)(
        endpoint.path, hostile_body(endpoint, case), content_type="application/json"
    )
    assert_clean_refusal(response, may_succeed=case.may_succeed)
    if response.status_code >= 400:
        assert User.objects.count() == users_before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize(("body_id", "body", "content_type"), MALFORMED_BODIES, ids=[b[0] for b in MALFORMED_BODIES])
def test_malformed_bodies_are_refused_with_a_message(client, endpoint, body_id, body, content_type):
    response = client.generic(endpoint.method.upper(), endpoint.path, body, content_type=content_type)
    assert_clean_refusal(response, allowed=MALFORMED_ALLOWED)
    assert User.objects.count() == 0


@pytest.mark.parametrize(("endpoint", "case"), list(query_cases(GET_ENDPOINTS)), ids=case_id)
def test_hostile_query_values_never_break_a_page(client, endpoint, case):
    response = client.get(endpoint.path, hostile_query(endpoint, case))
    assert response.status_code < 500


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=lambda p: p[:40])
def test_hostile_paths_are_404_not_500(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    if path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("header", ["HTTP_ACCEPT_LANGUAGE", "HTTP_USER_AGENT", "HTTP_X_FORWARDED_FOR", "HTTP_COOKIE"])
def test_hostile_headers_never_break_a_page(client, header):
    for value in ("\x00", "x" * 10_000, "id;q=\x00,en;q=99999999999999999999"):
        assert client.get("/", **{header: value}).status_code < 500
        assert (
            client.post("/api/v1/auth/token/", {}, content_type="application/json", **{header: value}).status_code < 500
        )
