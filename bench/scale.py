"""The cost curve: the server-side benchmark at several catalogue sizes.

    python -m bench.scale --sizes 10000,100000,1000000      (the Makefile: make bench SCALE=10000,100000,1000000)
    python -m bench.scale --from-results                    (rebuild the table and plot from the runs on disk)

Each size is one ordinary benchmark run (``python -m bench --products N``, server scenarios only: the HTTP,
rendition, race and payout phases do not depend on the catalogue's size) written to
``bench/results/scale/<N>/latest.json``. Then one table of p50/p95 per scenario and size goes to
``bench/results/scale/scale.md`` (and ``scale.json``), and a plot of p95 against catalogue size per scenario to
``bench/results/scale/p95_by_size.png``, so that the growth of each cost is visible. Timings on a shared machine
are noisy: the load average at the start of each run is in the table.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench import report, run

OUT = run.RESULTS / "scale"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
SKIP = ("http", "renditions", "race", "payouts")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES), help="catalogue sizes, comma-separated")
    p.add_argument("--iterations", type=int, default=None, help="measured requests per scenario (bench default)")
    p.add_argument("--db-name", default="craftmarket_bench_scale", help="benchmark database (dropped and created)")
    p.add_argument("--output-dir", type=Path, default=OUT)
    p.add_argument("--from-results", action="store_true", help="do not run: build the table and plot from disk")
    args = p.parse_args(argv)
    try:
        args.sizes = sorted({int(s) for s in args.sizes.replace("_", "").split(",") if s.strip()})
    except ValueError:
        p.error("--sizes takes whole numbers separated by commas, e.g. 10000,100000,1000000")
    if not args.sizes or min(args.sizes) < 1:
        p.error("--sizes needs at least one positive size")
    return args


def collect(directory: Path, sizes: list[int]) -> dict[int, dict[str, Any]]:
    found = {}
    for size in sizes:
        path = directory / str(size) / "latest.json"
        if path.exists():
            found[size] = json.loads(path.read_text())
    return found


def curve(results: dict[int, dict[str, Any]]) -> dict[str, dict[int, dict[str, float | None]]]:
    """scenario -> size -> {p50, p95}, in the order the scenarios were measured."""
    table: dict[str, dict[int, dict[str, float | None]]] = {}
    for size in sorted(results):
        for entry in (results[size].get("server") or {}).get("entries", []):
            if entry.get("status") not in ("ok", "over"):
                continue
            table.setdefault(entry["name"], {})[size] = {"p50": entry.get("p50_ms"), "p95": entry.get("p95_ms")}
    return table


def _size_label(size: int) -> str:
    return f"{size // 1_000_000} M" if size % 1_000_000 == 0 else f"{size // 1000} k" if size % 1000 == 0 else str(size)


def markdown(results: dict[int, dict[str, Any]], table: dict[str, dict[int, dict[str, float | None]]]) -> str:
    sizes = sorted(results)
    lines = [
        "# Cost by catalogue size (server side, in-process, ms)",
        "",
        "Written by `python -m bench.scale`. Each cell is p50 / p95 over the run's iterations; `growth` is p95 at the",
        "largest size divided by p95 at the smallest. The machine is shared, so compare sizes with the load noted.",
        "",
        "| scenario | " + " | ".join(_size_label(s) for s in sizes) + " | growth |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    for name, by_size in table.items():
        cells = []
        for size in sizes:
            cell = by_size.get(size)
            cells.append(f"{cell['p50']} / {cell['p95']}" if cell else "–")
        first, last = by_size.get(sizes[0]), by_size.get(sizes[-1])
        growth = f"{last['p95'] / first['p95']:.1f}×" if first and last and first["p95"] and len(sizes) > 1 else "–"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    lines += ["", "| size | date | seed s | load average at start | commit |", "|---|---|---|---|---|"]
    for size in sizes:
        r = results[size]
        machine, database = r.get("machine") or {}, r.get("database") or {}
        load = ", ".join(str(x) for x in machine.get("load_average_at_start") or []) or "?"
        lines.append(
            f"| {_size_label(size)} | {r.get('date', '?')} | {database.get('seed_seconds', '?')} | {load} | "
            f"{machine.get('commit', '?')} |"
        )
    return "\n".join(lines) + "\n"


def plot(table: dict[str, dict[int, dict[str, float | None]]], path: Path) -> Path | None:
    """p95 against catalogue size, one line per scenario measured at two sizes or more (log-log)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    series = {
        name: sorted((size, cell["p95"]) for size, cell in by_size.items() if cell.get("p95"))
        for name, by_size in table.items()
    }
    series = {name: points for name, points in series.items() if len(points) >= 2}
    if not series:
        return None
    fig, ax = plt.subplots(figsize=(12, 6.5), dpi=110)
    colours = plt.get_cmap("tab20").colors
    for number, (name, points) in enumerate(series.items()):
        ax.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            marker="os^D"[number % 4],
            linestyle=("-", "--")[number // 20 % 2],
            color=colours[number % len(colours)],
            label=name,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("products in the catalogue")
    ax.set_ylabel("p95, ms (server side)")
    ax.set_title("Craftmarket: p95 by catalogue size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def write(directory: Path, results: dict[int, dict[str, Any]]) -> list[Path]:
    table = curve(results)
    directory.mkdir(parents=True, exist_ok=True)
    md = directory / "scale.md"
    md.write_text(markdown(results, table))
    data = directory / "scale.json"
    data.write_text(
        json.dumps(
            {"date": report.now_iso(), "sizes": sorted(results), "scenarios": table}, indent=2, ensure_ascii=False
        )
        + "\n"
    )
    paths = [md, data]
    png = plot(table, directory / "p95_by_size.png")
    if png:
        paths.append(png)
    return paths


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.from_results:
        for size in args.sizes:
            print(f"[bench.scale] {size} products …", flush=True)
            cmd = ["--products", str(size), "--db-name", args.db_name, "--output-dir", str(args.output_dir / str(size))]
            for phase in SKIP:
                cmd += ["--skip", phase]
            if args.iterations:
                cmd += ["--iterations", str(args.iterations)]
            run.main(cmd)
    results = collect(args.output_dir, args.sizes)
    if not results:
        raise SystemExit(f"no results under {args.output_dir} for sizes {args.sizes}")
    paths = write(args.output_dir, results)
    print((args.output_dir / "scale.md").read_text())
    print(f"[bench.scale] wrote {', '.join(str(p) for p in paths)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
