"""The numbers of the moderation dashboard, scoped to the provinces the moderator covers.

A constant number of queries whatever the data: one per figure, aggregated in the database (medians are taken in
Python over the last 30 days of decisions, which are few)."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from artisans.models import Artisan, ArtisanStatusChange, Certification
from artisans.scoping import moderator_provinces, scope
from catalog.models import Product, ProductStatusChange, Report
from craftmarket.common.regions import province_name
from orders.models import Order, Purchase

WINDOW = datetime.timedelta(days=30)
MONTHS = 12


@dataclass(frozen=True)
class Dashboard:
    waiting: dict[str, int]
    median_hours: dict[str, float | None]
    decisions: dict[str, int]
    artisans_by_province: list[dict[str, Any]]
    products_by_family: list[dict[str, Any]]
    orders_by_month: list[dict[str, Any]]
    national: bool


def _median_hours(decisions, history_model, subject: str, submitted_status: str) -> tuple[float | None, int]:
    """Median of (decision time - latest submission before it), in hours, over ``decisions`` (history rows)."""
    submitted = (
        history_model.objects.filter(
            **{subject: OuterRef(subject)}, to_status=submitted_status, created_at__lte=OuterRef("created_at")
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    rows = decisions.annotate(submitted_at=Subquery(submitted)).values_list("created_at", "submitted_at")
    hours = [(decided - sent).total_seconds() / 3600 for decided, sent in rows if sent is not None]
    return (round(statistics.median(hours), 1) if hours else None), len(hours)


def moderation_dashboard(*, user: Any, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    since = now - WINDOW
    artisans = scope(Artisan.objects.all(), user, "province")
    products = scope(Product.objects.all(), user, "artisan__province")

    waiting = {
        "artisans": artisans.filter(status=Artisan.Status.SUBMITTED).count(),
        "products": products.filter(status=Product.Status.PENDING).count(),
        "reports": scope(Report.objects.filter(status=Report.Status.OPEN), user, "product__artisan__province")
        .values("product")
        .distinct()
        .count(),
        "certifications": scope(
            Certification.objects.filter(checked_at__isnull=True), user, "artisan__province"
        ).count(),
    }
    national = moderator_provinces(user) is None
    if national:
        waiting["transfers"] = (
            Purchase.objects.filter(
                status=Purchase.Status.AWAITING_PAYMENT,
                payment_method=Purchase.Method.BANK_TRANSFER,
                payments__proof__gt="",
            )
            .distinct()
            .count()
        )

    artisan_decisions = scope(
        ArtisanStatusChange.objects.filter(
            from_status=Artisan.Status.SUBMITTED,
            to_status__in=[Artisan.Status.VERIFIED, Artisan.Status.CHANGES_REQUESTED],
            created_at__gte=since,
        ),
        user,
        "artisan__province",
    )
    product_decisions = scope(
        ProductStatusChange.objects.filter(
            from_status=Product.Status.PENDING,
            to_status__in=[Product.Status.PUBLISHED, Product.Status.REJECTED],
            created_at__gte=since,
        ),
        user,
        "product__artisan__province",
    )
    artisan_median, artisan_count = _median_hours(
        artisan_decisions, ArtisanStatusChange, "artisan", Artisan.Status.SUBMITTED
    )
    product_median, product_count = _median_hours(
        product_decisions, ProductStatusChange, "product", Product.Status.PENDING
    )

    by_province = (
        artisans.values("province")
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(status=Artisan.Status.VERIFIED)))
        .order_by("-total", "province")
    )
    family = Coalesce("category__parent__parent__name_id", "category__parent__name_id", "category__name_id")
    by_family = (
        products.annotate(family=family)
        .values("family")
        .annotate(total=Count("pk"), published=Count("pk", filter=Q(status=Product.Status.PUBLISHED)))
        .order_by("family")
    )
    first_month = (now - datetime.timedelta(days=31 * (MONTHS - 1))).replace(day=1, hour=0, minute=0, second=0)
    by_month = (
        scope(Order.objects.filter(paid_at__gte=first_month), user, "artisan__province")
        .exclude(status=Order.Status.CANCELLED)
        .annotate(month=TruncMonth("paid_at"))
        .values("month")
        .annotate(orders=Count("pk"), sales=Coalesce(Sum(F("items_total")), 0))
        .order_by("-month")
    )
    return Dashboard(
        waiting=waiting,
        median_hours={"artisans": artisan_median, "products": product_median},
        decisions={"artisans": artisan_count, "products": product_count},
        artisans_by_province=[{**row, "name": province_name(row["province"])} for row in by_province],
        products_by_family=list(by_family),
        orders_by_month=list(by_month),
        national=national,
    )
