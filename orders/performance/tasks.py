"""The nightly performance job: thin, idempotent, calling the service."""

from __future__ import annotations

from celery import shared_task

from .services import performance_snapshots_compute


@shared_task(name="performance.compute_snapshots")
def compute_snapshots() -> int:
    """Yesterday's snapshot for every artisan, and the badge; a second run the same night rewrites the same rows."""
    return performance_snapshots_compute()
