"""Quotes: draft, send, counter, revise (each change a numbered revision), accept (the order, in the same
transaction), decline and withdraw; the conversation of a quote."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError, NotFound
from craftmarket.common.notifications import notify
from craftmarket.common.validators import PRICE_MAX, QUANTITY_MAX
from orders.conversations import services as conversations

from ..machine import ACCEPTABLE, LIVE, QUOTE_MACHINE, RFQ_LIVE, RFQ_MACHINE
from ..models import FREIGHT_TERMS, INSURANCE_TERMS, LEAD_DAYS_MAX, RFQ, Incoterm, LadderRow, Quote, QuoteRevision
from ..production import quote_order_on_accept
from ..rates import display_rate
from .common import (
    Rung,
    _artisan_of,
    _choice,
    _date,
    _int,
    _is_recipient,
    _ladder,
    _latest,
    _lock,
    _quote_url,
    _rfq_url,
    _tell_artisan,
    _text,
    _today,
)

R = RFQ.Status
Q = Quote.Status


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


def quote_conversation(*, quote: Quote, by: Any):
    """The one conversation thread about ``quote`` (``orders.conversations``), started when it does not exist yet,
    for its buyer or its artisan (NotFound for anyone else, and for a draft). Returns the thread."""
    thread, _created = conversations.thread_start(by=by, quote=quote)
    return thread
