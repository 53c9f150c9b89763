"""manage.py import_exchange_rates FILE.csv [--on YYYY-MM-DD] [--source TEXT]

Loads Bank Indonesia's mid rates from a CSV (README "Display currencies"). Every row is checked first; any bad
row is reported with its line number and nothing is imported. No network access.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from craftmarket.currency.services import RateFileError, exchange_rates_import, parse_rate_file


class Command(BaseCommand):
    help = "Import exchange rates (IDR per unit) from a Bank Indonesia-shaped CSV: currency,unit,sell,buy,date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="Bank Indonesia (kurs tengah)")
        parser.add_argument("--on", type=date.fromisoformat, default=None, help="Use this date for every row (demo).")

    def handle(self, *args, file: Path, source: str, on: date | None, **options) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        try:
            rows = parse_rate_file(text, on=on)
        except RateFileError as exc:
            lines = "\n".join(f"  line {line}: {message}" for line, message in exc.errors)
            raise CommandError(f"{exc.message}\n{lines}") from None
        count = exchange_rates_import(rows=rows, by=None, source=source)
        self.stdout.write(f"Imported {count} exchange rates from {file}.")
