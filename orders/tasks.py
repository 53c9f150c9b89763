"""Scheduled jobs: thin, idempotent, calling services."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import Cart, IdempotencyKey, Order, Purchase
from .services.checkout import IDEMPOTENCY_TTL
from .services.lifecycle import order_complete_overdue
from .services.payments import purchase_expire


@shared_task(name="orders.expire_unpaid_purchases")
def expire_unpaid_purchases() -> int:
    """Expire every unpaid purchase past its window (restoring stock once each); forget old keys and carts."""
    now = timezone.now()
    ids = Purchase.objects.filter(status=Purchase.Status.AWAITING_PAYMENT, expires_at__lte=now).values_list(
        "pk", flat=True
    )
    expired = sum(purchase_expire(purchase_id=pk, now=now) for pk in list(ids))
    IdempotencyKey.objects.filter(created_at__lt=now - IDEMPOTENCY_TTL).delete()
    # Anonymous carts live as long as a session at most.
    Cart.objects.filter(user__isnull=True, updated_at__lt=now - timedelta(seconds=settings.SESSION_COOKIE_AGE)).delete()
    return expired


@shared_task(name="orders.complete_delivered_orders")
def complete_delivered_orders() -> int:
    """Complete orders delivered ORDER_AUTO_COMPLETE_DAYS ago that the buyer did not confirm."""
    now = timezone.now()
    cutoff = now - timedelta(days=settings.ORDER_AUTO_COMPLETE_DAYS)
    ids = Order.objects.filter(status=Order.Status.DELIVERED, delivered_at__lte=cutoff).values_list("pk", flat=True)
    return sum(order_complete_overdue(order_id=pk, now=now) for pk in list(ids))
