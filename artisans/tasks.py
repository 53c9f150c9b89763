"""Artisan tasks. The workers issue implements the rendition pipeline behind this task."""

from celery import shared_task


@shared_task(queue="images")
def render_artisan_photo(photo_id: int) -> None:
    """Make the renditions of one ArtisanPhoto (idempotent; the workers issue fills this in)."""
