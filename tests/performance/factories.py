"""Fixed performance data written straight to the tables (orders, threads, reviews at chosen times), so that each
figure can be checked against numbers worked out by hand. The real services build the same rows; here only the
timestamps matter."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from orders.conversations.models import Message, Participant, Thread
from orders.models import Order, OrderLine, OrderStatusChange, Purchase
from orders.reviews.models import Review
from tests.factories import ArtisanFactory, ProductFactory, UserFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 11, 30)  # the snapshot's day: the window is 2026-09-02 … 2026-11-30 (90 days)
_numbers = itertools.count(1)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on ``day`` in Asia/Jakarta."""
    return datetime.combine(day, time(hour, minute), tzinfo=JAKARTA)


def days_before(n: int, hour: int = 10) -> datetime:
    return at(DAY - timedelta(days=n), hour)


def order(
    artisan: Any,
    *,
    paid_at: datetime | None,
    shipped_at: datetime | None = None,
    status: str | None = None,
    lead_time_days: int | None = None,
    cancelled_by: str = "",
    buyer: Any = None,
) -> Order:
    """One order of one line (made to order with ``lead_time_days`` when given). ``cancelled_by``: "buyer",
    "artisan" or "staff" cancels it after payment, with the history row the lifecycle writes."""
    n = next(_numbers)
    buyer = buyer or UserFactory()
    if status is None:
        status = Order.Status.CANCELLED if cancelled_by else (Order.Status.SHIPPED if shipped_at else Order.Status.PAID)
    created = paid_at or at(DAY)
    purchase = Purchase.objects.create(
        number=f"PERF-P{n:06d}",
        buyer=buyer,
        status=Purchase.Status.PAID if paid_at else Purchase.Status.AWAITING_PAYMENT,
        items_total=100_000,
        shipping_total=20_000,
        amount_due=120_000,
        address={"recipient": "Budi"},
        created_at=created,
        expires_at=created + timedelta(days=1),
        paid_at=paid_at,
    )
    item = Order.objects.create(
        number=f"PERF-O{n:06d}",
        purchase=purchase,
        buyer=buyer,
        artisan=artisan,
        status=status,
        items_total=100_000,
        shipping_cost=20_000,
        weight_grams=800,
        shipping_courier="JNE",
        shipping_service="REG",
        shipping_zone="jawa",
        created_at=created,
        paid_at=paid_at,
        shipped_at=shipped_at,
        cancelled_at=(paid_at + timedelta(hours=1)) if cancelled_by else None,
    )
    OrderLine.objects.create(
        order=item,
        product_name="Tas Rotan",
        sku=f"SKU-PERF-{n}",
        unit_price=100_000,
        quantity=1,
        weight_grams=800,
        made_to_order=lead_time_days is not None,
        lead_time_days=lead_time_days,
        stock_reserved=lead_time_days is None,
    )
    if cancelled_by:
        actor = {"buyer": buyer, "artisan": artisan.user, "staff": UserFactory(is_staff=True)}[cancelled_by]
        OrderStatusChange.objects.create(
            order=item, from_status=Order.Status.PAID, to_status=Order.Status.CANCELLED, actor=actor, reason="x"
        )
    return item


def thread(artisan: Any, *, asked_at: datetime, replies: list[datetime] = (), first_by_artisan: bool = False):
    """A thread about one of the artisan's products: the buyer asks at ``asked_at`` and the artisan answers at
    each of ``replies`` (a buyer's follow-up a minute later comes first, and does not count as a reply)."""
    buyer = UserFactory()
    product = ProductFactory(artisan=artisan)
    item = Thread.objects.create(
        kind=Thread.Kind.PRODUCT, buyer=buyer, artisan=artisan, product=product, created_at=asked_at
    )
    Participant.objects.create(thread=item, user=buyer, role=Participant.Role.BUYER)
    Participant.objects.create(thread=item, user=artisan.user, role=Participant.Role.ARTISAN)
    first = artisan.user if first_by_artisan else buyer
    Message.objects.create(thread=item, sender=first, body="Halo", created_at=asked_at)
    Message.objects.create(thread=item, sender=buyer, body="Masih ada?", created_at=asked_at + timedelta(minutes=1))
    for moment in replies:
        Message.objects.create(thread=item, sender=artisan.user, body="Ada, kak", created_at=moment)
    return item


def rating(artisan: Any, stars: int, *, written_at: datetime, visible: bool = True) -> Review:
    # The reviewed order was paid long before any window the tests use, so it changes no order figure.
    item = order(artisan, paid_at=at(date(2025, 1, 6)), shipped_at=at(date(2025, 1, 7)))
    return Review.objects.create(
        order=item,
        product=ProductFactory(artisan=artisan),
        artisan=artisan,
        buyer=item.buyer,
        rating=stars,
        status=Review.Status.VISIBLE if visible else Review.Status.HIDDEN,
        created_at=written_at,
    )


def artisan(**kwargs: Any):
    return ArtisanFactory(**kwargs)
