"""The batched mail about new messages: at most one mail per thread per ``CONVERSATION_MAIL_WINDOW`` (15 minutes)
per recipient.

How: posting a message gives the other participant a ``mail_due_at`` (unless one is already owed: then that mail
covers the new message too), at the earliest ``CONVERSATION_MAIL_DELAY`` after the message and never sooner than
the window after their previous mail. A task sent with that ETA, and the every-minute beat job
``conversations.send_due_message_mails`` (for an ETA lost with a broker), call :func:`participant_mail_send`,
which sends one notification (in-app row and mail) when the mail is due and something is still unread.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.notifications import notify

from .models import Message, Participant, Thread


def thread_url_for(*, thread: Thread, role: str) -> str:
    """The thread's page for one side: the studio's for the artisan, the buyer's inbox otherwise."""
    name = "conversations:studio-thread" if role == Participant.Role.ARTISAN else "conversations:thread"
    return reverse(name, kwargs={"thread_id": thread.public_id})


def participant_mail_send(*, participant_id: int, now: datetime.datetime | None = None) -> str:
    """Send the mail owed to one participant, if it is due: one notification (in-app and mail) for all their
    unread messages of the thread. Idempotent: a second call, or a call before the due time, does nothing.

    Returns "sent", "read" (they read everything meanwhile: nothing sent), "not_due" or "none"."""
    now = now or timezone.now()
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("thread__product", "thread__order", "thread__artisan", "thread__buyer", "user")
            .filter(pk=participant_id)
            .first()
        )
        if participant is None or participant.mail_due_at is None:
            return "none"
        if participant.mail_due_at > now:
            return "not_due"
        thread = participant.thread
        unread = (
            Message.objects.filter(thread=thread, pk__gt=participant.last_read_message_id)
            .exclude(sender_id=participant.user_id)
            .select_related("sender")
            .order_by("-pk")
            .first()
        )
        participant.mail_due_at = None
        if unread is None:
            participant.save(update_fields=["mail_due_at"])
            return "read"
        participant.last_mailed_at = now
        participant.save(update_fields=["mail_due_at", "last_mailed_at"])
        sender = thread.artisan.business_name if participant.role == Participant.Role.BUYER else thread.buyer.name
        url = thread_url_for(thread=thread, role=participant.role)
        notify(
            event="message_received",
            users=[participant.user],
            context={"item": thread.subject_label, "sender": sender or _("Someone"), "url": url},
        )
    return "sent"


def due_participant_ids(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Participant.objects.filter(mail_due_at__lte=now).order_by("mail_due_at").values_list("pk", flat=True)[:limit]
    )
