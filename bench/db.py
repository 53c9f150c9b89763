"""Creating and dropping the benchmark database (psycopg2 on the server's maintenance database)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import psycopg2
from psycopg2 import sql


def _connect(url: str, dbname: str | None = None):
    parts = urlsplit(url)
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password) if parts.password else None,
        dbname=dbname or parts.path.lstrip("/"),
        connect_timeout=10,
    )
    conn.autocommit = True
    return conn


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def drop(url: str) -> None:
    conn = _connect(url, "postgres")
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_name(url))))
    finally:
        conn.close()


def recreate(url: str) -> None:
    """Drop the benchmark database if it exists and create it empty."""
    drop(url)
    conn = _connect(url, "postgres")
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_name(url))))
    finally:
        conn.close()


def server_version(url: str) -> str:
    conn = _connect(url, "postgres")
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW server_version")
            return str(cur.fetchone()[0])
    finally:
        conn.close()


def analyze(url: str) -> None:
    """VACUUM ANALYZE after the bulk seed, so the planner sees the real table sizes (autovacuum would, later)."""
    conn = _connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()
