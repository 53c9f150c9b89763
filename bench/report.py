"""Budgets, the terminal table, the machine description and the JSON files."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import db

READ_P95_MS = 100
CHECKOUT_P95_MS = 150
LIST_RPS = 200
PAYOUT_RUN_SECONDS = 60  # 10 000 artisans (1 000 in the quick run)
RENDITION_SECONDS = 0.5


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def machine(url: str) -> dict[str, Any]:
    try:
        pg = db.server_version(url)
    except Exception as exc:  # the description must not stop the run
        pg = f"unknown ({exc.__class__.__name__})"
    try:
        import django

        django_version = django.get_version()
    except ImportError:
        django_version = None
    return {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "nproc": os.cpu_count(),
        "memory_mb": _memory_mb(),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "django": django_version,
        "commit": _git_commit(),
    }


def _verdict(value: float | None, limit: float, *, at_least: bool = False) -> bool | None:
    if value is None:
        return None
    return value >= limit if at_least else value <= limit


def budgets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget of the issue with the measured value and met / not met / None (not measured)."""
    rows: list[dict[str, Any]] = []
    server = result.get("server") or {}
    for entry in server.get("entries", []):
        p50_limit = entry.get("budget_p50_ms")
        if p50_limit is not None:
            value = entry.get("p50_ms") if entry.get("status") == "ok" else None
            rows.append(
                {
                    "budget": f"{entry['name']}: p50 ≤ {p50_limit} ms",
                    "value": value,
                    "unit": "ms",
                    "met": _verdict(value, p50_limit),
                    "reason": entry.get("reason"),
                }
            )
        limit = entry.get("budget_p95_ms")
        if limit is None:
            continue
        value = entry.get("p95_ms") if entry.get("status") == "ok" else None
        rows.append(
            {
                "budget": f"{entry['name']}: p95 ≤ {limit} ms",
                "value": value,
                "unit": "ms",
                "met": _verdict(value, limit),
                "reason": entry.get("reason"),
            }
        )
        pq = entry.get("page_size_queries")
        if pq:
            rows.append(
                {
                    "budget": f"{entry['name']}: same queries at page size 10 and 50",
                    "value": f"{pq.get('10')} / {pq.get('50')}",
                    "unit": "queries",
                    "met": pq.get("equal"),
                    "reason": pq.get("reason"),
                }
            )
    http = result.get("http") or {}
    for entry in http.get("entries", []):
        if entry.get("budget_rps") is None:
            continue
        value = entry.get("rps") if entry.get("status") == "ok" else None
        rows.append(
            {
                "budget": f"HTTP {entry['name']}: ≥ {entry['budget_rps']} req/s",
                "value": value,
                "unit": "req/s",
                "met": _verdict(value, entry["budget_rps"], at_least=True),
                "reason": entry.get("reason") or http.get("reason"),
            }
        )
    if not http.get("entries"):
        rows.append(
            {
                "budget": f"HTTP product list: ≥ {LIST_RPS} req/s",
                "value": None,
                "unit": "req/s",
                "met": None,
                "reason": http.get("reason") or http.get("status"),
            }
        )
    rend = result.get("renditions") or {}
    value = rend.get("seconds_per_rendition") if rend.get("status") == "ok" else None
    rows.append(
        {
            "budget": f"24 MP rendition: ≤ {RENDITION_SECONDS} s each",
            "value": value,
            "unit": "s",
            "met": _verdict(value, RENDITION_SECONDS),
            "reason": rend.get("reason"),
        }
    )
    race = result.get("race") or {}
    rows.append(
        {
            "budget": "50-buyer race sells exactly the stock",
            "value": race.get("summary"),
            "unit": "",
            "met": race.get("exact") if race.get("status") == "ok" else None,
            "reason": race.get("reason"),
        }
    )
    payouts = result.get("payouts") or {}
    seconds = payouts.get("run_seconds") if payouts.get("status") == "ok" else None
    rows.append(
        {
            "budget": f"weekly payout run: ≤ {PAYOUT_RUN_SECONDS} s, one exact payout per artisan",
            "value": payouts.get("summary"),
            "unit": "",
            "met": (payouts.get("exact") and _verdict(seconds, PAYOUT_RUN_SECONDS)) if seconds is not None else None,
            "reason": payouts.get("reason"),
        }
    )
    return rows


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def mark(met: bool | None) -> str:
    return {True: "met", False: "NOT MET", None: "n/a"}[met]


def table(result: dict[str, Any]) -> str:
    lines: list[str] = []
    m = result.get("machine") or {}
    d = result.get("database") or {}
    lines.append("")
    lines.append(
        f"Craftmarket benchmark {result.get('date')}  {'quick' if result.get('quick') else 'full'}  "
        f"products: {fmt(d.get('products_public'))} public of {fmt(d.get('products_total'))} "
        f"(asked {fmt(d.get('products_requested'))})"
    )
    lines.append(
        f"machine: {m.get('nproc')} CPU {m.get('cpu')}, {m.get('memory_mb')} MB, Python {m.get('python')}, "
        f"PostgreSQL {m.get('postgresql')}, load average at start {m.get('load_average_at_start')}"
    )
    lines.append("")
    head = (
        f"{'server side (in-process), ms':<38} {'p50':>7} {'p95':>7} {'max':>7} {'SQL':>4} {'SQL ms':>6} "
        f"{'q@10/50':>8}  budget"
    )
    lines.append(head)
    lines.append("-" * len(head) + "-" * 12)
    server = result.get("server") or {}
    if not server.get("entries"):
        lines.append(f"  n/a: {server.get('reason') or server.get('status')}")
    for e in server.get("entries", []):
        if e.get("status") != "ok":
            lines.append(f"{e['name']:<38} n/a: {str(e.get('reason'))[:110]}")
            continue
        pq = e.get("page_size_queries") or {}
        qq = f"{pq.get('10')}/{pq.get('50')}" if pq else ""
        budget = e.get("budget_p95_ms")
        verdict = "" if budget is None else f"≤{budget} {mark(_verdict(e.get('p95_ms'), budget))}"
        lines.append(
            f"{e['name']:<38} {fmt(e.get('p50_ms')):>7} {fmt(e.get('p95_ms')):>7} {fmt(e.get('max_ms')):>7} "
            f"{fmt(e.get('queries')):>4} {fmt(e.get('sql_ms')):>6} {qq:>8}  {verdict}"
        )
    lines.append("")
    http = result.get("http") or {}
    lines.append(f"{'over HTTP (gunicorn 4 workers, or 2)':<38} {'req/s':>7} {'p95':>7} {'fail':>7}")
    if not http.get("entries"):
        lines.append(f"  n/a: {http.get('reason') or http.get('status')}")
    for e in http.get("entries", []):
        if e.get("status") != "ok":
            lines.append(f"{e['name']:<38} n/a: {e.get('reason')}")
            continue
        lines.append(f"{e['name']:<38} {fmt(e.get('rps')):>7} {fmt(e.get('p95_ms')):>7} {fmt(e.get('failures')):>7}")
    lines.append("")
    rend = result.get("renditions") or {}
    if rend.get("status") == "ok":
        lines.append(
            f"renditions (24 MP JPEG): {fmt(rend.get('seconds_per_image'), 2)} s per image, "
            f"{fmt(rend.get('renditions_per_image'))} renditions each, "
            f"{fmt(rend.get('renditions_per_second'), 2)} renditions/s"
        )
    else:
        lines.append(f"renditions (24 MP JPEG): n/a: {rend.get('reason') or rend.get('status')}")
    ref = rend.get("pillow_reference") or {}
    if ref:
        lines.append(
            f"  reference (plain Pillow, draft mode, {ref.get('renditions_per_image')} outputs): "
            f"{fmt(ref.get('seconds_per_image'), 2)} s per image"
        )
    race = result.get("race") or {}
    if race.get("status") == "ok":
        lines.append(f"race: {race.get('summary')}")
    else:
        lines.append(f"race: n/a: {race.get('reason') or race.get('status')}")
    lines.append("")
    lines.append("budgets")
    for b in result.get("budgets", []):
        why = str(b.get("reason") or "")
        reason = f"  ({why[:90]}{'…' if len(why) > 90 else ''})" if b.get("met") is None and why else ""
        digits = 2 if b.get("unit") == "s" else 1
        lines.append(
            f"  {mark(b.get('met')):<8} {b['budget']}: {fmt(b.get('value'), digits)} {b.get('unit', '')}{reason}"
        )
    for note in result.get("notes", []):
        lines.append(f"note: {note}")
    lines.append(f"total {result.get('seconds')} s")
    return "\n".join(lines)


def write(result: dict[str, Any], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (result.get("date") or now_iso()).replace(":", "").replace("+0000", "Z").replace("-", "")
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n"
    paths = [directory / f"{stamp}.json", directory / "latest.json"]
    for path in paths:
        path.write_text(text)
    plans = plans_markdown(result)
    if plans:
        paths.append(directory / f"{stamp}.plans.md")
        paths[-1].write_text(plans)
    return paths


def plans_markdown(result: dict[str, Any]) -> str:
    """The slowest query of each measured entry with its EXPLAIN ANALYZE, ready for docs/performance.md."""
    parts = []
    for e in (result.get("server") or {}).get("entries", []):
        q = e.get("slowest_query")
        if not q:
            continue
        parts.append(
            f"### {e['name']}\n\n`{e.get('method')} {e.get('url')}`: p95 {e.get('p95_ms')} ms, {e.get('queries')} "
            f"queries; slowest {q['ms']} ms\n\n```sql\n{q['sql']}\n```\n\n```\n{q['plan']}\n```\n"
        )
    if not parts:
        return ""
    d = result.get("database") or {}
    head = f"# Query plans, {result.get('date')}, {d.get('products_public')} public products\n\n"
    return head + "\n".join(parts)
