"""The API contract: drf-spectacular validates its schema without a warning, and Schemathesis fuzzes every
documented operation (as a buyer; with FUZZ_ROLES=all also as an artisan, anonymous and as a Dekranas moderator)
and finds no server error and no response that breaks the schema. New endpoints are picked up from the schema
automatically."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, seed, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ArtisanFactory, UserFactory

SEED = 20261129
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
# Examples per operation and role: 3 in CI (the seed is fixed: the same examples each run), where 4 roles × 5
# examples took 8 minutes of a 20-minute budget; a deeper run before a release:
# FUZZ_ROLES=all FUZZ_EXAMPLES=100 make test PYTEST_ARGS="-m fuzz".
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3")),
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def test_spectacular_validates_the_schema_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")


@pytest.fixture(autouse=True)
def _in_process_wsgi(db):
    """Like Django's test client: a request's start and end must not close the connection that holds the test
    transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Roles fuzzed: the buyer (every operation, as a signed-in user) by default; the artisan, the anonymous visitor and
# the moderator too with FUZZ_ROLES=all (or a comma list). Who may call what is proven for every operation and role
# by the access matrix and the hostile-input suites on each run; each fuzzed role costs CI about two minutes.
ROLES = {"anonymous", "buyer", "artisan", "moderator"}
_asked = os.environ.get("FUZZ_ROLES", "buyer")
FUZZ_ROLES = ROLES if _asked == "all" else {r.strip() for r in _asked.split(",")} & ROLES


def fuzzed(role: str):
    return pytest.mark.skipif(role not in FUZZ_ROLES, reason=f"FUZZ_ROLES leaves out {role} (FUZZ_ROLES=all adds it)")


# Loaded at collection time (the schema view touches no database), so each operation is its own test item and a new
# endpoint is a new item without any change here. (`schemathesis.pytest.from_fixture` would load it lazily, but
# 4.32 reads a pytest-internal attribute that pytest 9 no longer has.)
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.mark.fuzz
@fuzzed("anonymous")
@schema.parametrize()
@seed(SEED)
@FUZZ
def test_api_fuzzing_as_anonymous(case):
    cache.clear()  # the auth rate limit would otherwise turn most examples into 429s
    case.call_and_validate(checks=CHECKS)


@pytest.mark.fuzz
@fuzzed("buyer")
@schema.parametrize()
@seed(SEED)
@FUZZ
def test_api_fuzzing_as_a_buyer(case, buyer_token):
    cache.clear()
    case.call_and_validate(headers={"Authorization": f"Token {buyer_token}"}, checks=CHECKS)


@pytest.fixture
def artisan_token(db) -> str:
    return Token.objects.create(user=ArtisanFactory().user).key


@pytest.fixture
def moderator_token(db) -> str:
    moderator = UserFactory(email="dekranas@dekranas.id", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Dekranas moderator"))
    return Token.objects.create(user=moderator).key


@pytest.mark.fuzz
@fuzzed("artisan")
@schema.parametrize()
@seed(SEED)
@FUZZ
def test_api_fuzzing_as_an_artisan(case, artisan_token):
    cache.clear()
    case.call_and_validate(headers={"Authorization": f"Token {artisan_token}"}, checks=CHECKS)


@pytest.mark.fuzz
@fuzzed("moderator")
@schema.parametrize()
@seed(SEED)
@FUZZ
def test_api_fuzzing_as_a_moderator(case, moderator_token):
    cache.clear()
    case.call_and_validate(headers={"Authorization": f"Token {moderator_token}"}, checks=CHECKS)
