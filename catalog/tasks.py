"""Catalogue tasks. The workers issue implements the rendition pipeline behind this task."""

from celery import shared_task


@shared_task(queue="images")
def render_product_image(image_id: int) -> None:
    """Make the renditions of one ProductImage (idempotent; the workers issue fills this in)."""
