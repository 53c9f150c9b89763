"""Reads of complaints, already scoped and joined."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from artisans.scoping import scope

from .models import Complaint


def _joined(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return queryset.select_related("order", "artisan__user", "buyer").prefetch_related("evidence")


def complaints_for_user(*, user: Any) -> QuerySet[Complaint]:
    """The complaints ``user`` is a party of: as the buyer, or as the artisan of the order."""
    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    return _joined(Complaint.objects.filter(Q(buyer=user) | Q(artisan__user=user)))


def complaint_for_party(*, user: Any, pk: Any) -> Complaint | None:
    """One complaint of ``user`` (buyer or artisan), None for anyone else."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return complaints_for_user(user=user).filter(pk=pk).first()


def open_complaint_for_order(*, order: Any) -> Complaint | None:
    return Complaint.objects.filter(order=order).exclude(status__in=Complaint.CLOSED_STATUSES).first()


def complaints_for_moderator(*, user: Any) -> QuerySet[Complaint]:
    """Every complaint in the provinces ``user`` moderates (the admin narrows to escalated and appealed ones)."""
    return scope(_joined(Complaint.objects.all()), user, "artisan__province")


def complaint_counts_by_artisan(*, since: datetime, until: datetime) -> dict[int, int]:
    """Artisan id → number of complaints opened in [since, until), for the artisan performance figures."""
    rows = (
        Complaint.objects.filter(created_at__gte=since, created_at__lt=until)
        .values("artisan_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["artisan_id"]: row["n"] for row in rows}
