"""What the RFQ and quote services share: cleaning of the values they are given (each refusal a field message),
who the caller is, the RFQ-then-quote lock, and the links and notices of each side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from craftmarket.common.errors import NotFound
from craftmarket.common.notifications import notify
from craftmarket.common.validators import PRICE_MAX, QUANTITY_MAX

from ..models import MAX_LADDER_ROWS, MAX_TEXT, RFQ, Quote, QuoteRevision, RFQRecipient

R = RFQ.Status
Q = Quote.Status


@dataclass(frozen=True)
class Rung:
    """One row of a price ladder: from ``min_quantity`` pieces, ``unit_price`` rupiah each."""

    min_quantity: Any
    unit_price: Any


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


def _quote_url(quote: Quote) -> str:
    return f"/quotes/{quote.public_id}/"


def _tell_artisan(quote: Quote, *, event: str, reason: str = "") -> None:
    notify(
        event=event,
        users=[quote.artisan.user],
        context={"item": quote.rfq.title, "reason": reason, "url": f"/studio/quotes/{quote.public_id}/"},
    )
