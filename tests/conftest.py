"""Suite-wide fixtures and the service markers.

``postgres``, ``redis``, ``e2e`` and ``replica`` tests skip with a clear reason when their service is not
configured, except when ``CRAFTMARKET_REQUIRE_SERVICES=1`` (CI sets it): then a missing service fails the test
instead, so that CI can never pass with those tests silently skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

REQUIRE_SERVICES = os.environ.get("CRAFTMARKET_REQUIRE_SERVICES") == "1"
API_CONTRACT = os.environ.get("CRAFTMARKET_API_CONTRACT", "on") != "off"


def pytest_configure(config: pytest.Config) -> None:
    """Record every API response of the run (tests/api_contract.py); checked against the schema at the end."""
    if API_CONTRACT:
        from tests import api_contract

        api_contract.install()


@pytest.fixture(autouse=True)
def _api_contract_exempt(request: pytest.FixtureRequest):
    """Tests marked ``api_contract_exempt`` inject a fault on purpose: their responses are not recorded."""
    if not API_CONTRACT or request.node.get_closest_marker("api_contract_exempt") is None:
        yield
        return
    from tests import api_contract

    api_contract.pause()
    try:
        yield
    finally:
        api_contract.resume()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when an API operation answered a status its schema entry does not document."""
    if not API_CONTRACT:
        return
    from tests import api_contract

    observed = api_contract.seen()
    if not observed:
        return
    lines = api_contract.report(api_contract.undocumented(observed, api_contract.current_schema()))
    if not lines:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.section("API statuses missing from the OpenAPI schema", red=True)
        for line in lines:
            reporter.line(line, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(marker: str) -> str | None:
    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if marker == "redis" and not settings.TEST_REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://…"
    if marker == "e2e" and not chromium_path():
        return "needs Chromium: apt-get install chromium"
    if marker == "replica" and (connection.vendor != "postgresql" or "replica1" not in settings.DATABASES):
        return "needs a streaming standby: scripts/replica.sh start, DATABASE_REPLICA_URLS=postgres://…:5433/…"
    return None


@pytest.fixture(autouse=True)
def _require_services(request: pytest.FixtureRequest) -> None:
    for marker in ("postgres", "redis", "e2e", "replica"):
        if request.node.get_closest_marker(marker) is None:
            continue
        reason = _missing(marker)
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"[{marker}] {reason} (CRAFTMARKET_REQUIRE_SERVICES=1 forbids skipping)")
        pytest.skip(f"[{marker}] {reason}")


def media_settings(root: Path) -> dict[str, Any]:
    """Settings that put the public and private media under ``root``."""
    return {
        "MEDIA_ROOT": root / "public",
        "PRIVATE_MEDIA_ROOT": root / "private",
        "STORAGES": {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(root / "public")},
            },
            "private": {
                "BACKEND": "craftmarket.security.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(root / "private"), "base_url": None},
            },
        },
    }


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Every test gets its own media folders and an empty cache."""
    from django.core.cache import cache

    for name, value in media_settings(tmp_path).items():
        setattr(settings, name, value)
    cache.clear()
    yield
    cache.clear()


# Request-level security suites whose outcome does not depend on the database engine (who may call what, what a
# hostile value or file gets back, which headers and cookies are set): marker ``once``, for running them on one
# engine only. Their tests that need a real service (marked postgres, redis or replica) are not ``once``.
ONCE_MODULES = frozenset(
    {
        "test_access_matrix.py",
        "test_admin_two_factor.py",
        "test_csrf.py",
        "test_headers.py",
        "test_hostile_input.py",
        "test_hostile_input_authenticated.py",
        "test_login_throttling.py",
        "test_private_documents.py",
        "test_private_media.py",
        "test_rate_limits.py",
        "test_sessions.py",
        "test_upload_endpoints.py",
        "test_upload_validation.py",
    }
)
SERVICE_MARKERS = ("postgres", "redis", "replica", "e2e", "fuzz")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main thread for the
    rest of the session, and Django refuses database calls from a thread with a running loop. Marks the ``once``
    tests (above)."""
    for item in items:
        path = Path(str(item.path))
        in_once_module = path.parent.name == "security" and path.name in ONCE_MODULES
        if in_once_module and not any(item.get_closest_marker(m) for m in SERVICE_MARKERS):
            item.add_marker(pytest.mark.once)
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(autouse=True)
def _catalog_tree_local_copy():
    """The catalogue keeps the category tree in process memory for a few seconds (issue 9): no test sees the
    previous test's tree."""
    from catalog import selectors

    selectors.category_tree_forget_local()
    yield
    selectors.category_tree_forget_local()


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request):
    """Transactional tests (live servers, races, real workers) flush every table on teardown, the rows the data
    migrations wrote included: categories, moderator groups, shipping rates and zones, origin schemes. A later test
    would then find no category. Put them back when they are missing (one query when they are there)."""
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("_django_db_helper")
    from tests.e2e.journeys.conftest import seed_reference_data

    seed_reference_data()
