"""Celery tasks of the conversations: thin and idempotent, sent after commit."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings

from craftmarket.common.tasks import render_image_row

from . import mail

logger = logging.getLogger(__name__)


@shared_task(name="conversations.send_message_mail", queue="notifications", acks_late=True)
def send_message_mail(participant_id: int) -> str:
    """The batched mail of one participant, when it is due (before its time, or a second delivery: nothing)."""
    return mail.participant_mail_send(participant_id=participant_id)


@shared_task(name="conversations.send_due_message_mails", queue="notifications", acks_late=True)
def send_due_message_mails() -> int:
    """Every minute: the mails that are due and whose ETA task did not run (lost with a broker, or eager mode)."""
    sent = 0
    for participant_id in mail.due_participant_ids():
        if mail.participant_mail_send(participant_id=participant_id) == "sent":
            sent += 1
    return sent


def enqueue_message_mail(participant_id: int, due: datetime.datetime) -> None:
    """After commit. A broker that is down is logged: the beat job sends the mail once it is back. In eager mode
    (no broker) an ETA means nothing, the task would run at once and find the mail not due: the beat job sends it."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    try:
        send_message_mail.apply_async((participant_id,), eta=due)
    except Exception as exc:  # any broker error: the every-minute job picks the mail up
        logger.warning("message mail for participant %s left to the beat job: %s", participant_id, exc)


def enqueue_renditions(attachment_ids: list[int]) -> None:
    """After commit: the metadata-free renditions of photo attachments (the retry job covers a broker outage)."""
    for pk in attachment_ids:
        try:
            render_image_row.delay("conversations.Attachment", pk)
        except Exception as exc:
            logger.warning("renditions of attachment %s left to the retry job: %s", pk, exc)
            return
