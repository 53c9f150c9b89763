"""Artisan tasks: thin wrappers around the shared rendition pipeline in craftmarket.common.images."""

from celery import Task, shared_task

from artisans import services  # services imports this module too: names are looked up at call time
from artisans.models import ArtisanPhoto
from craftmarket.common.tasks import RETRY_CEILING, run_rendition


@shared_task(bind=True, queue="images", acks_late=True, soft_time_limit=60, time_limit=90, max_retries=RETRY_CEILING)
def render_artisan_photo(self: Task, photo_id: int) -> str:
    """Make the missing renditions of one ArtisanPhoto (logo or cover) and mark it ready or failed.

    Idempotent; returns quietly ("gone") when the row was deleted.
    """
    return run_rendition(self, ArtisanPhoto, photo_id)


@shared_task(acks_late=True)
def send_certification_expiry_reminders() -> int:
    """Daily: remind artisans 30 and 7 days before a certification expires (each reminder once)."""
    return services.certification_send_expiry_reminders()
