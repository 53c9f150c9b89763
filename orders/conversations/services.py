"""Writes of the conversations: start a thread, post a message, read, report (the batched mail: ``mail.py``).

Every function is one transaction and raises ``DomainError`` (or Django's ``ValidationError`` with field messages
for bad input); nothing is half-written: a refused attachment leaves no message and no file.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from craftmarket.common.errors import ConflictError, DomainError, NotFound
from craftmarket.common.uploads import check_upload_quota, validate_document, validate_image
from orders.models import Order

from . import tasks
from .masking import mask_contacts
from .models import MAX_ATTACHMENTS, MAX_BODY, Attachment, Message, Participant, Report, Thread


# --- helpers ------------------------------------------------------------------------------------------------------
def _lock_thread(thread_id: int) -> Thread:
    """The thread row, locked: every write to a thread's messages and participants holds it (one order: thread
    first, then its participants by pk)."""
    return Thread.objects.select_for_update().get(pk=thread_id)


def _participant(thread: Thread, user: Any) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(thread=thread, user=user).first()


def parties_have_paid_order(*, thread: Thread) -> bool:
    """Contact details may be exchanged once the buyer paid an order of this artisan through Craftmarket."""
    return Order.objects.filter(buyer_id=thread.buyer_id, artisan_id=thread.artisan_id, paid_at__isnull=False).exists()


def _validated_files(files: Sequence[IO[bytes]], *, owner: Any) -> list[tuple[IO[bytes], str, str]]:
    """(file, kind, content type) for each upload, or ValidationError on ``attachments``. Nothing is stored."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("Attach at most %(n)s files to one message.") % {"n": MAX_ATTACHMENTS}},
            code="too_many",
        )
    checked = []
    for upload in files:
        try:
            head = upload.read(5)
            upload.seek(0)
            if head.startswith(b"%PDF-"):
                content_type = validate_document(upload)
                kind = Attachment.Kind.DOCUMENT
            else:
                try:
                    content_type = validate_image(upload)
                except ValidationError as exc:
                    if exc.code in {"too_large", "too_many_pixels", "empty"}:
                        raise
                    raise ValidationError(
                        _("Attach photos (JPEG, PNG or WebP) or PDF documents only."), code="invalid_attachment"
                    )
                kind = Attachment.Kind.IMAGE
        except ValidationError as exc:
            name = str(getattr(upload, "name", "") or "")[:80]
            raise ValidationError({"attachments": [f"{name}: {m}" if name else m for m in exc.messages]})
        checked.append((upload, kind, content_type))
    try:
        check_upload_quota(user=owner, uploads=[upload for upload, _k, _c in checked])
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages})
    return checked


def _clean_body(body: str, *, has_files: bool) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body and not has_files:
        raise ValidationError({"body": _("Write a message or attach a file.")}, code="empty")
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": _("A message can be at most %(n)s characters.") % {"n": MAX_BODY}}, code="too_long"
        )
    return body


def _schedule_mail(participant: Participant, now: datetime.datetime) -> None:
    """Owe ``participant`` one mail about their unread messages: at the earliest after the short delay (so that
    someone reading along gets none) and never sooner than the window after the previous mail. A mail already
    owed covers this message too."""
    if participant.mail_due_at is not None:
        return
    due = now + settings.CONVERSATION_MAIL_DELAY
    if participant.last_mailed_at is not None:
        due = max(due, participant.last_mailed_at + settings.CONVERSATION_MAIL_WINDOW)
    participant.mail_due_at = due
    participant.save(update_fields=["mail_due_at"])
    transaction.on_commit(partial(tasks.enqueue_message_mail, participant.pk, due), robust=True)


# --- threads ------------------------------------------------------------------------------------------------------
def thread_start(
    *, by: Any, product: Product | None = None, order: Order | None = None, quote: Any = None
) -> tuple[Thread, bool]:
    """The one thread of ``by`` about ``product`` (as its buyer) or about ``order`` (as its buyer or artisan),
    created with both participants when it does not exist yet. Returns (thread, created).

    Refuses: anonymous users, a product that is not public, an artisan asking about their own product, an order
    that is not theirs (404)."""
    if not getattr(by, "is_authenticated", False):
        raise DomainError(_("Log in to send a message."), code="not_authenticated")
    if sum(subject is not None for subject in (product, order, quote)) != 1:
        raise DomainError(_("Choose a product or an order to write about."), code="no_subject")
    if quote is not None:
        # A quote (orders.quotes): its RFQ's buyer and its artisan, once the quote is sent.
        quote = type(quote).objects.select_related("rfq", "artisan__user").filter(pk=quote.pk).first()
        if quote is None or quote.status == "draft" or by.pk not in (quote.rfq.buyer_id, quote.artisan.user_id):
            raise NotFound()
        lookup = {"kind": Thread.Kind.QUOTE, "quote": quote}
        artisan, buyer = quote.artisan, quote.rfq.buyer
    elif product is not None:
        product = Product.objects.public().select_related("artisan__user").filter(pk=product.pk).first()
        if product is None:
            raise NotFound(_("This product is not available."))
        if product.artisan.user_id == by.pk:
            raise DomainError(_("This is your own product: you cannot ask yourself."), code="own_product")
        lookup = {"kind": Thread.Kind.PRODUCT, "buyer": by, "product": product}
        artisan, buyer = product.artisan, by
    else:
        order = Order.objects.select_related("artisan__user", "buyer").filter(pk=order.pk).first()
        if order is None or by.pk not in (order.buyer_id, order.artisan.user_id):
            raise NotFound()
        if order.buyer_id == order.artisan.user_id:
            raise DomainError(_("You cannot write to yourself."), code="own_order")
        lookup = {"kind": Thread.Kind.ORDER, "order": order}
        artisan, buyer = order.artisan, order.buyer
    existing = Thread.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            thread = Thread.objects.create(**{**lookup, "buyer": buyer, "artisan": artisan})
            Participant.objects.bulk_create(
                [
                    Participant(thread=thread, user=buyer, role=Participant.Role.BUYER),
                    Participant(thread=thread, user=artisan.user, role=Participant.Role.ARTISAN),
                ]
            )
    except IntegrityError:  # the same thread was started at the same moment
        return Thread.objects.get(**lookup), False
    return thread, True


def message_post(*, thread: Thread, by: Any, body: str, files: Sequence[IO[bytes]] = ()) -> Message:
    """Add a message from ``by`` (a participant; anyone else gets a 404) with up to five photos or PDFs.

    Contact details are masked unless the two parties have a paid order together. The sender's own message counts
    as read by them; the other side is owed one batched mail. Every file is validated before anything is
    written; if storing fails midway, the files already written are removed and no message remains."""
    if _participant(thread, by) is None:
        raise NotFound()
    files = list(files)
    body = _clean_body(body, has_files=bool(files))
    checked = _validated_files(files, owner=by)
    masked = mask_contacts(body) if body and not parties_have_paid_order(thread=thread) else None
    written: list[Attachment] = []
    try:
        with transaction.atomic():
            locked = _lock_thread(thread.pk)
            now = timezone.now()
            message = Message.objects.create(
                thread=locked,
                sender=by,
                body=masked.text if masked else body,
                masked_kinds=masked.kinds if masked else [],
                created_at=now,
            )
            for upload, kind, content_type in checked:
                attachment = Attachment(
                    message=message,
                    kind=kind,
                    content_type=content_type,
                    size=upload.size if getattr(upload, "size", None) else len(upload.read()),
                    filename=str(getattr(upload, "name", "") or "")[-120:],
                    status=Attachment.Status.READY if kind == Attachment.Kind.DOCUMENT else Attachment.Status.PENDING,
                )
                upload.seek(0)
                attachment.original.save(f"{uuid.uuid4().hex}.{_extension(content_type)}", upload, save=False)
                written.append(attachment)
                attachment.save()
            locked.last_message_at = now
            locked.save(update_fields=["last_message_at"])
            for participant in Participant.objects.select_for_update().filter(thread=locked).order_by("pk"):
                if participant.user_id == by.pk:
                    participant.last_read_message_id = message.pk
                    participant.last_read_at = now
                    participant.save(update_fields=["last_read_message_id", "last_read_at"])
                else:
                    _schedule_mail(participant, now)
            images = [a.pk for a in written if a.kind == Attachment.Kind.IMAGE]
            if images:
                transaction.on_commit(partial(tasks.enqueue_renditions, images), robust=True)
    except Exception:
        for attachment in written:
            if attachment.original.name:
                attachment.original.storage.delete(attachment.original.name)
        raise
    return message


def _extension(content_type: str) -> str:
    return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[content_type]


def thread_mark_read(*, thread: Thread, by: Any) -> bool:
    """``by`` has seen every message of the thread so far. Returns whether anything changed (no write when not).
    A mail owed to them is no longer owed."""
    latest = Message.objects.filter(thread=thread).aggregate(latest=Max("pk"))["latest"] or 0
    changed = Participant.objects.filter(thread=thread, user=by, last_read_message_id__lt=latest).update(
        last_read_message_id=latest, last_read_at=timezone.now(), mail_due_at=None
    )
    return bool(changed)


def thread_open_moderation(*, thread: Thread) -> Thread:
    """From now on the moderators of the artisan's province may read the thread (a report; later a complaint)."""
    Thread.objects.filter(pk=thread.pk, moderation_since__isnull=True).update(moderation_since=timezone.now())
    thread.refresh_from_db(fields=["moderation_since"])
    return thread


def thread_report(*, thread: Thread, by: Any, reason: str, note: str = "") -> Report:
    """A participant reports the thread with a reason; it is opened to moderation. Once per participant."""
    if _participant(thread, by) is None:
        raise NotFound()
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    note = (note or "").replace("\x00", "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": _("A note can be at most %(n)s characters.") % {"n": 1000}})
    if reason == Report.Reason.OTHER and not note:
        raise ValidationError({"note": _("Tell us what is wrong.")})
    try:
        with transaction.atomic():
            report = Report.objects.create(thread=thread, reporter=by, reason=reason, note=note)
            thread_open_moderation(thread=thread)
    except IntegrityError as exc:
        raise ConflictError(_("You have already reported this conversation."), code="already_reported") from exc
    return report


def conversation_start(
    *, by: Any, body: str, files: Sequence[IO[bytes]] = (), product: Product | None = None, order: Order | None = None
) -> tuple[Thread, Message, bool]:
    """Start (or reopen) the thread about ``product`` or ``order`` and post the first message, all or nothing: a
    refused message leaves no new thread. Returns (thread, message, whether the thread is new)."""
    files = list(files)
    _clean_body(body, has_files=bool(files))
    with transaction.atomic():
        thread, created = thread_start(by=by, product=product, order=order)
        message = message_post(thread=thread, by=by, body=body, files=files)
    return thread, message, created
