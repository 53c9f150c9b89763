"""Rebuild stored search vectors: the NULL ones (after a bulk load), or all with --all."""

from django.core.management.base import BaseCommand

from catalog import search
from catalog.models import Product


class Command(BaseCommand):
    help = "Refresh product search vectors in batches (PostgreSQL; does nothing on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild every vector, not only the missing ones")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        if options["all"]:
            Product.objects.update(search_vector=None)
        updated = search.refresh_search_vectors(batch_size=options["batch_size"])
        self.stdout.write(f"{updated} search vectors refreshed.")
