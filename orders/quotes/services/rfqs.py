"""RFQs: create and distribute one (direct to an artisan, or open to matching verified artisans and the
moderators of their provinces), invite one more artisan, close one without an award."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q as DQ
from django.utils.translation import gettext as _

from artisans.business.models import BusinessProfile
from artisans.models import Artisan
from artisans.scoping import covers, moderators_for
from catalog.models import Category, Product
from craftmarket.common.errors import ConflictError, NotFound, PermissionDenied
from craftmarket.common.notifications import notify
from craftmarket.common.validators import QUANTITY_MAX

from .. import photos as photo_files
from ..machine import LIVE, QUOTE_MACHINE, RFQ_LIVE, RFQ_MACHINE
from ..models import RFQ, Incoterm, Quote, RFQRecipient, Unit
from ..rates import display_rate
from .common import _choice, _country, _currency, _date, _future, _int, _studio_rfq_url, _target, _tell_artisan, _text

R = RFQ.Status
Q = Quote.Status


def _matching_artisans(*, category: Category | None, quantity: int, limit: int) -> list[Artisan]:
    """Verified artisans of the category (or its family) whose monthly capacity (when stated) reaches the quantity,
    largest capacity first, at most ``limit``."""
    artisans = Artisan.objects.public().select_related("user")
    if category is not None:
        family = [category.pk] + ([category.parent_id] if category.parent_id else [])
        family += list(Category.objects.filter(parent_id=category.pk).values_list("pk", flat=True))
        artisans = artisans.filter(categories__in=family)
    artisans = artisans.filter(DQ(capacity_per_month__isnull=True) | DQ(capacity_per_month__gte=quantity))
    return list(artisans.distinct().order_by("-capacity_per_month", "pk")[:limit])


def rfq_create(
    *,
    buyer: Any,
    title: str,
    quantity: Any,
    destination_country: str,
    destination_place: str,
    incoterm: str,
    incoterm_place: str,
    closes_on: Any,
    description: str = "",
    unit: str = Unit.PIECES,
    category: Category | None = None,
    reference_product: Product | None = None,
    artisan: Artisan | None = None,
    sizes: str = "",
    colours: str = "",
    materials: str = "",
    custom_logo: bool = False,
    custom_packaging: bool = False,
    target_unit_price: Any = None,
    target_currency: str = "",
    wanted_by: Any = None,
    sample_wanted: bool = False,
    photos: Sequence[IO[bytes]] = (),
) -> RFQ:
    """A business buyer posts an RFQ and it is sent at once: to ``artisan`` (a verified one) when given, else to
        at most RFQ_OPEN_MAX_ARTISANS verified artisans matching the category and quantity, and the Dekranasda
        moderators of their provinces are told (they may invite others). Refusals: no business profile
        (PermissionDenied, code ``business_required``), a missing or bad field, a closing date not in the future
        (ValidationError with field messages), no artisan matches (ConflictError ``no_match``). Reference ``photos`` (at
    most MAX_RFQ_PHOTOS) go through the image pipeline (``orders.quotes.photos``), private to the parties and staff."""
    if not getattr(buyer, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to request a quote."))
    business = BusinessProfile.objects.filter(user=buyer).first()
    if business is None:
        raise PermissionDenied(
            _("Add your business profile before requesting a quote."), code="business_required", field="business"
        )
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    checks = {
        "title": lambda: _text(title, field="title", required=True, limit=140),
        "description": lambda: _text(description, field="description"),
        "quantity": lambda: _int(quantity, field="quantity", low=1, high=QUANTITY_MAX),
        "unit": lambda: _choice(unit, Unit.values, field="unit"),
        "destination_country": lambda: _country(destination_country),
        "destination_place": lambda: _text(destination_place, field="destination_place", required=True, limit=120),
        "incoterm": lambda: _choice(incoterm, Incoterm.values, field="incoterm"),
        "incoterm_place": lambda: _text(incoterm_place, field="incoterm_place", required=True, limit=120),
        "closes_on": lambda: _future(closes_on, field="closes_on"),
        "wanted_by": lambda: _date(wanted_by, field="wanted_by", required=False),
        "sizes": lambda: _text(sizes, field="sizes", limit=200),
        "colours": lambda: _text(colours, field="colours", limit=200),
        "materials": lambda: _text(materials, field="materials", limit=200),
        "target_unit_price": lambda: _target(target_unit_price),
        "target_currency": lambda: _currency(target_currency),
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if values.get("target_unit_price") is not None and not values.get("target_currency"):
        errors.setdefault("target_currency", []).append(_("Name the currency of the target price."))
    if values.get("wanted_by") and values.get("closes_on") and values["wanted_by"] < values["closes_on"]:
        errors.setdefault("wanted_by", []).append(_("The wanted-by date must be on or after the closing date."))
    if artisan is not None and not artisan.is_public:
        errors.setdefault("artisan", []).append(_("This artisan cannot receive requests."))
    try:
        photos = photo_files.checked(photos, by=buyer)
    except ValidationError as exc:
        errors.setdefault("photos", []).extend(exc.message_dict["photos"])
    if errors:
        raise ValidationError(errors)
    with photo_files.removed_on_failure() as written, transaction.atomic():
        if artisan is not None:
            recipients = [artisan]
        else:
            recipients = _matching_artisans(
                category=category, quantity=values["quantity"], limit=settings.RFQ_OPEN_MAX_ARTISANS
            )
            if not recipients:
                raise ConflictError(
                    _("No verified workshop matches this request yet. Try another category or a smaller quantity."),
                    code="no_match",
                )
        currency = values["target_currency"]
        rfq = RFQ.objects.create(
            buyer=buyer,
            business=business,
            mode=RFQ.Mode.DIRECT if artisan is not None else RFQ.Mode.OPEN,
            category=category,
            reference_product=reference_product,
            custom_logo=bool(custom_logo),
            custom_packaging=bool(custom_packaging),
            sample_wanted=bool(sample_wanted),
            target_rate=display_rate(currency) if currency else None,
            **values,
        )
        RFQRecipient.objects.bulk_create([RFQRecipient(rfq=rfq, artisan=a) for a in recipients])
        photo_files.store_rfq_photos_locked(rfq, photos, written)
        rfq.status_changes.create(from_status="", to_status=R.OPEN, actor=buyer, reason="")
        notify(
            event="rfq_received",
            users=[a.user for a in recipients],
            context={"item": rfq.title, "url": _studio_rfq_url(rfq)},
        )
        if rfq.mode == RFQ.Mode.OPEN:
            staff: dict[int, Any] = {}
            for province in sorted({a.province for a in recipients}):
                staff.update({u.pk: u for u in moderators_for(province=province)})
            notify(
                event="rfq_open_moderators",
                users=list(staff.values()),
                context={"item": rfq.title, "url": f"/{settings.ADMIN_URL}quotes/rfq/{rfq.pk}/change/"},
            )
    return rfq


def rfq_invite(*, rfq: RFQ, artisan: Artisan, by: Any) -> RFQRecipient:
    """A moderator covering ``artisan``'s province sends an open RFQ to one more verified artisan. Refusals: not a
    moderator of that province (PermissionDenied), a direct or finished RFQ or an artisan already invited
    (ConflictError), an artisan not verified (ValidationError)."""
    if not getattr(by, "is_staff", False) or not covers(by, artisan.province):
        raise PermissionDenied(_("Only the moderators of the artisan's province can invite them."))
    if not artisan.is_public:
        raise ValidationError({"artisan": [_("Only verified artisans can be invited.")]})
    with transaction.atomic():
        locked = RFQ.objects.select_for_update().filter(pk=rfq.pk).first()
        if locked is None:
            raise NotFound()
        if locked.mode != RFQ.Mode.OPEN or locked.status not in RFQ_LIVE:
            raise ConflictError(_("Only open requests that are still running take invitations."), code="rfq_closed")
        if RFQRecipient.objects.filter(rfq=locked, artisan=artisan).exists():
            raise ConflictError(_("This artisan already has this request."), code="already_invited")
        recipient = RFQRecipient.objects.create(rfq=locked, artisan=artisan, invited_by=by)
        notify(
            event="rfq_received",
            users=[artisan.user],
            context={"item": locked.title, "url": _studio_rfq_url(locked)},
        )
    return recipient


def rfq_close(*, rfq: RFQ, by: Any, reason: str = "") -> RFQ:
    """The buyer closes a running RFQ (no award); its live quotes are declined with the same reason."""
    if not getattr(by, "is_authenticated", False) or rfq.buyer_id != by.pk:
        raise NotFound()
    reason = _text(reason, field="reason")
    with transaction.atomic():
        locked = RFQ.objects.select_for_update().get(pk=rfq.pk)
        RFQ_MACHINE.apply(instance=locked, target=R.CLOSED, by=by, reason=reason)
        for quote in (
            Quote.objects.select_for_update()
            .select_related("artisan__user")
            .filter(rfq=locked, status__in=LIVE - {Q.COUNTERED})
        ):
            QUOTE_MACHINE.apply(instance=quote, target=Q.DECLINED, by=by, reason=reason or _("Request closed"))
            _tell_artisan(quote, event="quote_declined", reason=reason)
        for quote in Quote.objects.select_for_update().filter(rfq=locked, status__in=[Q.COUNTERED, Q.DRAFT]):
            QUOTE_MACHINE.apply(instance=quote, target=Q.WITHDRAWN if quote.status == Q.DRAFT else Q.DECLINED, by=by)
    return locked
