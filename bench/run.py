"""``python -m bench``: the orchestrator. It never imports Django; every phase runs in a child process."""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench import db, report
from bench.http import run_http

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_DB = "craftmarket_bench"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description="Craftmarket benchmark (see README, Benchmarks).")
    p.add_argument("--quick", action="store_true", help="10 000 products and fewer iterations (under 3 minutes)")
    p.add_argument("--products", type=int, default=None, help="products to seed (default 100 000; 10 000 quick)")
    p.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server to use (its database name is replaced by --db-name); default: DATABASE_URL's "
        "server, else 127.0.0.1:5432 as postgres",
    )
    p.add_argument(
        "--db-name", default=DEFAULT_DB, help=f"benchmark database, dropped and created (default {DEFAULT_DB})"
    )
    p.add_argument("--keep-db", action="store_true", help="keep the benchmark database afterwards")
    p.add_argument("--reuse-db", action="store_true", help="do not recreate or seed: measure the existing database")
    p.add_argument("--iterations", type=int, default=None, help="measured requests per endpoint (100; 20 quick)")
    p.add_argument("--http-seconds", type=int, default=None, help="locust run per HTTP target (20 s; 6 s quick)")
    p.add_argument("--http-users", type=int, default=20, help="concurrent locust users (default 20)")
    p.add_argument("--port", type=int, default=8117, help="gunicorn port on 127.0.0.1 (default 8117)")
    p.add_argument("--cart-lines", type=int, default=10, help="lines of the checkout cart, over 3 artisans (10)")
    p.add_argument("--race-buyers", type=int, default=50)
    p.add_argument("--race-stock", type=int, default=10)
    p.add_argument("--payout-artisans", type=int, default=0, help="artisans of the payout run (10 000; quick 1 000)")
    p.add_argument("--skip", action="append", default=[], choices=["server", "http", "renditions", "race", "payouts"])
    p.add_argument("--output-dir", type=Path, default=RESULTS, help="where the JSON goes (default bench/results)")
    args = p.parse_args(argv)
    if args.products is None:
        args.products = 10_000 if args.quick else 100_000
    if args.iterations is None:
        args.iterations = 20 if args.quick else 100
    if args.http_seconds is None:
        args.http_seconds = 6 if args.quick else 20
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.db_name) or "bench" not in args.db_name:
        p.error("--db-name must be a plain lower-case name containing 'bench' (the harness drops and recreates it)")
    return args


def server_url(args: argparse.Namespace) -> str:
    """The server part of the URL to use, with the benchmark database's name."""
    base = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql", "pgsql", "postgis"):
        raise SystemExit(f"The benchmark needs PostgreSQL; {parts.scheme or base!r} is not (set --database-url).")
    return urlunsplit((parts.scheme, parts.netloc, "/" + args.db_name, "", ""))


def child_env(url: str, run_id: str, media: str) -> dict[str, str]:
    # The caller's replicas stream the caller's databases, not the benchmark's fresh one: reads routed to them
    # would find other tables (or none), so the benchmark measures the primary alone.
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "DATABASE_REPLICA_URLS")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_RUN_ID=run_id,
        BENCH_MEDIA_ROOT=media,
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *cmd: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def tail(text: str, n: int = 600) -> str:
    text = (text or "").strip()
    return text[-n:]


def seed(env: dict[str, str], products: int, quick: bool, notes: list[str]) -> dict[str, Any]:
    info: dict[str, Any] = {"products_requested": products}
    helptext = manage(env, "seed_demo", "--help", timeout=120)
    if helptext.returncode != 0:
        notes.append(f"seed_demo is not available: {tail(helptext.stderr, 200)}")
        info["seed_command"] = None
        return info
    cmd = ["seed_demo"]
    if "--products" in helptext.stdout:
        cmd += ["--products", str(products)]
    else:
        notes.append("seed_demo does not accept --products yet: seeded with its default")
    info["seed_command"] = "manage.py " + " ".join(cmd)
    started = time.perf_counter()
    try:
        done = manage(env, *cmd, timeout=150 if quick else 1200)
    except subprocess.TimeoutExpired:
        notes.append("seed_demo did not finish in time; measuring what it had committed")
        info["seed_seconds"] = round(time.perf_counter() - started, 1)
        return info
    info["seed_seconds"] = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        notes.append(f"seed_demo failed: {tail(done.stderr, 300)}")
    return info


def forget_cache(run_id: str, notes: list[str]) -> None:
    """Delete this run's cache keys from Redis (bench/settings.py gives them a prefix of their own)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        try:
            keys = list(client.scan_iter(match=f"cm-bench-{run_id}:*", count=1000))
            for start in range(0, len(keys), 500):
                client.delete(*keys[start : start + 500])
        finally:
            client.close()
    except Exception as exc:  # stale keys under a unique prefix harm nobody; say so and go on
        notes.append(f"could not delete this run's cache keys: {exc.__class__.__name__}")


def guarded(func, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run a phase of the parent process; a failure becomes an "n/a" with its reason, never the end of the run."""
    try:
        return func(*args, **kwargs)
    except Exception as exc:  # the report must still be written
        return {"status": "n/a", "reason": f"{exc.__class__.__name__}: {exc}", "entries": []}


def run_phase(name: str, env: dict[str, str], args: argparse.Namespace, workdir: Path, timeout: float) -> dict:
    """Run ``python -m bench.<name>`` and return what it wrote, or a failure entry with the reason."""
    out = workdir / f"{name}.json"
    cmd = [sys.executable, "-m", f"bench.{name}", "--out", str(out), "--iterations", str(args.iterations)]
    if name == "server":
        cmd += ["--cart-lines", str(args.cart_lines)]
    if name == "race":
        cmd += ["--buyers", str(args.race_buyers), "--stock", str(args.race_stock)]
    if name == "payouts" and args.payout_artisans:
        cmd += ["--artisans", str(args.payout_artisans)]
    if args.quick:
        cmd.append("--quick")
    print(f"[bench] {name} …", flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "n/a", "reason": f"phase {name} did not finish within {int(timeout)} s"}
    if done.returncode != 0 or not out.exists():
        return {"status": "n/a", "reason": f"phase {name} failed (exit {done.returncode}): {tail(done.stderr)}"}
    result = json.loads(out.read_text())
    result.setdefault("seconds", round(time.perf_counter() - started, 1))
    return result


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A SIGTERM unwinds like Ctrl-C, so that gunicorn, locust and the benchmark database are always cleaned up.
    signal.signal(signal.SIGTERM, _interrupt)
    url = server_url(args)
    run_id = uuid.uuid4().hex[:10]
    notes: list[str] = []
    started = time.perf_counter()
    result: dict[str, Any] = {"schema": 1, "quick": args.quick, "date": report.now_iso(), "notes": notes}
    with tempfile.TemporaryDirectory(prefix="craftmarket-bench-") as tmp:
        workdir = Path(tmp)
        env = child_env(url, run_id, str(workdir / "media"))
        database: dict[str, Any] = {"name": args.db_name}
        result["database"] = database
        try:
            if not args.reuse_db:
                print(f"[bench] creating database {args.db_name} …", flush=True)
                db.recreate(url)
                t = time.perf_counter()
                migrated = manage(env, "migrate", "--noinput", timeout=600)
                database["migrate_seconds"] = round(time.perf_counter() - t, 1)
                if migrated.returncode != 0:
                    raise SystemExit(f"migrate failed:\n{tail(migrated.stderr, 2000)}")
                print(f"[bench] seeding {args.products} products …", flush=True)
                database.update(seed(env, args.products, args.quick, notes))
            t = time.perf_counter()
            try:
                db.analyze(url)
                database["analyze_seconds"] = round(time.perf_counter() - t, 1)
            except Exception as exc:  # the planner then guesses; say so and measure anyway
                notes.append(f"VACUUM ANALYZE failed: {exc}")
            result["machine"] = report.machine(url)
            phases = {"server": 600 if args.quick else 1800, "worker": 300, "race": 300, "payouts": 600}
            server = (
                run_phase("server", env, args, workdir, phases["server"])
                if "server" not in args.skip
                else {"status": "skipped"}
            )
            result["server"] = server
            database.update(server.pop("catalogue", {}) if isinstance(server, dict) else {})
            public, asked = database.get("products_public"), database.get("products_requested")
            if public is not None and asked and public < asked:
                notes.append(f"the database holds {public} public products of the {asked} asked for")
            if "http" in args.skip:
                result["http"] = {"status": "skipped"}
            else:
                print("[bench] http …", flush=True)
                result["http"] = guarded(
                    run_http,
                    env=env,
                    root=ROOT,
                    workdir=workdir,
                    port=args.port,
                    targets=server.get("http_targets", {}),
                    seconds=args.http_seconds,
                    users=args.http_users,
                    reference=not args.quick,
                )
            for key, module in (("renditions", "worker"), ("race", "race"), ("payouts", "payouts")):
                result[key] = (
                    run_phase(module, env, args, workdir, phases[module])
                    if key not in args.skip
                    else {"status": "skipped"}
                )
        finally:
            forget_cache(run_id, notes)
            if not args.keep_db and not args.reuse_db:
                try:
                    db.drop(url)
                except Exception as exc:  # the report matters more than the clean-up; say so and go on
                    notes.append(f"could not drop {args.db_name}: {exc}")
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["budgets"] = report.budgets(result)
    print(report.table(result))
    paths = report.write(result, args.output_dir)
    print(f"[bench] wrote {', '.join(str(p) for p in paths)}")
    return 0
