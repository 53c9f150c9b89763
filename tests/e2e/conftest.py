"""Browser-test harness: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

- Chromium comes from the system (``/usr/bin/chromium`` or ``CHROMIUM_PATH``); Playwright never downloads one.
- ``phone`` (390×844, touch) and ``desktop`` (1366×900) fixtures give a :class:`Probe`: ``probe.page`` is the
  Playwright page, ``probe.url("/path")`` the live server URL, and the probe collects console errors, page
  errors and CSP violations (``probe.assert_clean()``).
- A failing test leaves a full-page screenshot and the page HTML of each of its pages in ``test-artifacts/``.
- The pages run under the real CSP (no 'unsafe-eval'): wait with ``expect(locator)`` or ``wait_for_selector``,
  not ``page.wait_for_function("…")``, whose polling may need eval in the page and then fails at random.
- Every test here is marked ``e2e`` (skipped without Chromium unless ``CRAFTMARKET_REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import chromium_path

ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
CSP_LISTENER = Path(__file__).with_name("csp_listener.js")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}, "device_scale_factor": 1}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[Any]:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[Any]:
    """Playwright's sync API keeps an event loop in this thread, and Django's ORM refuses to run beside one.

    Allowed around each browser test (setup, call and teardown, where the database is flushed), never for the
    whole process: `check --deploy` (tests/core) rightly fails when DJANGO_ALLOW_ASYNC_UNSAFE is set.
    """
    if not Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
        return (yield)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """pytest-playwright's launch options: the system Chromium, headless, never a downloaded browser."""
    path = chromium_path()
    if not path:
        pytest.skip("needs Chromium: apt-get install chromium")
    return {"executable_path": path, "headless": True, "args": CHROMIUM_ARGS}


@dataclass
class Probe:
    """One browser page plus what it reported: console errors, uncaught errors, CSP violations."""

    page: Any
    base_url: str
    name: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict[str, Any]] = field(default_factory=list)

    def url(self, path: str = "/") -> str:
        return self.base_url.rstrip("/") + path

    def goto(self, path: str = "/", **kwargs: Any) -> Any:
        return self.page.goto(self.url(path), **kwargs)

    def csp_console_messages(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m]

    def assert_no_csp_violations(self) -> None:
        assert self.csp_violations == [], f"CSP violations on {self.name}: {self.csp_violations}"
        assert self.csp_console_messages() == [], f"CSP console errors on {self.name}: {self.csp_console_messages()}"

    def assert_clean(self) -> None:
        """No CSP violation, no console error, no uncaught script error since the page opened."""
        self.assert_no_csp_violations()
        assert self.console_errors == [], f"console errors on {self.name}: {self.console_errors}"
        assert self.page_errors == [], f"page errors on {self.name}: {self.page_errors}"

    def reset(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.csp_violations.clear()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:150]


def save_artifacts(probe: Probe, test_name: str) -> list[Path]:
    """Full-page screenshot and HTML of the probe's page under test-artifacts/; returns the written paths."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / f"{_slug(test_name)}-{probe.name}"
    written = []
    try:
        probe.page.screenshot(path=f"{stem}.png", full_page=True)
        written.append(Path(f"{stem}.png"))
    except Exception as exc:  # the page may be gone; the HTML may still be there
        Path(f"{stem}.screenshot-error.txt").write_text(repr(exc))
    try:
        Path(f"{stem}.html").write_text(probe.page.content(), encoding="utf-8")
        written.append(Path(f"{stem}.html"))
    except Exception as exc:
        Path(f"{stem}.html-error.txt").write_text(repr(exc))
    return written


@pytest.fixture
def open_probe(
    request: pytest.FixtureRequest, live_server: Any, transactional_db: None, browser: Any
) -> Iterator[Callable[..., Probe]]:
    """Factory: ``open_probe("phone", **context_options)`` opens a fresh context and page on the live server."""
    probes: list[tuple[Probe, Any]] = []

    def _open(name: str, **options: Any) -> Probe:
        context = browser.new_context(base_url=live_server.url, locale="id-ID", **options)
        probe = Probe(page=None, base_url=live_server.url, name=name)
        context.expose_binding("__cmReportCsp", lambda source, violation: probe.csp_violations.append(violation))
        context.add_init_script(path=str(CSP_LISTENER))
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda msg: probe.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: probe.page_errors.append(str(exc)))
        probe.page = page
        probes.append((probe, context))
        return probe

    yield _open

    failed = any(
        getattr(request.node, f"rep_{when}", None) and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    for probe, context in probes:
        if failed:
            save_artifacts(probe, request.node.nodeid)
        context.close()


@pytest.fixture
def phone(open_probe: Callable[..., Probe]) -> Probe:
    return open_probe("phone", **PHONE)


@pytest.fixture
def desktop(open_probe: Callable[..., Probe]) -> Probe:
    return open_probe("desktop", **DESKTOP)
