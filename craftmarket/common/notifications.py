"""Who is told what. Every app calls ``notify``; the workers issue implements delivery (in-app list and email
in the recipient's language, sent after commit through the ``notifications`` queue).

Events (``event`` argument):
  artisan: order_paid, order_cancelled_by_buyer, listing_approved, listing_rejected, profile_verified,
           profile_changes_requested, profile_suspended
  buyer:   purchase_created, payment_confirmed, order_shipped, order_delivered, order_cancelled
  staff:   review_waiting (collected into the 15-minute digest, never one mail per item)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger(__name__)


def notify(*, event: str, users: Iterable[Any], context: dict[str, Any] | None = None) -> None:
    """Tell ``users`` about ``event``. Call it inside the service's transaction: delivery waits for the commit."""
    for user in users:
        logger.info("notify %s user=%s", event, getattr(user, "pk", None))
