"""Catalogue tasks: thin wrappers around the shared rendition pipeline in craftmarket.common.images, and the
nightly rebuild of the search vocabulary."""

from celery import Task, shared_task

from catalog import search
from catalog.models import ProductImage, SearchTerm
from craftmarket.common.tasks import RETRY_CEILING, run_rendition


@shared_task(bind=True, queue="images", acks_late=True, soft_time_limit=60, time_limit=90, max_retries=RETRY_CEILING)
def render_product_image(self: Task, image_id: int) -> str:
    """Make the missing renditions of one ProductImage and mark it ready (or failed with a reason).

    Idempotent: a second run leaves the same files. Returns quietly ("gone") when the row was deleted.
    Send it with ``transaction.on_commit(lambda: render_product_image.delay(image.pk))``.
    """
    return run_rendition(self, ProductImage, image_id)


@shared_task
def refresh_search_terms() -> int:
    """Daily: rebuild the spelling-correction vocabulary, which edits only add to, so that words no product uses
    any more drop out. Returns the number of words."""
    search.refresh_search_terms()
    return SearchTerm.objects.count()
