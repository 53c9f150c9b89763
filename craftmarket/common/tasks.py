"""Shared Celery tasks: renditions of any image row, notification mail, the digest and the housekeeping jobs.

Every task takes ids, loads its rows (and returns quietly when they are gone), and is idempotent, so that late
acknowledgement may deliver it twice. Transient failures retry with exponential backoff and jitter
(:func:`backoff_seconds`); after the last retry the failure is recorded on the row, never retried forever.
"""

from __future__ import annotations

import logging
import random
import smtplib
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from craftmarket.common import images
from craftmarket.common.emails import digest_message, notification_message
from craftmarket.common.models import Notification

logger = logging.getLogger(__name__)

# What a mail server or storage backend raises when it is down or slow: worth another try later.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)
# A hard ceiling; the effective limit is settings.TASK_MAX_RETRIES, read when the task runs.
RETRY_CEILING = 20
RENDITION_RETRY_BATCH = 100
RENDITION_RETRY_WINDOW = timedelta(days=7)
PENDING_GRACE = timedelta(hours=1)
DIGEST_MAX_ATTEMPTS = 5
# The notification outbox: how long a queued mail may wait for its task before it is sent again, and after how long
# a mail that failed once and still waits for its retry counts as lost.
OUTBOX_GRACE = timedelta(minutes=1)
OUTBOX_STUCK_AFTER = timedelta(hours=2)
OUTBOX_BATCH = 500


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with full jitter: a random delay in [base·2ⁿ/2, base·2ⁿ], capped."""
    ceiling = min(settings.TASK_RETRY_BACKOFF_MAX_SECONDS, settings.TASK_RETRY_BACKOFF_SECONDS * (2**retries))
    return random.uniform(ceiling / 2, ceiling)


def _retries_left(task: Task) -> bool:
    """Whether a transient failure may be retried. Eager mode (no broker) never retries: there is nothing to hold
    a delayed retry, and sleeping inside the request would block it, so the failure is recorded at once."""
    if task.request.is_eager:
        return False
    return task.request.retries < settings.TASK_MAX_RETRIES


# --- Renditions -------------------------------------------------------------------------------------------------
def run_rendition(task: Task, model: type[models.Model], pk: Any) -> str:
    """The body of every rendition task: render, retry transient errors, record the failure after the last one."""
    try:
        return images.render_image(model=model, pk=pk).status
    except (images.TransientImageError, SoftTimeLimitExceeded) as exc:
        if _retries_left(task):
            raise task.retry(exc=exc, countdown=backoff_seconds(task.request.retries), max_retries=RETRY_CEILING)
        logger.warning("rendition of %s %s failed after retries: %s", model._meta.label, pk, exc)
        images.mark_temporarily_failed(model=model, pk=pk)
        return "failed"


@shared_task(bind=True, queue="images", acks_late=True, soft_time_limit=60, time_limit=90, max_retries=RETRY_CEILING)
def render_image_row(self: Task, model_label: str, pk: Any) -> str:
    """Renditions of one row of any model with the ProductImage field shape (e.g. "artisans.ArtisanPhoto")."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        logger.error("render_image_row: unknown model %s", model_label)
        return "gone"
    return run_rendition(self, model, pk)


@shared_task(queue="images", acks_late=True, soft_time_limit=120, time_limit=150)
def retry_failed_renditions() -> int:
    """Hourly: send again the rows that failed for a temporary reason or got stuck pending (bounded batch).

    Rows whose file is unreadable are left alone: a retry cannot fix them, only a new upload can.
    """
    now = timezone.now()
    sent = 0
    for model in images.rendition_models():
        label = model._meta.label
        date_field = "created_at" if any(f.name == "created_at" for f in model._meta.fields) else None
        stuck = Q(status="failed", failure_reason=images.REASON_TEMPORARY)
        if date_field:
            stuck |= Q(status="pending", **{f"{date_field}__lt": now - PENDING_GRACE})
            rows = model.objects.filter(stuck, **{f"{date_field}__gte": now - RENDITION_RETRY_WINDOW})
        else:
            rows = model.objects.filter(stuck)
        for pk in rows.order_by("pk").values_list("pk", flat=True)[:RENDITION_RETRY_BATCH]:
            render_image_row.delay(label, pk)
            sent += 1
    return sent


# --- Notification mail -------------------------------------------------------------------------------------------
@shared_task(
    bind=True, queue="notifications", acks_late=True, soft_time_limit=30, time_limit=45, max_retries=RETRY_CEILING
)
def send_notification_email(self: Task, notification_id: int) -> str:
    """Mail one notification. Sent at most once: the row is locked and marked sent in the same transaction."""
    error = ""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.email_status != Notification.EmailStatus.QUEUED:
            return "skipped"
        if not notification.recipient.email:
            notification.email_status = Notification.EmailStatus.FAILED
            notification.email_error = "no email address"
            notification.save(update_fields=["email_status", "email_error"])
            return "failed"
        try:
            notification_message(notification).send()
        except TRANSIENT_MAIL_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"[:255]
        else:
            notification.email_status = Notification.EmailStatus.SENT
            notification.emailed_at = timezone.now()
            notification.email_attempts += 1
            notification.email_error = ""
            notification.save(update_fields=["email_status", "emailed_at", "email_attempts", "email_error"])
            return "sent"
    # The mail server failed: count the attempt, then retry later or record the failure for good.
    final = not _retries_left(self)
    Notification.objects.filter(pk=notification_id, email_status=Notification.EmailStatus.QUEUED).update(
        email_attempts=models.F("email_attempts") + 1,
        email_error=error,
        **({"email_status": Notification.EmailStatus.FAILED} if final else {}),
    )
    if final:
        logger.warning(
            "notification %s: mail failed after %s attempts: %s", notification_id, self.request.retries + 1, error
        )
        return "failed"
    raise self.retry(countdown=backoff_seconds(self.request.retries), max_retries=RETRY_CEILING)


@shared_task(queue="notifications", acks_late=True, soft_time_limit=120, time_limit=150)
def resend_queued_notifications() -> int:
    """Every minute: the outbox. A mail whose task never reached the broker (it was down when the row committed)
    stays ``queued`` with no attempt; it is sent again here once it is older than ``OUTBOX_GRACE``. Rows that
    already failed once are waiting for a retry the broker holds, so they are left alone unless they are older
    than ``OUTBOX_STUCK_AFTER`` (the retry itself was lost). Sending twice is harmless: the task sends at most once.
    """
    now = timezone.now()
    lost = Q(email_attempts=0, created_at__lt=now - OUTBOX_GRACE) | Q(created_at__lt=now - OUTBOX_STUCK_AFTER)
    pks = list(
        Notification.objects.filter(lost, email_status=Notification.EmailStatus.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:OUTBOX_BATCH]
    )
    for pk in pks:
        send_notification_email.delay(pk)
    if pks:
        logger.info("outbox: sent %s queued notification mails again", len(pks))
    return len(pks)


@shared_task(queue="notifications", acks_late=True, soft_time_limit=120, time_limit=150)
def send_moderation_digest() -> int:
    """Every 15 minutes: one mail per moderator listing the items waiting for review since the last digest.

    Rows are locked with SKIP LOCKED, so two overlapping runs never mail the same item twice. A mail failure
    leaves the rows for the next run, at most DIGEST_MAX_ATTEMPTS times.
    """
    recipients = (
        Notification.objects.filter(email_status=Notification.EmailStatus.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in sorted(set(recipients)):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(recipient_id=recipient_id, email_status=Notification.EmailStatus.DIGEST)
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            items, seen = [], set()
            for row in rows:  # the same item notified twice is listed once
                key = (row.url, row.title)
                if key not in seen:
                    seen.add(key)
                    items.append(row)
            ids = [row.pk for row in rows]
            try:
                digest_message(rows[0].recipient, items).send()
            except TRANSIENT_MAIL_ERRORS as exc:
                error = f"{type(exc).__name__}: {exc}"[:255]
                logger.warning("moderation digest to user %s failed: %s", recipient_id, error)
                Notification.objects.filter(pk__in=ids).update(
                    email_attempts=models.F("email_attempts") + 1, email_error=error
                )
                Notification.objects.filter(pk__in=ids, email_attempts__gte=DIGEST_MAX_ATTEMPTS).update(
                    email_status=Notification.EmailStatus.FAILED
                )
                continue
            Notification.objects.filter(pk__in=ids).update(
                email_status=Notification.EmailStatus.SENT,
                emailed_at=timezone.now(),
                email_attempts=models.F("email_attempts") + 1,
                email_error="",
            )
            sent += 1
    return sent


# --- Housekeeping ----------------------------------------------------------------------------------------------
def _referenced_names() -> set[str]:
    """Every file name a row points to: all FileFields of all models, plus the recorded renditions."""
    names: set[str] = set()
    for model in apps.get_models():
        file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field in file_fields:
            names.update(n for n in model._default_manager.exclude(**{field: ""}).values_list(field, flat=True) if n)
    for model in images.rendition_models():
        for renditions in model._default_manager.values_list("renditions", flat=True).iterator():
            names.update(r["name"] for r in renditions or [] if isinstance(r, dict) and r.get("name"))
    return names


def _walk(storage: Any, folder: str):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder.rstrip('/')}/{name}" if folder else name
    for directory in directories:
        yield from _walk(storage, f"{folder.rstrip('/')}/{directory}")


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def remove_orphaned_uploads() -> int:
    """Daily: delete files under the swept folders that no row references and that are older than a day.

    The age guard protects uploads whose row is still being written (a file is stored before its row commits).
    """
    referenced = _referenced_names()
    cutoff = timezone.now() - settings.ORPHAN_MIN_AGE
    removed = 0
    for alias, prefixes in settings.ORPHAN_SWEEP_PREFIXES.items():
        storage = storages[alias]
        for prefix in prefixes:
            try:
                candidates = list(_walk(storage, prefix.rstrip("/")))
            except (FileNotFoundError, NotImplementedError):
                continue
            for name in candidates:
                if name in referenced:
                    continue
                try:
                    if storage.get_modified_time(name) > cutoff:
                        continue
                    storage.delete(name)
                except (FileNotFoundError, NotImplementedError):
                    continue
                removed += 1
                logger.info("removed orphaned upload %s:%s", alias, name)
    return removed
