"""Reads of the conversations, already scoped to the participants (and, for moderators, to threads under
moderation in their provinces) and already joined: a constant number of queries however many threads or
messages there are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from artisans.scoping import covers

from .models import Attachment, Message, Participant, Thread

PAGE_MESSAGES = 50


def unread_message_count(*, user: Any) -> int:
    """Messages from others, in the user's threads, newer than what the user has read (one query)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    mine = Participant.objects.filter(thread=OuterRef("thread"), user=user, last_read_message_id__lt=OuterRef("pk"))
    return Message.objects.filter(Exists(mine)).exclude(sender=user).count()


def inbox(*, user: Any, role: str | None = None) -> QuerySet[Participant]:
    """The user's side of each of their threads, newest activity first, with ``unread`` (messages from the other
    side after what they have read), ``last_body`` and ``last_sender_id`` annotated, and the thread's subject and
    parties joined."""
    unread = (
        Message.objects.filter(thread=OuterRef("thread"), pk__gt=OuterRef("last_read_message_id"))
        .exclude(sender=OuterRef("user"))
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = Message.objects.filter(thread=OuterRef("thread")).order_by("-pk")
    qs = (
        Participant.objects.filter(user=user)
        if getattr(user, "is_authenticated", False)
        else Participant.objects.none()
    )
    if role:
        qs = qs.filter(role=role)
    return (
        qs.select_related("thread__buyer", "thread__artisan", "thread__product", "thread__order", "thread__quote__rfq")
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            last_body=Subquery(last.values("body")[:1]),
            last_sender_id=Subquery(last.values("sender_id")[:1]),
        )
        .order_by("-thread__last_message_at", "-thread__pk")
    )


def thread_for_participant(*, user: Any, public_id: Any) -> Thread | None:
    """The thread if ``user`` takes part in it (None for anyone else, including staff: they use the admin)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Thread.objects.filter(public_id=public_id, participants__user=user)
        .select_related("buyer", "artisan__user", "product", "order", "quote__rfq")
        .first()
    )


def thread_for_order(*, order: Any) -> Thread | None:
    return Thread.objects.filter(kind=Thread.Kind.ORDER, order=order).first()


def thread_for_product(*, user: Any, product: Any) -> Thread | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Thread.objects.filter(kind=Thread.Kind.PRODUCT, buyer=user, product=product).first()


@dataclass
class ThreadView:
    thread: Thread
    me: Participant
    other: Participant
    messages: list[Message]
    older: int | None  # the ``before`` cursor of the previous page, None when this is the first message
    read_marker_id: int | None  # the last of my messages the other side has read

    @property
    def other_user(self) -> Any:
        return self.other.user


def thread_view(*, thread: Thread, user: Any, before: int | None = None) -> ThreadView:
    """The latest ``PAGE_MESSAGES`` messages (or those before ``before``), oldest first, with their attachments
    and senders, both participants, and the read receipt: my last message the other side has read."""
    participants = {p.user_id: p for p in Participant.objects.filter(thread=thread).select_related("user")}
    me = participants[user.pk]
    other = next(p for uid, p in participants.items() if uid != user.pk)
    qs = Message.objects.filter(thread=thread)
    if before:
        qs = qs.filter(pk__lt=before)
    page = list(
        qs.select_related("sender")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("-pk")[: PAGE_MESSAGES + 1]
    )
    has_older = len(page) > PAGE_MESSAGES
    messages = list(reversed(page[:PAGE_MESSAGES]))
    marker = None
    for message in messages:
        if message.sender_id == user.pk and message.pk <= other.last_read_message_id:
            marker = message.pk
    return ThreadView(
        thread=thread,
        me=me,
        other=other,
        messages=messages,
        older=messages[0].pk if has_older and messages else None,
        read_marker_id=marker,
    )


def attachment_for_download(*, user: Any, pk: int) -> Attachment | None:
    """An attachment for a participant of its thread, or for a moderator who may read the thread: it is under
    moderation, they have ``conversations.view_thread`` and cover the artisan's province."""
    if not getattr(user, "is_authenticated", False):
        return None
    attachment = Attachment.objects.select_related("message__thread__artisan").filter(pk=pk).first()
    if attachment is None:
        return None
    thread = attachment.message.thread
    if Participant.objects.filter(thread=thread, user=user).exists():
        return attachment
    if moderator_may_read(user=user, thread=thread):
        return attachment
    return None


def moderator_may_read(*, user: Any, thread: Thread) -> bool:
    return bool(
        user.is_staff
        and user.is_active
        and thread.moderation_since is not None
        and user.has_perm("conversations.view_thread")
        and covers(user, thread.artisan.province)
    )


def threads_under_moderation() -> QuerySet[Thread]:
    return Thread.objects.filter(moderation_since__isnull=False)
