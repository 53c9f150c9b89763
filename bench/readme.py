"""``python -m bench.readme [RESULT.json]``: write the latest figures into the README's Benchmarks section.

Replaces what lies between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` with a Markdown table made from
``bench/results/latest.json`` (or the file given), with its date and machine.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.report import fmt, mark

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def markdown(result: dict[str, Any]) -> str:
    m, d = result.get("machine") or {}, result.get("database") or {}
    lines = [
        f"Run of {result.get('date')} ({'quick' if result.get('quick') else 'full'}), "
        f"{fmt(d.get('products_public'))} public products (asked {fmt(d.get('products_requested'))}); "
        f"{m.get('nproc')} × {m.get('cpu')}, {fmt(m.get('memory_mb'))} MB, Python {m.get('python')}, "
        f"PostgreSQL {m.get('postgresql')}, load average at start {m.get('load_average_at_start')}.",
        "",
        "| measure | p50 ms | p95 ms | max ms | queries | q at 10/50 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for e in (result.get("server") or {}).get("entries", []):
        if e.get("status") != "ok":
            lines.append(f"| {e['name']} | n/a | | | | |")
            continue
        pq = e.get("page_size_queries") or {}
        qq = f"{pq.get('10')}/{pq.get('50')}" if pq else ""
        lines.append(
            f"| {e['name']} | {fmt(e.get('p50_ms'))} | {fmt(e.get('p95_ms'))} | {fmt(e.get('max_ms'))} "
            f"| {fmt(e.get('queries'))} | {qq} |"
        )
    lines += ["", "| budget | measured | verdict |", "|---|---|---|"]
    for b in result.get("budgets", []):
        if b.get("met") is None:
            value = "n/a"
        else:
            value = f"{fmt(b.get('value'), 2 if b.get('unit') == 's' else 1)} {b.get('unit', '')}".strip()
        lines.append(f"| {b['budget']} | {value} | {mark(b.get('met'))} |")
    notes = result.get("notes") or []
    if notes:
        lines += [""] + [f"Note: {n}." for n in notes]
    return "\n".join(lines)


def update(readme: Path, result: dict[str, Any]) -> bool:
    text = readme.read_text()
    if START not in text or END not in text:
        return False
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{markdown(result)}\n{END}{tail}")
    return True


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results" / "latest.json"
    readme = ROOT / "README.md"
    if not update(readme, json.loads(source.read_text())):
        print(f"{readme} has no {START} … {END} block", file=sys.stderr)
        return 1
    print(f"updated {readme} from {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
