"""Hostile values on every endpoint of this round: 400 with a message (or 415 for a foreign media type), never a
500, and nothing written."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

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
    needs_world,
    query_cases,
)

pytestmark = pytest.mark.django_db

# The anonymous endpoints without objects in their path; the others run in test_hostile_input_authenticated.py.
ANONYMOUS = [e for e in ENDPOINTS if not needs_world(e)]


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 must show up as a status, so the assertion names it
    return client


@pytest.mark.parametrize(("endpoint", "case"), list(body_cases(ANONYMOUS)), ids=case_id)
def test_hostile_field_values_are_refused_with_a_message(client, endpoint, case):
    users_before = User.objects.count()
    response = getattr(client, endpoint.method)(
        endpoint.path, hostile_body(endpoint, case), content_type="application/json"
    )
    assert_clean_refusal(response, may_succeed=case.may_succeed)
    if response.status_code >= 400:
        assert User.objects.count() == users_before


@pytest.mark.parametrize("endpoint", ANONYMOUS, ids=lambda e: e.name)
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


BROWSER_FORMS = [
    ("/accounts/login/", {"username": "sari@example.id", "password": "anyaman-bambu-2026"}),
    ("/admin/login/", {"username": "sari@example.id", "password": "anyaman-bambu-2026"}),
    ("/i18n/setlang/", {"language": "en", "next": "/"}),
]


@pytest.mark.parametrize(("path", "form"), BROWSER_FORMS, ids=[f[0] for f in BROWSER_FORMS])
@pytest.mark.parametrize("value", ["a\x00b", "x" * 10_000, str(2**63)], ids=["nul", "long", "int"])
def test_browser_forms_answer_hostile_values_with_a_page_not_a_500(client, path, form, value):
    for name in form:
        response = client.post(path, {**form, name: value})
        assert response.status_code in (200, 302, 400), (name, response.status_code)
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("path", "form"), BROWSER_FORMS, ids=[f[0] for f in BROWSER_FORMS])
@pytest.mark.parametrize(
    ("body_id", "body", "content_type"),
    [b for b in MALFORMED_BODIES if b[0].startswith(("multipart", "urlencoded"))],
    ids=[b[0] for b in MALFORMED_BODIES if b[0].startswith(("multipart", "urlencoded"))],
)
def test_browser_forms_refuse_malformed_bodies_cleanly(client, path, form, body_id, body, content_type):
    response = client.generic("POST", path, body, content_type=content_type)
    assert response.status_code in (200, 302, 400, 403), response.status_code
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("axes_on")
@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_REFERER"])
@pytest.mark.parametrize(
    ("path", "data", "content_type"),
    [
        ("/accounts/login/", {"username": "sari@example.id", "password": "salah"}, None),
        ("/api/v1/auth/token/", {"email": "sari@example.id", "password": "salah"}, "application/json"),
    ],
    ids=["browser", "api"],
)
def test_nul_in_a_header_of_a_failed_login_is_400_not_a_crash_of_the_attempt_log(
    client, header, path, data, content_type
):
    kwargs = {"content_type": content_type} if content_type else {}
    response = client.post(path, data, **kwargs, **{header: "Mozilla\x005.0"})
    assert response.status_code == 400
    if content_type:
        assert response.json()["detail"] == gettext("The request contains a NUL byte.")
    else:
        assert gettext("The request contains a NUL byte.").encode() in response.content


@pytest.mark.parametrize("path", ["/?q=%00", "/api/v1/schema/?lang=%00", "/healthz?x=a%00b"])
def test_nul_in_the_query_string_is_400(client, path):
    assert client.get(path).status_code == 400
