"""Compute artisan performance snapshots on demand (the nightly job does yesterday)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from craftmarket.common.errors import DomainError
from orders.performance.services import performance_snapshots_compute


class Command(BaseCommand):
    help = "Compute every artisan's performance snapshot for a day (default: yesterday) and update the badge."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The last day of the window, YYYY-MM-DD (default: yesterday).")
        parser.add_argument("--window", type=int, help="Window length in days (default: PERFORMANCE_WINDOW_DAYS).")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        try:
            written = performance_snapshots_compute(day=day, window_days=options["window"])
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{written} snapshot(s) written.")
