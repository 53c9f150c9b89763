"""Artisan tasks: thin wrappers around the shared rendition pipeline in craftmarket.common.images."""

from celery import Task, shared_task

from artisans.models import ArtisanPhoto
from craftmarket.common.tasks import RETRY_CEILING, run_rendition


@shared_task(bind=True, queue="images", acks_late=True, soft_time_limit=60, time_limit=90, max_retries=RETRY_CEILING)
def render_artisan_photo(self: Task, photo_id: int) -> str:
    """Make the missing renditions of one ArtisanPhoto (logo or cover) and mark it ready or failed.

    Idempotent; returns quietly ("gone") when the row was deleted.
    """
    return run_rendition(self, ArtisanPhoto, photo_id)
