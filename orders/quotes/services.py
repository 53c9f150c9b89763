"""Every write of RFQs and quotes: create and distribute an RFQ, invite, close; draft, send, counter, revise,
accept, decline and withdraw a quote; expire what is past its date. One transaction each; refusals are
``DomainError`` (403/404/409) or ``ValidationError`` with field messages (400), raised before anything is written.

Locks: every write on a quote locks the RFQ row first, then the quote row (``_lock``), so two answers to one RFQ
(two accepts, an accept and an expiry) run one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q as DQ
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.business.models import BusinessProfile
from artisans.models import Artisan
from artisans.scoping import covers, moderators_for
from catalog.models import Category, Product
from craftmarket.common.errors import ConflictError, NotFound, PermissionDenied
from craftmarket.common.notifications import notify
from craftmarket.common.validators import PRICE_MAX, QUANTITY_MAX
from orders.conversations import services as conversations

from . import photos as photo_files
from .machine import ACCEPTABLE, LIVE, QUOTE_MACHINE, RFQ_LIVE, RFQ_MACHINE
from .models import (
    FREIGHT_TERMS,
    INSURANCE_TERMS,
    LEAD_DAYS_MAX,
    MAX_LADDER_ROWS,
    MAX_TEXT,
    RFQ,
    Incoterm,
    LadderRow,
    Quote,
    QuoteRevision,
    RFQRecipient,
    Unit,
)
from .production import quote_order_on_accept
from .rates import display_rate

R = RFQ.Status
Q = Quote.Status

__all__ = [
    "Rung",
    "expire_due",
    "quote_accept",
    "quote_counter",
    "quote_decline",
    "quote_draft",
    "quote_revise",
    "quote_send",
    "quote_withdraw",
    "rfq_close",
    "rfq_create",
    "rfq_invite",
]


@dataclass(frozen=True)
class Rung:
    """One row of a price ladder: from ``min_quantity`` pieces, ``unit_price`` rupiah each."""

    min_quantity: Any
    unit_price: Any


# --- cleaning -----------------------------------------------------------------------------------------------------


def _text(value: Any, *, field: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: [_("The text contains characters that are not allowed.")]})
    if len(text) > limit:
        raise ValidationError({field: [_("Write at most %(n)d characters.") % {"n": limit}]})
    if required and not text:
        raise ValidationError({field: [_("This field is required.")]})
    return text


def _int(value: Any, *, field: str, low: int, high: int, required: bool = True) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: [_("This field is required.")]})
        return None
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise ValidationError({field: [_("Enter a whole number.")]})
    number = int(text)
    if not low <= number <= high:
        raise ValidationError({field: [_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}]})
    return number


def _date(value: Any, *, field: str, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: [_("This field is required.")]})
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: [_("Enter a valid date (YYYY-MM-DD).")]})


def _choice(value: Any, choices: Iterable[str], *, field: str) -> str:
    text = str(value or "").strip()
    if text not in set(choices):
        raise ValidationError({field: [_("Choose one of the options.")]})
    return text


def _today() -> date:
    return timezone.localdate()


def _ladder(rungs: Sequence[Any]) -> list[tuple[int, int]]:
    """Rows sorted as given; refused unless quantities go up and prices go down (or stay), all positive."""
    rows: list[tuple[int, int]] = []
    for rung in rungs:
        quantity = rung.min_quantity if isinstance(rung, Rung) else rung.get("min_quantity")
        price = rung.unit_price if isinstance(rung, Rung) else rung.get("unit_price")
        rows.append(
            (
                _int(quantity, field="ladder", low=1, high=QUANTITY_MAX),
                _int(price, field="ladder", low=1, high=PRICE_MAX),
            )
        )
    if not rows:
        raise ValidationError({"ladder": [_("Add at least one price row.")]})
    if len(rows) > MAX_LADDER_ROWS:
        raise ValidationError({"ladder": [_("A price ladder has at most %(n)d rows.") % {"n": MAX_LADDER_ROWS}]})
    for (q1, p1), (q2, p2) in zip(rows, rows[1:], strict=False):
        if q2 <= q1:
            raise ValidationError({"ladder": [_("Each row needs a larger quantity than the row before.")]})
        if p2 > p1:
            raise ValidationError({"ladder": [_("A larger quantity cannot cost more per piece.")]})
    return rows


# --- access -------------------------------------------------------------------------------------------------------


def _artisan_of(user: Any) -> Artisan | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Artisan.objects.filter(user=user).first()


def _is_recipient(rfq: RFQ, artisan: Artisan | None) -> bool:
    return artisan is not None and RFQRecipient.objects.filter(rfq=rfq, artisan=artisan).exists()


def _lock(quote: Quote) -> tuple[RFQ, Quote]:
    rfq = RFQ.objects.select_for_update().filter(pk=quote.rfq_id).first()
    locked = Quote.objects.select_for_update().select_related("artisan__user").filter(pk=quote.pk).first()
    if rfq is None or locked is None:
        raise NotFound()
    locked.rfq = rfq
    return rfq, locked


def _latest(quote: Quote) -> QuoteRevision:
    return QuoteRevision.objects.prefetch_related("ladder").get(quote=quote, number=quote.revision)


def _rfq_url(rfq: RFQ) -> str:
    return f"/rfq/{rfq.public_id}/"


def _studio_rfq_url(rfq: RFQ) -> str:
    return f"/studio/rfq/{rfq.public_id}/"


# --- RFQ ----------------------------------------------------------------------------------------------------------


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


def _country(value: Any) -> str:
    text = str(value or "").strip().upper()
    if len(text) != 2 or not text.isalpha():
        raise ValidationError({"destination_country": [_("Choose the destination country.")]})
    return text


def _currency(value: Any) -> str:
    text = str(value or "").strip().upper()
    if text and (len(text) != 3 or not text.isalpha()):
        raise ValidationError({"target_currency": [_("Use a three-letter currency code, e.g. EUR.")]})
    return text


def _target(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"target_unit_price": [_("Enter a number.")]})
    if not number.is_finite() or number <= 0 or number >= Decimal("1e12"):
        raise ValidationError({"target_unit_price": [_("Enter a price above zero.")]})
    return number.quantize(Decimal("0.01"))


def _future(value: Any, *, field: str) -> date:
    day = _date(value, field=field)
    if day <= _today():
        raise ValidationError({field: [_("Choose a date after today.")]})
    if day > _today() + timedelta(days=365):
        raise ValidationError({field: [_("Choose a date within a year.")]})
    return day


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


# --- quotes -------------------------------------------------------------------------------------------------------


def _terms(
    *,
    quantity: Any,
    ladder: Sequence[Any],
    production_lead_days: Any,
    incoterm: str,
    incoterm_place: str,
    sample_included: bool = False,
    sample_price: Any = 0,
    sample_lead_days: Any = None,
    freight_estimate: Any = None,
    insurance_estimate: Any = None,
    deposit_percent: Any = 50,
    valid_until: Any = None,
    wanted_by: Any = None,
    notes: str = "",
) -> dict[str, Any]:
    """Every field of a revision checked at once (all field messages together); the ladder separately."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    today = _today()
    checks = {
        "quantity": lambda: _int(quantity, field="quantity", low=1, high=QUANTITY_MAX),
        "production_lead_days": lambda: _int(
            production_lead_days, field="production_lead_days", low=1, high=LEAD_DAYS_MAX
        ),
        "incoterm": lambda: _choice(incoterm, Incoterm.values, field="incoterm"),
        "incoterm_place": lambda: _text(incoterm_place, field="incoterm_place", required=True, limit=120),
        "sample_price": lambda: _int(
            sample_price or 0, field="sample_price", low=1 if sample_included else 0, high=PRICE_MAX
        ),
        "sample_lead_days": lambda: _int(
            sample_lead_days, field="sample_lead_days", low=1, high=LEAD_DAYS_MAX, required=bool(sample_included)
        ),
        "freight_estimate": lambda: _int(
            freight_estimate, field="freight_estimate", low=0, high=PRICE_MAX, required=False
        ),
        "insurance_estimate": lambda: _int(
            insurance_estimate, field="insurance_estimate", low=0, high=PRICE_MAX, required=False
        ),
        "deposit_percent": lambda: _int(
            50 if deposit_percent in (None, "") else deposit_percent, field="deposit_percent", low=1, high=100
        ),
        "valid_until": lambda: (
            _date(valid_until, field="valid_until", required=False)
            or today + timedelta(days=settings.QUOTE_VALIDITY_DAYS)
        ),
        "wanted_by": lambda: _date(wanted_by, field="wanted_by", required=False),
        "notes": lambda: _text(notes, field="notes"),
        "ladder": lambda: _ladder(ladder),
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if values.get("valid_until") and values["valid_until"] < today:
        errors.setdefault("valid_until", []).append(_("Choose a date from today on."))
    term = values.get("incoterm")
    if term in FREIGHT_TERMS and values.get("freight_estimate") is None:
        errors.setdefault("freight_estimate", []).append(_("%(term)s needs a freight estimate.") % {"term": term})
    if term in INSURANCE_TERMS and values.get("insurance_estimate") is None:
        errors.setdefault("insurance_estimate", []).append(_("%(term)s needs an insurance estimate.") % {"term": term})
    if values.get("ladder") and values.get("quantity") and values["ladder"][0][0] > values["quantity"]:
        errors.setdefault("ladder", []).append(_("The first row must start at or below the quantity quoted."))
    if errors:
        raise ValidationError(errors)
    values["sample_included"] = bool(sample_included)
    if not values["sample_included"]:
        values["sample_price"], values["sample_lead_days"] = 0, None
    return values


def _write_revision(quote: Quote, *, number: int, author: str, by: Any, terms: dict[str, Any], currency: str):
    ladder = terms.pop("ladder")
    revision = QuoteRevision.objects.create(
        quote=quote,
        number=number,
        author=author,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        display_currency=currency,
        display_rate=display_rate(currency) if currency else None,
        **terms,
    )
    LadderRow.objects.bulk_create([LadderRow(revision=revision, min_quantity=q, unit_price=p) for q, p in ladder])
    return revision


def quote_draft(*, rfq: RFQ, by: Any, **terms: Any) -> Quote:
    """An artisan the RFQ was sent to starts a quote (revision 1, a draft only they see). Refusals: not a recipient
    (NotFound: the RFQ does not exist for them), the RFQ no longer running or a quote already started
    (ConflictError), bad terms (ValidationError)."""
    artisan = _artisan_of(by)
    if not _is_recipient(rfq, artisan):
        raise NotFound()
    values = _terms(**terms)
    with transaction.atomic():
        locked = RFQ.objects.select_for_update().get(pk=rfq.pk)
        if locked.status not in RFQ_LIVE or locked.closes_on < _today():
            raise ConflictError(_("This request is no longer open for quotes."), code="rfq_closed")
        if Quote.objects.filter(rfq=locked, artisan=artisan).exists():
            raise ConflictError(_("You have already quoted on this request."), code="already_quoted")
        quote = Quote.objects.create(rfq=locked, artisan=artisan, valid_until=values["valid_until"], revision=1)
        quote.status_changes.create(from_status="", to_status=Q.DRAFT, actor=by)
        _write_revision(
            quote, number=1, author=QuoteRevision.Author.ARTISAN, by=by, terms=values, currency=_buyer_currency(locked)
        )
    return quote


def _buyer_currency(rfq: RFQ) -> str:
    return rfq.target_currency or ""


def quote_send(*, quote: Quote, by: Any) -> Quote:
    """The artisan sends a draft to the buyer; the first quote of an RFQ moves it to ``quoted``."""
    artisan = _artisan_of(by)
    if artisan is None or quote.artisan_id != artisan.pk:
        raise NotFound()
    with transaction.atomic():
        rfq, locked = _lock(quote)
        if rfq.status not in RFQ_LIVE:
            raise ConflictError(_("This request is no longer open for quotes."), code="rfq_closed")
        QUOTE_MACHINE.apply(instance=locked, target=Q.SENT, by=by)
        locked.sent_at = timezone.now()
        locked.save(update_fields=["sent_at", "updated_at"])
        if rfq.status == R.OPEN:
            rfq.first_quote_at = locked.sent_at
            rfq.save(update_fields=["first_quote_at", "updated_at"])
            RFQ_MACHINE.apply(instance=rfq, target=R.QUOTED, by=by)
        notify(
            event="quote_received",
            users=[rfq.buyer],
            context={"item": rfq.title, "artisan": artisan.business_name, "url": _quote_url(locked)},
        )
    return locked


def _quote_url(quote: Quote) -> str:
    return f"/quotes/{quote.public_id}/"


def _tell_artisan(quote: Quote, *, event: str, reason: str = "") -> None:
    notify(
        event=event,
        users=[quote.artisan.user],
        context={"item": quote.rfq.title, "reason": reason, "url": f"/studio/quotes/{quote.public_id}/"},
    )


def _buyer_quote(quote: Quote, by: Any) -> None:
    if not getattr(by, "is_authenticated", False) or quote.rfq.buyer_id != by.pk or quote.status == Q.DRAFT:
        raise NotFound()


def quote_counter(
    *, quote: Quote, by: Any, quantity: Any = None, unit_price: Any = None, wanted_by: Any = None, notes: str = ""
) -> QuoteRevision:
    """The buyer answers a sent or revised quote with other terms: a new numbered revision copying the latest one
    with the quantity, a single unit price (the whole ladder becomes one row) and the wanted-by date changed.
    The artisan answers with ``quote_revise`` (or withdraws)."""
    _buyer_quote(quote, by)
    if all(value in (None, "") for value in (quantity, unit_price, wanted_by)):
        raise ValidationError(
            {"unit_price": [_("Change the quantity, the unit price or the wanted-by date to make a counter-offer.")]}
        )
    with transaction.atomic():
        rfq, locked = _lock(quote)
        QUOTE_MACHINE.check(instance=locked, target=Q.COUNTERED)
        _check_not_past(locked)
        latest = _latest(locked)
        ladder = [(row.min_quantity, row.unit_price) for row in latest.ladder.all()]
        new_quantity = latest.quantity if quantity in (None, "") else quantity
        if unit_price not in (None, ""):
            ladder = [(1, unit_price)]
        terms = _terms(
            quantity=new_quantity,
            ladder=[Rung(q, p) for q, p in ladder],
            production_lead_days=latest.production_lead_days,
            incoterm=latest.incoterm,
            incoterm_place=latest.incoterm_place,
            sample_included=latest.sample_included,
            sample_price=latest.sample_price,
            sample_lead_days=latest.sample_lead_days,
            freight_estimate=latest.freight_estimate,
            insurance_estimate=latest.insurance_estimate,
            deposit_percent=latest.deposit_percent,
            valid_until=locked.valid_until,
            wanted_by=wanted_by if wanted_by not in (None, "") else latest.wanted_by,
            notes=notes,
        )
        number = locked.revision + 1
        revision = _write_revision(
            locked,
            number=number,
            author=QuoteRevision.Author.BUYER,
            by=by,
            terms=terms,
            currency=latest.display_currency,
        )
        locked.revision = number
        QUOTE_MACHINE.apply(
            instance=locked, target=Q.COUNTERED, by=by, reason=terms["notes"], update_fields=["revision"]
        )
        _tell_artisan(locked, event="quote_countered", reason=terms["notes"])
    return revision


def quote_revise(*, quote: Quote, by: Any, **terms: Any) -> QuoteRevision:
    """The artisan answers a counter with a new revision (the full terms, like the first quote)."""
    artisan = _artisan_of(by)
    if artisan is None or quote.artisan_id != artisan.pk:
        raise NotFound()
    values = _terms(**terms)
    with transaction.atomic():
        rfq, locked = _lock(quote)
        QUOTE_MACHINE.check(instance=locked, target=Q.REVISED)
        number = locked.revision + 1
        previous = _latest(locked)
        revision = _write_revision(
            locked,
            number=number,
            author=QuoteRevision.Author.ARTISAN,
            by=by,
            terms=values,
            currency=previous.display_currency,
        )
        locked.revision = number
        locked.valid_until = revision.valid_until
        QUOTE_MACHINE.apply(
            instance=locked, target=Q.REVISED, by=by, reason=revision.notes, update_fields=["revision", "valid_until"]
        )
        notify(
            event="quote_received",
            users=[rfq.buyer],
            context={"item": rfq.title, "artisan": artisan.business_name, "url": _quote_url(locked)},
        )
    return revision


def _check_not_past(quote: Quote) -> None:
    if quote.valid_until < _today():
        raise ConflictError(_("This quote is no longer valid."), code="quote_expired")


def quote_accept(*, quote: Quote, by: Any, revision: Any = None) -> Quote:
    """The buyer accepts the latest revision of a sent or revised quote that is still valid; the RFQ is awarded and
    the other live quotes declined. ``revision``, when given, must be the latest (a stale page gets a 409).
    Idempotent: accepting an already accepted quote again returns it unchanged. Refusals: expired, withdrawn,
    declined or countered (waiting for the artisan) quotes (TransitionNotAllowed/ConflictError, 409)."""
    _buyer_quote(quote, by)
    with transaction.atomic():
        rfq, locked = _lock(quote)
        if locked.status == Q.ACCEPTED:
            return locked
        if locked.status not in ACCEPTABLE:
            QUOTE_MACHINE.check(instance=locked, target=Q.ACCEPTED)
        _check_not_past(locked)
        if revision not in (None, "") and str(revision) != str(locked.revision):
            raise ConflictError(_("This quote has a newer revision. Please look at it first."), code="stale_revision")
        locked.accepted_revision = locked.revision
        QUOTE_MACHINE.apply(instance=locked, target=Q.ACCEPTED, by=by, update_fields=["accepted_revision"])
        if rfq.status != R.AWARDED:
            RFQ_MACHINE.apply(instance=rfq, target=R.AWARDED, by=by)
        locked.rfq = RFQ.objects.select_related("business", "buyer").get(pk=rfq.pk)
        quote_order_on_accept(quote=locked, by=by)
        _tell_artisan(locked, event="quote_accepted")
        for other in (
            Quote.objects.select_for_update()
            .select_related("artisan__user", "rfq")
            .filter(rfq=rfq, status__in=LIVE)
            .exclude(pk=locked.pk)
        ):
            QUOTE_MACHINE.apply(instance=other, target=Q.DECLINED, by=by, reason=_("Another quote was accepted."))
            _tell_artisan(other, event="quote_declined", reason=_("Another quote was accepted."))
    return locked


def quote_decline(*, quote: Quote, by: Any, reason: str) -> Quote:
    """The buyer declines a quote, with a reason the artisan reads."""
    _buyer_quote(quote, by)
    reason = _text(reason, field="reason", required=True)
    with transaction.atomic():
        _rfq, locked = _lock(quote)
        QUOTE_MACHINE.apply(instance=locked, target=Q.DECLINED, by=by, reason=reason)
        _tell_artisan(locked, event="quote_declined", reason=reason)
    return locked


def quote_withdraw(*, quote: Quote, by: Any, reason: str = "") -> Quote:
    """The artisan withdraws a quote that is not yet accepted."""
    artisan = _artisan_of(by)
    if artisan is None or quote.artisan_id != artisan.pk:
        raise NotFound()
    reason = _text(reason, field="reason")
    with transaction.atomic():
        rfq, locked = _lock(quote)
        was_draft = locked.status == Q.DRAFT
        QUOTE_MACHINE.apply(instance=locked, target=Q.WITHDRAWN, by=by, reason=reason)
        if not was_draft:
            notify(
                event="quote_withdrawn",
                users=[rfq.buyer],
                context={"item": rfq.title, "artisan": artisan.business_name, "reason": reason, "url": _rfq_url(rfq)},
            )
    return locked


# --- expiry -------------------------------------------------------------------------------------------------------


def expire_due(*, now: datetime | None = None) -> tuple[int, int]:
    """Expire running RFQs past their closing date and live quotes past their validity, each once (a second run
    finds nothing). Returns (RFQs, quotes) expired. Each row in its own transaction, locked and re-checked."""
    today = timezone.localdate(now or timezone.now())
    rfqs = quotes = 0
    for pk in list(RFQ.objects.filter(status__in=RFQ_LIVE, closes_on__lt=today).values_list("pk", flat=True)):
        with transaction.atomic():
            rfq = RFQ.objects.select_for_update().select_related("buyer").filter(pk=pk).first()
            if rfq is None or rfq.status not in RFQ_LIVE or rfq.closes_on >= today:
                continue
            RFQ_MACHINE.apply(instance=rfq, target=R.EXPIRED, reason="closing date passed")
            notify(event="rfq_expired", users=[rfq.buyer], context={"item": rfq.title, "url": _rfq_url(rfq)})
            rfqs += 1
    for pk in list(Quote.objects.filter(status__in=LIVE, valid_until__lt=today).values_list("pk", flat=True)):
        with transaction.atomic():
            quote = Quote.objects.filter(pk=pk).first()
            if quote is None:
                continue
            _rfq, locked = _lock(quote)
            if locked.status not in LIVE or locked.valid_until >= today:
                continue
            QUOTE_MACHINE.apply(instance=locked, target=Q.EXPIRED, reason="validity passed")
            _tell_artisan(locked, event="quote_expired")
            quotes += 1
    return rfqs, quotes


def quote_conversation(*, quote: Quote, by: Any):
    """The one conversation thread about ``quote`` (``orders.conversations``), started when it does not exist yet,
    for its buyer or its artisan (NotFound for anyone else, and for a draft). Returns the thread."""
    thread, _created = conversations.thread_start(by=by, quote=quote)
    return thread
