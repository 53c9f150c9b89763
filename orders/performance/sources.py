"""Figures that come from the other trust apps: complaints (orders.complaints)."""

from __future__ import annotations

from datetime import datetime

from orders.complaints.selectors import complaint_counts_by_artisan


def complaint_counts(*, since: datetime, until: datetime) -> dict[int, int]:
    """Complaints opened in [since, until) per artisan id."""
    return complaint_counts_by_artisan(since=since, until=until)
