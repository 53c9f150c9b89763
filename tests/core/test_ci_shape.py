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
    assert "SERVICES_ENV" not in sqlite
    assert "-m 'not e2e and not fuzz'" in sqlite  # everything but what needs Chromium or runs in the services pass


def test_the_services_pass_requires_every_service():
    services = _pass_lines("services")
    assert "SERVICES_ENV" in services and "CHROMIUM_PATH" in services
    block = CI.split("SERVICES_ENV=(", 1)[1].split(")", 1)[0]
    assert "CRAFTMARKET_REQUIRE_SERVICES=1" in block and "DATABASE_REPLICA_URLS=" in block


def test_together_the_passes_run_every_test_and_each_service_test_where_its_service_is():
    """sqlite: not e2e and not fuzz; services: postgres, redis, replica, e2e and fuzz. So every test runs, and every
    test that needs a service or a browser runs in the services pass, where nothing may skip."""
    services = _pass_lines("services")
    assert "-m 'postgres or redis or replica or e2e or fuzz'" in services
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    markers = {m.split(":")[0] for m in options["markers"]}
    assert {"postgres", "redis", "replica", "e2e", "fuzz"} <= markers


def test_both_passes_run_at_once_and_either_failing_fails_ci():
    assert _pass_lines("sqlite").rstrip().endswith("&") and _pass_lines("services").rstrip().endswith("&")
    assert 'wait "${sqlite_pid}"' in CI and 'wait "${services_pid}"' in CI
    assert CI.rstrip().splitlines()[-1] == '[ "${sqlite_status}" -eq 0 ] && [ "${services_status}" -eq 0 ]'


def test_make_test_runs_the_whole_suite():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert recipe.strip().splitlines()[-1].strip() == "$(BIN)/python -m pytest $(PYTEST_ARGS)"
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert " -m " not in f" {options['addopts']} "
    assert options["testpaths"] == ["tests"]
