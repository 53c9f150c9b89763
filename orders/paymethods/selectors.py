"""Reads of gateway charges, already scoped to their purchase."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F

from ..models import Purchase
from .models import Charge


def charge_current(*, purchase: Purchase, now: datetime | None = None) -> Charge | None:
    """The purchase's open charge while it can still be paid; None when there is none or it has run out."""
    charge = purchase.charges.filter(status=Charge.Status.PENDING).first()
    return charge if charge is not None and charge.is_payable(now=now) else None


def purchase_for_order_id(order_id: str) -> Purchase | None:
    """The purchase a Midtrans order_id belongs to: one of its charges, or (older Snap payments) its number."""
    charge = Charge.objects.select_related("purchase").filter(order_id=order_id).first()
    if charge is not None:
        return charge.purchase
    return Purchase.objects.filter(number=order_id).first()


def charges_to_check(*, now: datetime, settle_after: timedelta, limit: int = 500) -> list[int]:
    """Ids of open or superseded charges old enough that a missing notification is worth asking about, the
    longest unchecked first."""
    return list(
        Charge.objects.filter(
            status__in=[Charge.Status.PENDING, Charge.Status.SUPERSEDED], created_at__lte=now - settle_after
        )
        .order_by(F("checked_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)[:limit]
    )
