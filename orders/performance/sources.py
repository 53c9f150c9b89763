"""Figures that come from apps built in parallel. The merger wires complaints here (and adds its test)."""

from __future__ import annotations

from datetime import datetime


def complaint_counts(*, since: datetime, until: datetime) -> dict[int, int]:
    """Complaints opened in [since, until) per artisan id; {} until ``orders.complaints`` exists."""
    try:
        from orders.complaints.selectors import complaint_counts_by_artisan
    except ImportError:
        return {}
    return complaint_counts_by_artisan(since=since, until=until)
