"""The benchmark's arithmetic and report: percentiles, budgets with verdicts, the table and the README block.

Pure functions on made-up results; no database, no timing.
"""

from __future__ import annotations

from bench import readme, report
from bench.phase import percentile, summary
from bench.scenarios import search_words


def _result(**overrides):
    result = {
        "date": "2026-11-29T09:00:00+00:00",
        "quick": True,
        "machine": {"nproc": 2, "cpu": "Test CPU", "memory_mb": 4096, "python": "3.13", "postgresql": "15"},
        "database": {"products_public": 10, "products_requested": 10},
        "server": {
            "entries": [
                {
                    "name": "home",
                    "status": "ok",
                    "p50_ms": 5.0,
                    "p95_ms": 20.0,
                    "max_ms": 30.0,
                    "queries": 2,
                    "budget_p95_ms": 100,
                },
                {
                    "name": "category page 1",
                    "status": "ok",
                    "p50_ms": 90.0,
                    "p95_ms": 120.0,
                    "max_ms": 130.0,
                    "queries": 3,
                    "budget_p95_ms": 100,
                    "page_size_queries": {"10": 3, "50": 4, "honoured": True, "equal": False},
                },
                {
                    "name": "checkout, 10 lines over 3 artisans",
                    "status": "n/a",
                    "reason": "not available yet",
                    "budget_p95_ms": 150,
                },
            ]
        },
        "http": {
            "entries": [
                {"name": "product list", "status": "ok", "rps": 250.0, "p95_ms": 40.0, "failures": 0, "budget_rps": 200}
            ]
        },
        "renditions": {
            "status": "ok",
            "seconds_per_rendition": 0.7,
            "seconds_per_image": 4.2,
            "renditions_per_image": 6,
            "renditions_per_second": 1.4,
        },
        "race": {"status": "ok", "exact": True, "summary": "10 sold of 10 in stock to 50 buyers"},
        "notes": [],
    }
    result.update(overrides)
    return result


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.95) == 19.0
    assert percentile(values, 0.5) == 10.0
    assert percentile([7.0], 0.95) == 7.0
    assert summary([1.0, 2.0, 3.0, 4.0]) == {"p50_ms": 2.5, "p95_ms": 4.0, "max_ms": 4.0, "iterations": 4}


def test_budgets_are_met_not_met_or_not_measured():
    verdicts = {b["budget"]: b["met"] for b in report.budgets(_result())}
    assert verdicts == {
        "home: p95 ≤ 100 ms": True,
        "category page 1: p95 ≤ 100 ms": False,
        "category page 1: same queries at page size 10 and 50": False,
        "checkout, 10 lines over 3 artisans: p95 ≤ 150 ms": None,
        "HTTP product list: ≥ 200 req/s": True,
        "24 MP rendition: ≤ 0.5 s each": False,
        "50-buyer race sells exactly the stock": True,
        "weekly payout run: ≤ 60 s, one exact payout per artisan": None,  # not in this result
    }


def test_the_payout_run_budget_needs_exact_payouts_within_a_minute():
    name = "weekly payout run: ≤ 60 s, one exact payout per artisan"
    verdict = {
        (seconds, exact): {b["budget"]: b["met"] for b in report.budgets(
            _result(payouts={"status": "ok", "run_seconds": seconds, "exact": exact, "summary": "…"})
        )}[name]
        for seconds, exact in ((36.4, True), (61.0, True), (10.0, False))
    }  # fmt: skip
    assert verdict == {(36.4, True): True, (61.0, True): False, (10.0, False): False}


def test_missing_phases_are_reported_not_met_or_crashing():
    result = _result(
        http={"status": "n/a", "reason": "port 8117 on 127.0.0.1 is already in use", "entries": []},
        renditions={"status": "n/a", "reason": "no pipeline"},
        race={"status": "skipped"},
    )
    rows = {b["budget"]: b for b in report.budgets(result)}
    assert rows["HTTP product list: ≥ 200 req/s"]["met"] is None
    assert rows["HTTP product list: ≥ 200 req/s"]["reason"] == "port 8117 on 127.0.0.1 is already in use"
    assert rows["24 MP rendition: ≤ 0.5 s each"]["met"] is None
    assert rows["50-buyer race sells exactly the stock"]["met"] is None
    result["budgets"] = report.budgets(result)
    text = report.table(result)
    assert "checkout, 10 lines over 3 artisans     n/a: not available yet" in text
    assert "NOT MET  category page 1: p95 ≤ 100 ms: 120.0 ms" in text


def test_readme_block_is_replaced_with_the_latest_table(tmp_path):
    path = tmp_path / "README.md"
    path.write_text(f"# X\n\n## Benchmarks\n\n{readme.START}\nstale figures\n{readme.END}\n\n## After\n")
    result = _result()
    result["budgets"] = report.budgets(result)
    assert readme.update(path, result) is True
    text = path.read_text()
    assert "stale figures" not in text
    assert "| home | 5.0 | 20.0 | 30.0 | 2 |  |" in text
    assert "| category page 1: p95 ≤ 100 ms | 120.0 ms | NOT MET |" in text
    assert "2026-11-29T09:00:00+00:00" in text and "Test CPU" in text
    assert text.endswith(f"{readme.END}\n\n## After\n")


def test_search_words_come_from_names_with_a_misspelling():
    words = search_words(["Tas Anyaman Rotan", "Keranjang anyaman rotan", "Anyaman pandan"])
    assert words == {"one_word": "anyaman", "two_words": "anyaman rotan", "misspelling": "anyamn rotan"}
