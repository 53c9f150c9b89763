"""Check the database's invariants over every row and report violations; exit status 1 when there are any."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from craftmarket.common.invariants import find_violations


class Command(BaseCommand):
    help = "Check stock/amount/price invariants and every declared constraint over the whole database."

    def handle(self, *args, **options):
        violations, rules = find_violations()
        for violation in violations:
            self.stdout.write(f"VIOLATION {violation}")
        if violations:
            raise CommandError(f"{len(violations)} invariant(s) violated ({rules} rules checked).", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"OK: {rules} rules checked, no violations."))
