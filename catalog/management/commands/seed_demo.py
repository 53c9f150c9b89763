"""Demo data for `make run`. Idempotent: running it again changes nothing.

The catalogue issue extends this with artisans, categories and products; the foundation seeds the accounts that
the README names.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from artisans.models import User

DEMO_PASSWORD = "craftmarket-demo"  # noqa: S105 - published in the README, demo data only
ACCOUNTS = [
    {"email": "pembeli@craftmarket.test", "name": "Rina Pembeli", "staff": False, "group": None},
    {"email": "moderator@craftmarket.test", "name": "Dewi Moderator", "staff": True, "group": "Dekranas moderator"},
]


class Command(BaseCommand):
    help = "Load the demo accounts and catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=120, help="number of demo products")

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        for spec in ACCOUNTS:
            user, was_created = User.objects.get_or_create(
                email=spec["email"], defaults={"name": spec["name"], "is_staff": spec["staff"], "email_verified": True}
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            if spec["group"]:
                user.groups.add(Group.objects.get(name=spec["group"]))
        self.stdout.write(f"Demo accounts ready ({created} created).")
