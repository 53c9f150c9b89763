"""CI runs the suite the way a fresh machine does as well as against the real services (issue 14).

The fresh-machine path (SQLite, eager Celery, no CRAFTMARKET_REQUIRE_SERVICES) once failed while CI stayed green,
because CI only ran with PostgreSQL. These checks keep both passes in ``.ci/run`` and keep ``make test`` the whole
suite.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CI = (ROOT / ".ci" / "run").read_text()


def _pass_lines(marker: str) -> str:
    """The command (with its continuation lines) that writes ``<marker>.log``."""
    commands = re.split(r"(?<!\\)\n", CI)
    found = [c for c in commands if f"/{marker}.log" in c and "make test" in c and "printf" not in c]
    assert len(found) == 1, f"one `make test` writing {marker}.log"
    return found[0]


def test_ci_script_is_valid_bash():
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    subprocess.run([bash, "-n", str(ROOT / ".ci" / "run")], check=True)


def test_the_sqlite_pass_runs_without_any_service_variable():
    sqlite = _pass_lines("sqlite")
    for name in ("DATABASE_URL", "REDIS_URL", "CRAFTMARKET_REQUIRE_SERVICES"):
        assert f"-u {name}" in sqlite, f"the sqlite pass must unset {name}"
    assert "SERVICES_ENV" not in sqlite and "BROWSER_ENV" not in sqlite
    assert "-m 'not e2e and not fuzz'" in sqlite  # browser tests and fuzzing need the services


def _env_block(name: str) -> str:
    return CI.split(f"{name}=(", 1)[1].split(")", 1)[0]


def test_the_services_and_browser_passes_require_every_service():
    services, browser = _pass_lines("services"), _pass_lines("browser")
    assert "SERVICES_ENV" in services and "BROWSER_ENV" in browser and "CHROMIUM_PATH" in browser
    for block in (_env_block("SERVICES_ENV"), _env_block("BROWSER_ENV")):
        assert "CRAFTMARKET_REQUIRE_SERVICES=1" in block and "DATABASE_URL=" in block and "REDIS_URL=" in block
    assert "DATABASE_REPLICA_URLS=" in _env_block("SERVICES_ENV")
    # Their own databases and Redis databases: neither flushes the other's rows or queues.
    for name in ("DATABASE_URL=", "REDIS_URL="):
        assert (
            _env_block("SERVICES_ENV").split(name, 1)[1].split()[0]
            != (_env_block("BROWSER_ENV").split(name, 1)[1].split()[0])
        )


def test_together_the_passes_run_every_test_and_only_once_tests_skip_postgresql():
    """services: not once and not e2e; sqlite: not e2e and not fuzz (the once tests included); browser: e2e. So
    every test runs, and every test but the engine-independent ``once`` ones runs on PostgreSQL."""
    assert "-m 'not once and not e2e'" in _pass_lines("services")
    assert "-m 'not e2e and not fuzz'" in _pass_lines("sqlite")
    assert "-m e2e " in _pass_lines("browser")
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("once:") for m in options["markers"])


def test_the_passes_run_at_once_and_any_failing_fails_ci():
    assert _pass_lines("services").rstrip().endswith("&")
    assert 'wait "${sqlite_pid}"' in CI and 'wait "${services_pid}"' in CI
    assert CI.rstrip().splitlines()[-1] == (
        '[ "${sqlite_status}" -eq 0 ] && [ "${browser_status}" -eq 0 ] && [ "${services_status}" -eq 0 ]'
    )


def test_make_test_runs_the_whole_suite():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert recipe.strip().splitlines()[-1].strip() == "$(BIN)/python -m pytest $(PYTEST_ARGS)"
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert " -m " not in f" {options['addopts']} "
    assert options["testpaths"] == ["tests"]
