"""The benchmark harness runs end to end on a tiny catalogue and writes a report of the right shape.

No timing is asserted (timings belong in bench/, never in the suite): only that every phase reports, that each
measured entry carries its figures, and that what is missing is "n/a" with a reason instead of a crash.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SERVER_FIELDS = {"p50_ms", "p95_ms", "max_ms", "queries", "iterations"}
HTTP_FIELDS = {"rps", "p95_ms", "requests", "failures"}
MACHINE_FIELDS = {"nproc", "memory_mb", "cpu", "python", "postgresql"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/postgres"


def _assert_entry(entry: dict, fields: set[str]) -> None:
    assert entry["status"] in {"ok", "n/a"}, entry
    if entry["status"] == "ok":
        assert fields <= entry.keys(), entry
        assert all(entry[f] is not None for f in fields), entry
    else:
        assert entry["reason"], entry


@pytest.mark.postgres
def test_bench_runs_on_a_tiny_catalogue_and_writes_its_report(tmp_path):
    db_name = f"craftmarket_bench_test_{os.getpid()}"
    cmd = [
        sys.executable,
        "-m",
        "bench",
        "--quick",
        "--products",
        "30",
        "--iterations",
        "2",
        "--http-seconds",
        "2",
        "--http-users",
        "2",
        "--cart-lines",
        "3",
        "--race-buyers",
        "4",
        "--race-stock",
        "2",
        "--payout-artisans",
        "20",
        "--port",
        str(_free_port()),
        "--database-url",
        _server_url(),
        "--db-name",
        db_name,
        "--output-dir",
        str(tmp_path),
    ]
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr[-3000:]

    report = json.loads((tmp_path / "latest.json").read_text())
    assert len(list(tmp_path.glob("*.json"))) == 2  # timestamped + latest
    assert report["schema"] == 1
    assert report["quick"] is True
    assert report["date"]
    assert report["machine"].keys() >= MACHINE_FIELDS
    assert report["database"]["name"] == db_name
    assert report["database"]["products_requested"] == 30

    names = [e["name"] for e in report["server"]["entries"]]
    assert names == [
        "home",
        "category page 1",
        "category page 200",
        "category page 1, uncached",
        "category page 200, uncached",
        "search, one word",
        "search, one word, uncached",
        "search, two words",
        "search, two words, uncached",
        "search, misspelling",
        "search, misspelling, uncached",
        "product page",
        "product page, fragment cache off",
        "category page 1, uncached, fragment cache off",
        "studio dashboard",
        "category page 1, EUR",
        "category page 1, EUR, uncached",
        "product page, EUR",
        "API products, EUR",
        "API products",
        "API products, filtered",
        "API products, 4 stars and up by rating",
        "add to cart (API)",
        "checkout, 3 lines over 3 artisans",
        "category page 1, wholesale filters",
        "category page 1, by unit price at 100 pcs",
        "category page 1, every card with tiers",
        "search, one word, wholesale filters",
        "search, one word, by unit price at 100 pcs",
        "wholesale checkout, 10 lines over 3 artisans",
    ]
    home = report["server"]["entries"][0]
    assert home["status"] == "ok", home  # the home page exists since the foundation
    for entry in report["server"]["entries"]:
        _assert_entry(entry, SERVER_FIELDS)
        if entry["status"] == "ok" and "page_size_queries" in entry:
            assert {"10", "50", "honoured", "equal"} <= entry["page_size_queries"].keys()
    tiered = next(e for e in report["server"]["entries"] if e["name"] == "category page 1, every card with tiers")
    if tiered["status"] == "ok":  # the bench gives the family's products tiers: every card shows its tier
        assert tiered["cards_with_tiers"]["cards"] == tiered["cards_with_tiers"]["with_tiers"] > 0, tiered
    for entry in report["http"]["entries"]:
        _assert_entry(entry, HTTP_FIELDS)
    assert [e["name"] for e in report["http"]["entries"]] == [  # quick: no home
        "product list",
        "product page",
        "product page, 2 workers, fragment cache on",
        "product page, 2 workers, fragment cache off",
    ]
    product = next(e for e in report["server"]["entries"] if e["name"] == "product page")
    assert product.get("budget_p50_ms") == 8 and product["budget_p95_ms"] == 15  # issue 21's budgets
    assert any(b["budget"] == "product page: p50 ≤ 8 ms" for b in report["budgets"])
    _assert_entry(report["renditions"], {"seconds_per_image", "renditions_per_image", "renditions_per_second"})
    _assert_entry(report["race"], {"succeeded", "refused", "errors", "final_stock", "exact"})
    _assert_entry(report["payouts"], {"artisans", "payouts", "run_seconds", "run_queries", "exact"})
    assert {b["met"] for b in report["budgets"]} <= {True, False, None}

    # The harness drops the database it made.
    conn = psycopg2.connect(_server_url())
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [db_name])
            assert cur.fetchone()[0] == 0
    finally:
        conn.close()
