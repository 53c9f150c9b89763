"""The cost curve's table and plot, built from made-up runs at three sizes (no database, no timing)."""

from __future__ import annotations

import json

import pytest

from bench import scale


def _run(size: int, p95_category: float, p95_search: float) -> dict:
    return {
        "date": "2026-12-07T13:00:00+00:00",
        "machine": {"load_average_at_start": [4.1, 3.0, 2.2], "commit": "abc1234"},
        "database": {"seed_seconds": size / 1000},
        "server": {
            "entries": [
                {
                    "name": "category page 1, uncached",
                    "status": "ok",
                    "p50_ms": p95_category / 2,
                    "p95_ms": p95_category,
                },
                {
                    "name": "search, one word, uncached",
                    "status": "over",
                    "p50_ms": p95_search / 2,
                    "p95_ms": p95_search,
                },
                {"name": "add to cart (API)", "status": "skipped"},
            ]
        },
    }


def test_three_sizes_make_one_table_and_a_plot(tmp_path):
    for size, cat, search in ((10_000, 10.0, 20.0), (100_000, 12.0, 40.0), (1_000_000, 15.0, 90.0)):
        (tmp_path / str(size)).mkdir()
        (tmp_path / str(size) / "latest.json").write_text(json.dumps(_run(size, cat, search)))

    assert scale.main(["--from-results", "--output-dir", str(tmp_path)]) == 0

    table = (tmp_path / "scale.md").read_text()
    assert "| scenario | 10 k | 100 k | 1 M | growth |" in table
    assert "| category page 1, uncached | 5.0 / 10.0 | 6.0 / 12.0 | 7.5 / 15.0 | 1.5× |" in table
    assert "| search, one word, uncached | 10.0 / 20.0 | 20.0 / 40.0 | 45.0 / 90.0 | 4.5× |" in table
    assert "add to cart" not in table  # not measured: no row
    assert "| 1 M | 2026-12-07T13:00:00+00:00 | 1000.0 | 4.1, 3.0, 2.2 | abc1234 |" in table
    data = json.loads((tmp_path / "scale.json").read_text())
    assert data["sizes"] == [10_000, 100_000, 1_000_000]
    assert data["scenarios"]["search, one word, uncached"]["1000000"] == {"p50": 45.0, "p95": 90.0}
    assert (tmp_path / "p95_by_size.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sizes_must_be_whole_numbers():
    with pytest.raises(SystemExit):
        scale.parse_args(["--sizes", "10k"])
    assert scale.parse_args(["--sizes", "100_000,10000"]).sizes == [10_000, 100_000]
