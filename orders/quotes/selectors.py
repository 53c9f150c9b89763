"""Reads of RFQs and quotes, already scoped to who asks and already joined.

Buyers see their own RFQs and the quotes on them that are not drafts; artisans see only the RFQs sent to them and
only their own quotes. Anything else does not exist for the caller (``None`` → 404)."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from artisans.models import Artisan
from artisans.scoping import covers, scope

from .machine import VISIBLE_TO_BUYER
from .models import RFQ, GoodsPhoto, LadderRow, Quote, QuoteOrder, QuoteRevision, RFQPhoto


def _uuid(value: Any) -> UUID | None:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _revisions() -> Prefetch:
    return Prefetch(
        "revisions",
        queryset=QuoteRevision.objects.order_by("number").prefetch_related(
            Prefetch("ladder", queryset=LadderRow.objects.order_by("min_quantity"))
        ),
    )


def _quotes_for_buyer() -> QuerySet[Quote]:
    return (
        Quote.objects.filter(status__in=VISIBLE_TO_BUYER)
        .select_related("artisan", "rfq")
        .prefetch_related(_revisions())
        .order_by("created_at", "pk")
    )


def rfqs_for_buyer(*, user: Any) -> QuerySet[RFQ]:
    if not getattr(user, "is_authenticated", False):
        return RFQ.objects.none()
    return (
        RFQ.objects.filter(buyer=user)
        .select_related("category", "business")
        .prefetch_related(Prefetch("quotes", queryset=_quotes_for_buyer()))
        .order_by("-created_at", "-pk")
    )


def rfq_for_buyer(*, user: Any, public_id: Any) -> RFQ | None:
    key = _uuid(public_id)
    return rfqs_for_buyer(user=user).filter(public_id=key).first() if key else None


def rfqs_for_artisan(*, artisan: Artisan | None) -> QuerySet[RFQ]:
    if artisan is None:
        return RFQ.objects.none()
    return (
        RFQ.objects.filter(recipients__artisan=artisan)
        .select_related("category", "business")
        .prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.filter(artisan=artisan).prefetch_related(_revisions()))
        )
        .distinct()
        .order_by("-created_at", "-pk")
    )


def rfq_for_artisan(*, artisan: Artisan | None, public_id: Any) -> RFQ | None:
    key = _uuid(public_id)
    return rfqs_for_artisan(artisan=artisan).filter(public_id=key).first() if key else None


def quote_for_buyer(*, user: Any, public_id: Any) -> Quote | None:
    key = _uuid(public_id)
    if key is None or not getattr(user, "is_authenticated", False):
        return None
    return _quotes_for_buyer().filter(rfq__buyer=user, public_id=key).first()


def quotes_for_artisan(*, artisan: Artisan | None) -> QuerySet[Quote]:
    if artisan is None:
        return Quote.objects.none()
    return (
        Quote.objects.filter(artisan=artisan)
        .select_related("rfq", "rfq__business", "artisan")
        .prefetch_related(_revisions())
        .order_by("-updated_at", "-pk")
    )


def quote_for_artisan(*, artisan: Artisan | None, public_id: Any) -> Quote | None:
    key = _uuid(public_id)
    return quotes_for_artisan(artisan=artisan).filter(public_id=key).first() if key else None


def quote_for_user(*, user: Any, public_id: Any) -> Quote | None:
    """The quote as its buyer or its artisan sees it (the API's one detail endpoint)."""
    artisan = getattr(user, "artisan", None) if getattr(user, "is_authenticated", False) else None
    return quote_for_buyer(user=user, public_id=public_id) or quote_for_artisan(artisan=artisan, public_id=public_id)


def quote_order_for_user(*, user: Any, pk: Any) -> QuoteOrder | None:
    """A sample or production order as its buyer or its artisan sees it."""
    if not getattr(user, "is_authenticated", False) or not str(pk).isdigit() or int(str(pk)) > 2**31:
        return None
    return (
        QuoteOrder.objects.select_related("quote__rfq", "quote__artisan", "first_order", "balance_order")
        .filter(Q(quote__rfq__buyer=user) | Q(quote__artisan__user=user), pk=int(str(pk)))
        .first()
    )


def quote_orders_for_quote(*, quote: Quote) -> list[QuoteOrder]:
    return list(
        QuoteOrder.objects.filter(quote=quote)
        .select_related("quote__rfq", "first_order__purchase", "balance_order__purchase")
        .prefetch_related("photos")
        .order_by("pk")
    )


def goods_photo_for_user(*, user: Any, pk: Any) -> GoodsPhoto | None:
    """A photo of finished goods for the order's buyer, its artisan, or staff covering the artisan's province."""
    if not getattr(user, "is_authenticated", False) or not str(pk).isdigit() or int(str(pk)) > 2**31:
        return None
    photo = (
        GoodsPhoto.objects.select_related("quote_order__quote__rfq", "quote_order__quote__artisan")
        .filter(pk=int(str(pk)))
        .first()
    )
    if photo is None:
        return None
    quote = photo.quote_order.quote
    if user.pk in (quote.rfq.buyer_id, quote.artisan.user_id):
        return photo
    if user.is_staff and user.has_perm("quotes.view_quoteorder") and covers(user, quote.artisan.province):
        return photo
    return None


def rfq_photo_for_user(*, user: Any, pk: Any) -> RFQPhoto | None:
    """A reference photo of an RFQ for its buyer, an artisan it was sent to, or staff covering the province of one
    of those artisans."""
    if not getattr(user, "is_authenticated", False) or not str(pk).isdigit() or int(str(pk)) > 2**31:
        return None
    photo = RFQPhoto.objects.select_related("rfq").filter(pk=int(str(pk))).first()
    if photo is None:
        return None
    rfq = photo.rfq
    if user.pk == rfq.buyer_id:
        return photo
    provinces = list(rfq.recipients.values_list("artisan__province", "artisan__user_id"))
    if any(user_id == user.pk for _province, user_id in provinces):
        return photo
    if user.is_staff and user.has_perm("quotes.view_rfq") and any(covers(user, p) for p, _u in provinces):
        return photo
    return None


def rfq_dashboard(*, user: Any, now: datetime | None = None, months: int = 12) -> list[dict[str, Any]]:
    """The moderators' dashboard line, per month of the last ``months`` (newest first), scoped to the RFQs sent to
    artisans of the provinces ``user`` covers: RFQs posted, response rate (share with at least one quote sent),
    median hours to the first quote, conversion (share that became an order)."""
    now = now or timezone.now()
    since = (now - timedelta(days=31 * (months - 1))).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = (
        scope(RFQ.objects.filter(created_at__gte=since), user, "recipients__artisan__province")
        .annotate(ordered=Exists(QuoteOrder.objects.filter(quote__rfq=OuterRef("pk"))))
        .values_list("pk", "created_at", "first_quote_at", "ordered")
        .distinct()
    )
    months_seen: dict[tuple[int, int], dict[str, Any]] = {}
    for _pk, created, first_quote, ordered in rows:
        local = timezone.localtime(created)
        month = months_seen.setdefault(
            (local.year, local.month),
            {"month": local.date().replace(day=1), "rfqs": 0, "answered": 0, "ordered": 0, "hours": []},
        )
        month["rfqs"] += 1
        month["ordered"] += bool(ordered)
        if first_quote is not None:
            month["answered"] += 1
            month["hours"].append((first_quote - created).total_seconds() / 3600)
    result = []
    for key in sorted(months_seen, reverse=True):
        month = months_seen[key]
        hours = month.pop("hours")
        month["response_rate"] = round(100 * month["answered"] / month["rfqs"])
        month["conversion"] = round(100 * month["ordered"] / month["rfqs"])
        month["median_hours"] = round(statistics.median(hours), 1) if hours else None
        result.append(month)
    return result
