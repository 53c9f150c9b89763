"""Every write of complaints: open, the artisan's answer, the buyer's reply to an offer, escalation, the moderators'
decision, one appeal, withdrawal, and the two deadlines the scheduled job moves. One transaction each; refusals are
``DomainError`` (403/404/409) or ``ValidationError`` with field messages (400); nothing is half-written (photos
stored by a refused write are deleted again).

Locks: the purchase, then the order, then the complaint (``_lock``), the order of ``orders.locks``. The outcome is
applied to the order in the transaction that resolves the complaint: a refund completes the order (escrow released
to the artisan in the ledger) and records the refund (``orders.services.refunds``: the Refund row and its ledger
entry, taken from the artisan's balance), a replacement sends the order back to processing, a rejection completes it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.scoping import covers, moderator_provinces, moderators_for
from craftmarket.common.errors import ConflictError, NotFound, PermissionDenied, TransitionNotAllowed
from craftmarket.common.notifications import notify
from craftmarket.common.uploads import check_upload_quota, validate_image
from craftmarket.common.validators import int_field_errors
from orders.conversations.services import thread_open_moderation, thread_start
from orders.locks import lock_purchase
from orders.models import Order, Purchase
from orders.services.lifecycle import complete_locked, reprocess_locked
from orders.services.refunds import refund_completed_locked

from .machine import ANSWERABLE, COMPLAINT_MACHINE, ESCALATABLE, WITHDRAWABLE
from .models import MAX_PHOTOS, MAX_TEXT, Complaint, ComplaintEvidence, ComplaintTransition, Outcome, Remedy

__all__ = [
    "complaint_accept_offer",
    "complaint_answer",
    "complaint_appeal",
    "complaint_decide",
    "complaint_decline_offer",
    "complaint_escalate",
    "complaint_expire_response",
    "complaint_finalize",
    "complaint_open",
    "complaint_withdraw",
    "is_moderator_for",
]

S = Complaint.Status


# --- checks -----------------------------------------------------------------------------------------------------


def _clean_text(value: Any, *, field: str, required: bool = False) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: [_("The text contains characters that are not allowed.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: [_("Write at most %(n)d characters.") % {"n": MAX_TEXT}]})
    if required and not text:
        raise ValidationError({field: [_("Write a few words.")]})
    return text


def _clean_choice(value: Any, choices: type, *, field: str) -> str:
    value = str(value or "").strip()
    if value not in choices.values:
        raise ValidationError({field: [_("Choose one of the options.")]})
    return value


def _clean_amount(value: Any, *, field: str, total: int) -> int:
    """A partial refund in whole rupiah: 1 … the order's total (items and shipping)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if value is None or value == "":
        raise ValidationError({field: [_("Enter the amount of the partial refund.")]})
    errors = int_field_errors(Complaint, "requested_amount", value)
    if errors:
        raise ValidationError({field: errors})
    if value > total:
        raise ValidationError(
            {field: [_("A refund is at most what was paid for the order (%(total)s rupiah).") % {"total": total}]}
        )
    return value


def _remedy_amount(remedy: str, amount: Any, *, field: str, total: int) -> int | None:
    if remedy in (Remedy.REFUND_PARTIAL, Outcome.REFUND_PARTIAL):
        return _clean_amount(amount, field=field, total=total)
    return None


def _check_photos(photos: Sequence[IO[bytes]], *, owner: Any) -> list[str]:
    """Validate every photo by its bytes, their number and the owner's upload quota, before any write; return
    their MIME types."""
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": [_("Add at most %(n)d photos.") % {"n": MAX_PHOTOS}]})
    types = []
    for photo in photos:
        try:
            types.append(validate_image(photo))
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages})
    try:
        check_upload_quota(user=owner, uploads=list(photos))
    except ValidationError as exc:
        raise ValidationError({"photos": exc.messages})
    return types


@contextlib.contextmanager
def _files_removed_on_failure() -> Iterator[list[tuple[Any, str]]]:
    written: list[tuple[Any, str]] = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise


def _role(complaint: Complaint, by: Any) -> str | None:
    if not getattr(by, "is_authenticated", False):
        return None
    if complaint.buyer_id == by.pk:
        return "buyer"
    if complaint.artisan.user_id == by.pk:
        return "artisan"
    return None


def is_moderator_for(*, user: Any, complaint: Complaint) -> bool:
    """A moderator who may decide ``complaint``: staff with ``complaints.change_complaint`` covering the artisan's
    province (Dekranas covers all, a Dekranasda moderator their own)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm("complaints.change_complaint")
        and covers(user, complaint.artisan.province)
    )


def _lock(complaint: Complaint) -> tuple[Purchase, Order, Complaint]:
    purchase_id = Order.objects.filter(pk=complaint.order_id).values_list("purchase_id", flat=True).first()
    purchase = lock_purchase(purchase_id) if purchase_id else None
    order = Order.objects.select_for_update().select_related("buyer", "artisan__user").filter(pk=complaint.order_id)
    order = order.first()
    locked = Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
    if purchase is None or order is None or locked is None:
        raise NotFound()
    locked.order, locked.artisan, locked.buyer = order, order.artisan, order.buyer
    return purchase, order, locked


def _require(complaint: Complaint, by: Any, role: str) -> None:
    found = _role(complaint, by)
    if found == role:
        return
    if found is None and not is_moderator_for(user=by, complaint=complaint):
        raise NotFound()
    if role == "buyer":
        raise PermissionDenied(_("Only the buyer can do this."))
    raise PermissionDenied(_("Only the artisan can answer this complaint."))


def _url(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def _tell(complaint: Complaint, users: list[Any]) -> None:
    notify(
        event="complaint_changed",
        users=users,
        context={"order": complaint.order.number, "item": complaint.get_status_display(), "url": _url(complaint)},
    )


def _other(complaint: Complaint, by: Any) -> list[Any]:
    return [complaint.artisan.user] if _role(complaint, by) == "buyer" else [complaint.buyer]


def _both(complaint: Complaint) -> list[Any]:
    return [complaint.buyer, complaint.artisan.user]


# --- the outcome ----------------------------------------------------------------------------------------------


def _resolve(
    *,
    purchase: Purchase,
    order: Order,
    complaint: Complaint,
    by: Any,
    outcome: str,
    amount: int | None,
    reason: str,
    now: datetime,
) -> None:
    """Apply ``outcome`` to the order and close the complaint. The caller holds the locks of ``_lock``."""
    if order.status != Order.Status.DELIVERED:
        raise ConflictError(_("The order is no longer waiting on this complaint."), code="order_not_delivered")
    note = _("Complaint about order %(order)s: %(outcome)s.") % {
        "order": order.number,
        "outcome": Outcome(outcome).label,
    }
    if outcome == Outcome.REPLACEMENT:
        reprocess_locked(order=order, by=by, reason=note)
    else:
        complete_locked(order=order, by=by, reason=note)
    if outcome in (Outcome.REFUND_FULL, Outcome.REFUND_PARTIAL):
        refund_amount = order.total if outcome == Outcome.REFUND_FULL else int(amount or 0)
        complaint.refund = refund_completed_locked(
            purchase=purchase, order=order, by=by, amount=refund_amount, reason=reason or note
        )
    complaint.outcome = outcome
    complaint.outcome_amount = amount if outcome == Outcome.REFUND_PARTIAL else None
    complaint.resolved_at = now
    COMPLAINT_MACHINE.apply(
        instance=complaint,
        target=S.RESOLVED,
        by=by,
        reason=reason or note,
        update_fields=["outcome", "outcome_amount", "resolved_at", "refund"],
    )
    _tell(complaint, _both(complaint))


# --- the parties ------------------------------------------------------------------------------------------------


def complaint_open(
    *,
    order: Order,
    by: Any,
    reason: Any,
    request: Any,
    description: Any,
    requested_amount: Any = None,
    photos: Sequence[IO[bytes]] = (),
) -> Complaint:
    """The buyer of a delivered order reports a problem within COMPLAINT_OPEN_WINDOW of delivery: the order stops
    completing (automatically or by confirmation) until the complaint is resolved or withdrawn.

    Refusals: not the buyer (PermissionDenied), an order not delivered or completed, the window passed, a complaint
    already open (ConflictError), a bad reason, request, amount (1 … the order's total, for a partial refund only),
    description, or a photo that is not an image (ValidationError)."""
    if not getattr(by, "is_authenticated", False) or order.buyer_id != by.pk:
        raise PermissionDenied(_("Only the buyer of this order can report a problem with it."))
    reason = _clean_choice(reason, Complaint.Reason, field="reason")
    request = _clean_choice(request, Remedy, field="request")
    description = _clean_text(description, field="description", required=True)
    amount = _remedy_amount(request, requested_amount, field="requested_amount", total=order.total)
    photos = list(photos)
    types = _check_photos(photos, owner=by)
    now = timezone.now()
    with _files_removed_on_failure() as written, transaction.atomic():
        purchase = lock_purchase(order.purchase_id)
        locked = Order.objects.select_for_update().select_related("buyer", "artisan__user").filter(pk=order.pk)
        locked = locked.first()
        if purchase is None or locked is None:
            raise NotFound()
        if locked.status == Order.Status.COMPLETED:
            raise ConflictError(
                _("This order is completed: problems are reported before completion."), code="order_completed"
            )
        if locked.status != Order.Status.DELIVERED or locked.delivered_at is None:
            raise ConflictError(_("A problem can be reported once the order is delivered."), code="not_delivered")
        if now > locked.delivered_at + settings.COMPLAINT_OPEN_WINDOW:
            raise ConflictError(
                _("Problems can be reported up to %(hours)d hours after delivery.")
                % {"hours": settings.COMPLAINT_OPEN_WINDOW.total_seconds() // 3600},
                code="complaint_window_closed",
            )
        if Complaint.objects.filter(order=locked).exclude(status__in=Complaint.CLOSED_STATUSES).exists():
            raise ConflictError(_("A complaint about this order is already open."), code="complaint_open")
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    order=locked,
                    artisan=locked.artisan,
                    buyer=locked.buyer,
                    reason=reason,
                    request=request,
                    requested_amount=amount,
                    description=description,
                    respond_by=now + settings.COMPLAINT_RESPONSE_WINDOW,
                    created_at=now,
                )
        except IntegrityError:
            raise ConflictError(_("A complaint about this order is already open."), code="complaint_open")
        for position, (photo, content_type) in enumerate(zip(photos, types, strict=True)):
            row = ComplaintEvidence(complaint=complaint, content_type=content_type, position=position, created_at=now)
            row.original.save(getattr(photo, "name", "") or "photo.jpg", photo, save=False)
            written.append((row.original.storage, row.original.name))
            row.save()
        ComplaintTransition.objects.create(
            complaint=complaint, from_status="", to_status=S.OPEN, actor=by, reason=description, created_at=now
        )
        # The order's conversation becomes readable by the moderators who may decide the complaint.
        thread, _created = thread_start(by=by, order=locked)
        thread_open_moderation(thread=thread)
        complaint.thread = thread
        complaint.save(update_fields=["thread", "updated_at"])
        notify(
            event="complaint_opened",
            users=[locked.artisan.user],
            context={
                "order": locked.number,
                "item": complaint.get_reason_display(),
                "pay_before": complaint.respond_by,
                "url": _url(complaint),
            },
        )
    return complaint


@transaction.atomic
def complaint_answer(
    *, complaint: Complaint, by: Any, action: Any, message: Any = "", offer: Any = "", offer_amount: Any = None
) -> Complaint:
    """The artisan answers an open complaint (also after the deadline, until someone escalates): ``accept`` applies
    the buyer's request at once; ``offer`` proposes another remedy the buyer accepts or declines; ``dispute`` says
    why the complaint is wrong (a message is required), and either party may then escalate."""
    purchase, order, locked = _lock(complaint)
    _require(locked, by, "artisan")
    action = str(action or "").strip()
    if action not in ("accept", "offer", "dispute"):
        raise ValidationError({"action": [_("Choose one of the options.")]})
    message = _clean_text(message, field="message", required=action == "dispute")
    if locked.status not in ANSWERABLE:
        raise TransitionNotAllowed(_("This complaint has already been answered."), code="already_answered")
    now = timezone.now()
    locked.answer, locked.answered_at = message, now
    if action == "accept":
        locked.save(update_fields=["answer", "answered_at", "updated_at"])
        _resolve(
            purchase=purchase,
            order=order,
            complaint=locked,
            by=by,
            outcome=locked.request,
            amount=locked.requested_amount,
            reason=message or _("Accepted by the artisan."),
            now=now,
        )
        return locked
    if action == "offer":
        remedy = _clean_choice(offer, Remedy, field="offer")
        locked.offer = remedy
        locked.offer_amount = _remedy_amount(remedy, offer_amount, field="offer_amount", total=order.total)
        target, fields = S.OFFERED, ["answer", "answered_at", "offer", "offer_amount"]
    else:
        target, fields = S.DISPUTED, ["answer", "answered_at"]
    COMPLAINT_MACHINE.apply(instance=locked, target=target, by=by, reason=message, update_fields=fields)
    _tell(locked, [locked.buyer])
    return locked


@transaction.atomic
def complaint_accept_offer(*, complaint: Complaint, by: Any) -> Complaint:
    """The buyer accepts the artisan's offer: it is applied to the order at once."""
    purchase, order, locked = _lock(complaint)
    _require(locked, by, "buyer")
    if locked.status != S.OFFERED:
        raise TransitionNotAllowed(_("There is no offer to accept."), code="no_offer")
    _resolve(
        purchase=purchase,
        order=order,
        complaint=locked,
        by=by,
        outcome=locked.offer,
        amount=locked.offer_amount,
        reason=_("The buyer accepted the artisan's offer."),
        now=timezone.now(),
    )
    return locked


@transaction.atomic
def complaint_decline_offer(*, complaint: Complaint, by: Any, reason: Any = "") -> Complaint:
    """The buyer declines the artisan's offer; either party may then escalate to Dekranas."""
    _purchase, _order, locked = _lock(complaint)
    _require(locked, by, "buyer")
    reason = _clean_text(reason, field="reason")
    if locked.status != S.OFFERED:
        raise TransitionNotAllowed(_("There is no offer to decline."), code="no_offer")
    COMPLAINT_MACHINE.apply(instance=locked, target=S.DECLINED, by=by, reason=reason)
    _tell(locked, [locked.artisan.user])
    return locked


@transaction.atomic
def complaint_escalate(*, complaint: Complaint, by: Any, reason: Any = "") -> Complaint:
    """Either party asks Dekranas to decide: after a dispute, a declined or pending offer, or no answer in time."""
    _purchase, _order, locked = _lock(complaint)
    if _role(locked, by) is None:
        raise NotFound()
    reason = _clean_text(reason, field="reason")
    if locked.status not in ESCALATABLE:
        raise TransitionNotAllowed(
            _("A complaint is escalated after a dispute, an offer, or no answer in time."),
            code="not_escalatable",
        )
    locked.escalated_at = timezone.now()
    COMPLAINT_MACHINE.apply(instance=locked, target=S.ESCALATED, by=by, reason=reason, update_fields=["escalated_at"])
    _tell(locked, _other(locked, by))
    notify(
        event="complaint_escalated",
        users=moderators_for(province=locked.artisan.province),
        context={"order": locked.order.number, "url": reverse("admin:complaints_complaint_change", args=[locked.pk])},
    )
    return locked


@transaction.atomic
def complaint_withdraw(*, complaint: Complaint, by: Any) -> Complaint:
    """The buyer withdraws the complaint before it is escalated: the order completes as usual again."""
    _purchase, _order, locked = _lock(complaint)
    _require(locked, by, "buyer")
    if locked.status not in WITHDRAWABLE:
        raise TransitionNotAllowed(_("This complaint can no longer be withdrawn."), code="not_withdrawable")
    COMPLAINT_MACHINE.apply(instance=locked, target=S.WITHDRAWN, by=by, reason=_("Withdrawn by the buyer."))
    _tell(locked, [locked.artisan.user])
    return locked


@transaction.atomic
def complaint_appeal(*, complaint: Complaint, by: Any, reason: Any) -> Complaint:
    """Either party appeals a moderator's decision once, within COMPLAINT_APPEAL_WINDOW; a national moderator
    decides the appeal, and that decision is final."""
    _purchase, _order, locked = _lock(complaint)
    if _role(locked, by) is None:
        raise NotFound()
    reason = _clean_text(reason, field="reason", required=True)
    now = timezone.now()
    if locked.status != S.DECIDED:
        raise TransitionNotAllowed(_("Only a moderator's decision can be appealed, once."), code="not_appealable")
    if locked.appeal_by is None or now > locked.appeal_by:
        raise ConflictError(_("The time to appeal this decision has passed."), code="appeal_window_closed")
    locked.appeal_reason, locked.appealed_at = reason, now
    COMPLAINT_MACHINE.apply(
        instance=locked, target=S.APPEALED, by=by, reason=reason, update_fields=["appeal_reason", "appealed_at"]
    )
    _tell(locked, _other(locked, by))
    notify(
        event="complaint_escalated",
        users=moderators_for(province=locked.artisan.province),
        context={"order": locked.order.number, "url": reverse("admin:complaints_complaint_change", args=[locked.pk])},
    )
    return locked


# --- the moderators ------------------------------------------------------------------------------------------


@transaction.atomic
def complaint_decide(*, complaint: Complaint, by: Any, outcome: Any, reason: Any, amount: Any = None) -> Complaint:
    """A moderator decides an escalated complaint (a Dekranas moderator, or a Dekranasda moderator of the artisan's
    province), with a reason; the decision is applied when the appeal window passes. An appealed complaint is
    decided by a national moderator, finally: that decision is applied at once."""
    purchase, order, locked = _lock(complaint)
    if not is_moderator_for(user=by, complaint=locked):
        if _role(locked, by) is not None:
            raise PermissionDenied(_("Only a moderator can decide a complaint."))
        raise NotFound()
    outcome = _clean_choice(outcome, Outcome, field="outcome")
    reason = _clean_text(reason, field="reason", required=True)
    amount = _remedy_amount(outcome, amount, field="amount", total=order.total)
    now = timezone.now()
    if locked.status == S.APPEALED:
        if moderator_provinces(by) is not None:
            raise PermissionDenied(_("An appeal is decided by a national Dekranas moderator."))
        locked.decision_reason, locked.decided_by, locked.decided_at = reason, by, now
        locked.save(update_fields=["decision_reason", "decided_by", "decided_at", "updated_at"])
        _resolve(
            purchase=purchase, order=order, complaint=locked, by=by, outcome=outcome, amount=amount, reason=reason,
            now=now,
        )  # fmt: skip
        return locked
    if locked.status != S.ESCALATED:
        raise TransitionNotAllowed(_("Only an escalated or appealed complaint is decided."), code="not_escalated")
    locked.outcome, locked.outcome_amount, locked.decision_reason = outcome, amount, reason
    locked.decided_by, locked.decided_at = by, now
    locked.appeal_by = now + settings.COMPLAINT_APPEAL_WINDOW
    COMPLAINT_MACHINE.apply(
        instance=locked,
        target=S.DECIDED,
        by=by,
        reason=reason,
        update_fields=["outcome", "outcome_amount", "decision_reason", "decided_by", "decided_at", "appeal_by"],
    )
    _tell(locked, _both(locked))
    return locked


# --- deadlines (the scheduled job) -------------------------------------------------------------------------------


@transaction.atomic
def complaint_expire_response(*, complaint_id: int, now: datetime | None = None) -> bool:
    """An open complaint the artisan did not answer by ``respond_by`` becomes ``unanswered`` (escalatable). Safe
    to run twice: a complaint that moved on, or is not due, is left alone."""
    now = now or timezone.now()
    found = Complaint.objects.filter(pk=complaint_id).first()
    if found is None:
        return False
    _purchase, _order, locked = _lock(found)
    if locked.status != S.OPEN or locked.respond_by > now:
        return False
    COMPLAINT_MACHINE.apply(
        instance=locked, target=S.UNANSWERED, by=None, reason=_("The artisan did not answer in time.")
    )
    _tell(locked, _both(locked))
    return True


@transaction.atomic
def complaint_finalize(*, complaint_id: int, now: datetime | None = None) -> bool:
    """A decision not appealed by ``appeal_by`` is applied to the order. Safe to run twice."""
    now = now or timezone.now()
    found = Complaint.objects.filter(pk=complaint_id).first()
    if found is None:
        return False
    purchase, order, locked = _lock(found)
    if locked.status != S.DECIDED or locked.appeal_by is None or locked.appeal_by > now:
        return False
    _resolve(
        purchase=purchase,
        order=order,
        complaint=locked,
        by=locked.decided_by,
        outcome=locked.outcome,
        amount=locked.outcome_amount,
        reason=_("Decision applied after the appeal window."),
        now=now,
    )
    return True
