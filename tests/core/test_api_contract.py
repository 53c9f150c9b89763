"""The suite-wide status check (tests/api_contract.py) can fail: it records the responses the suite gets, reports a
status the schema does not document for that operation, and turns such a report into a failed run."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests import api_contract
from tests import conftest as suite

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return api_contract.current_schema()


def test_a_status_the_schema_does_not_list_is_reported(schema):
    observed = {
        ("post", "/api/v1/checkout/", 201),
        ("post", "/api/v1/checkout/", 422),  # documented on the view
        ("post", "/api/v1/checkout/", 415),  # documented for every operation with a body
        ("post", "/api/v1/checkout/", 418),
        ("get", "/api/v1/artisans/me/", 418),  # the literal path, not artisans/{slug}/
        ("get", "/api/v1/products/tas-rotan/", 200),
        ("get", "/api/v1/products/tas-rotan/", 401),  # a public read never asks for credentials
    }

    problems = api_contract.undocumented(observed, schema)

    assert problems == {
        ("POST", "/api/v1/checkout/"): {418},
        ("GET", "/api/v1/artisans/me/"): {418},
        ("GET", "/api/v1/products/{slug}/"): {401},
    }
    assert api_contract.report(problems)[0] == "GET /api/v1/artisans/me/: answered 418, not in the schema"


def test_methods_and_routes_outside_the_schema_are_not_judged(schema):
    observed = {
        ("get", "/api/v1/notifications/read-all/", 405),
        ("get", "/api/v1/schema/", 200),
        ("get", "/api/v1/no-such-thing/", 404),
    }
    assert api_contract.undocumented(observed, schema) == {}


def test_the_suite_records_what_the_api_answers():
    response = APIClient().get(reverse("api-notifications-unread"))

    assert response.status_code in (401, 403)
    assert ("get", "/api/v1/notifications/unread-count/", response.status_code) in api_contract.seen()


def _session() -> SimpleNamespace:
    manager = SimpleNamespace(get_plugin=lambda name: None)
    return SimpleNamespace(config=SimpleNamespace(pluginmanager=manager), exitstatus=pytest.ExitCode.OK)


def test_an_undocumented_status_fails_the_run():
    fake = ("post", "/api/v1/notifications/read-all/", 418)
    session = _session()
    with api_contract._lock:
        api_contract._seen.add(fake)
    try:
        suite.pytest_sessionfinish(session, 0)
    finally:
        with api_contract._lock:
            api_contract._seen.discard(fake)

    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED


def test_a_documented_run_passes():
    session = _session()
    with api_contract._lock:
        saved = set(api_contract._seen)
        api_contract._seen.clear()
        api_contract._seen.add(("post", "/api/v1/notifications/read-all/", 200))
    try:
        suite.pytest_sessionfinish(session, 0)
    finally:
        with api_contract._lock:
            api_contract._seen.clear()
            api_contract._seen.update(saved)

    assert session.exitstatus == pytest.ExitCode.OK
