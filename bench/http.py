"""Over HTTP: gunicorn (4 workers) on 127.0.0.1 under a bounded, headless locust load.

Only 127.0.0.1 is ever targeted. Both processes are bounded in time and always stopped (terminate, then kill).
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.report import LIST_RPS

HOST = "127.0.0.1"


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex((HOST, port)) != 0


def _wait_ready(base: str, proc: subprocess.Popen, timeout: float = 30) -> str | None:
    """Wait until gunicorn answers anything at all; return a reason if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return f"gunicorn exited with {proc.returncode}"
        try:
            with urllib.request.urlopen(base + "/", timeout=5):  # noqa: S310 - always http://127.0.0.1
                return None
        except urllib.error.HTTPError:
            return None
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    return f"gunicorn did not answer within {timeout:.0f} s"


def _stop(proc: subprocess.Popen | None, grace: float = 10) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)


def _read_stats(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("Name") == "Aggregated":
                return row
    return None


def _num(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def _warm(base: str, paths: list[str], rounds: int = 3) -> None:
    """A few requests per path before the load, so that each worker has connected and compiled its templates."""
    for _ in range(rounds):
        for path in paths[:10]:
            try:
                with urllib.request.urlopen(base + path, timeout=10):  # noqa: S310 - always http://127.0.0.1
                    pass
            except (urllib.error.URLError, OSError):
                pass


def _locust(
    *, name: str, paths: list[str], base: str, env: dict[str, str], root: Path, workdir: Path, seconds: int, users: int
) -> dict[str, Any]:
    prefix = workdir / f"locust-{name.replace(' ', '-')}"
    locust = Path(sys.executable).with_name("locust")
    cmd = [
        str(locust) if locust.exists() else "locust",
        "-f",
        str(root / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "-u",
        str(users),
        "-r",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
    ]
    lenv = {**env, "BENCH_PATHS": "\n".join(paths)}
    proc = subprocess.Popen(
        cmd, cwd=root, env=lenv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, err = proc.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        _stop(proc)
        return {"name": name, "status": "n/a", "reason": "locust did not stop in time"}
    finally:
        _stop(proc)
    row = _read_stats(Path(f"{prefix}_stats.csv"))
    if row is None:
        return {"name": name, "status": "n/a", "reason": f"locust wrote no statistics: {(err or '').strip()[-300:]}"}
    requests = int(_num(row.get("Request Count")) or 0)
    failures = int(_num(row.get("Failure Count")) or 0)
    entry: dict[str, Any] = {
        "name": name,
        "paths": paths[:3],
        "users": users,
        "seconds": seconds,
        "requests": requests,
        "failures": failures,
        "rps": _num(row.get("Requests/s")),
        "p50_ms": _num(row.get("50%")),
        "p95_ms": _num(row.get("95%")),
        "max_ms": _num(row.get("Max Response Time")),
        "status": "ok",
    }
    if requests == 0:
        entry.update(status="n/a", reason="no request completed")
    elif failures > requests / 2:
        entry.update(status="n/a", reason=f"{failures} of {requests} requests failed")
    return entry


@contextlib.contextmanager
def _gunicorn(*, env: dict[str, str], root: Path, workdir: Path, port: int, workers: int, label: str):
    """gunicorn with ``workers`` sync workers on 127.0.0.1:``port``; yields its base URL, or a reason it failed."""
    base = f"http://{HOST}:{port}"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn) if gunicorn.exists() else "gunicorn",
        "craftmarket.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    log = (workdir / f"gunicorn-{label}.log").open("w")
    proc = None
    try:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=log, start_new_session=True)
        reason = _wait_ready(base, proc)
        yield (None, reason) if reason else (base, None)
    finally:
        _stop(proc)
        log.close()


def run_http(
    *,
    env: dict[str, str],
    root: Path,
    workdir: Path,
    port: int,
    targets: dict[str, list[str]],
    seconds: int,
    users: int,
    reference: bool = True,
) -> dict[str, Any]:
    """Load the product list and a product page; return requests/s and p95 for each.

    ``reference`` adds a short run on the home page (no query): the ceiling of the stack on this machine. Then the
    product page again with 2 workers, the fragment cache on and off (``CATALOG_FRAGMENT_CACHE``): what one
    small server serves when the product page's body is cached, and when every request builds it.
    """
    wanted = [("product list", LIST_RPS), ("product page", None)] + ([("home", None)] if reference else [])
    if not targets:
        return {"status": "n/a", "reason": "the server phase found no page to load", "entries": []}
    if not _port_free(port):
        return {"status": "n/a", "reason": f"port {port} on {HOST} is already in use", "entries": []}
    entries: list[dict[str, Any]] = []

    def load(name: str, paths: list[str], base: str, run_for: int) -> dict[str, Any]:
        _warm(base, paths)
        return _locust(
            name=name, paths=paths, base=base, env=env, root=root, workdir=workdir, seconds=run_for, users=users
        )

    with _gunicorn(env=env, root=root, workdir=workdir, port=port, workers=4, label="4") as (base, reason):
        if reason:
            return {"status": "n/a", "reason": reason, "entries": []}
        for name, budget in wanted:
            paths = targets.get(name) or []
            if not paths:
                entries.append({"name": name, "status": "n/a", "reason": "not available yet", "budget_rps": budget})
                continue
            run_for = seconds if name != "home" else max(2, seconds // 3)  # home is only a reference
            entry = load(name, paths, base, run_for)
            entry["budget_rps"] = budget
            entries.append(entry)
    product_paths = targets.get("product page") or []
    for flag, label in (("1", "on"), ("0", "off")):
        name = f"product page, 2 workers, fragment cache {label}"
        if not product_paths:
            entries.append({"name": name, "status": "n/a", "reason": "no product page to load", "budget_rps": None})
            continue
        small_env = {**env, "CATALOG_FRAGMENT_CACHE": flag}
        with _gunicorn(env=small_env, root=root, workdir=workdir, port=port, workers=2, label=f"2-{label}") as (
            base,
            reason,
        ):
            if reason:
                entries.append({"name": name, "status": "n/a", "reason": reason, "budget_rps": None})
                continue
            entry = load(name, product_paths, base, seconds)
            entry.update(budget_rps=None, workers=2)
            entries.append(entry)
    return {"status": "ok", "workers": 4, "host": HOST, "port": port, "entries": entries}
