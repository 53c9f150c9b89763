"""Input serializers and the output shapes of the conversations API (documented by the *Out serializers)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import MAX_BODY, Attachment, Message, Participant, Report
from .selectors import ThreadView


class MessageInput(serializers.Serializer):
    body = serializers.CharField(
        max_length=MAX_BODY, required=False, allow_blank=True, default="", trim_whitespace=False
    )
    attachments = serializers.ListField(child=serializers.FileField(), required=False, max_length=20)


class StartInput(MessageInput):
    product = serializers.SlugField(required=False, max_length=200, help_text="The product's slug.")
    order = serializers.CharField(required=False, max_length=20, help_text="The order's number.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("product")) == bool(attrs.get("order")):
            raise serializers.ValidationError({"product": ["Name either a product (slug) or an order (number)."]})
        return attrs


class ThreadReportInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Attachment.Kind.choices)
    status = serializers.ChoiceField(choices=Attachment.Status.choices)
    filename = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField(help_text="Download (session login); a photo's metadata-free copy, never the original.")


class MessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    mine = serializers.BooleanField()
    sender = serializers.CharField()
    body = serializers.CharField()
    masked = serializers.BooleanField(help_text="Contact details were hidden (no paid order between you yet).")
    sent_at = serializers.DateTimeField()
    read_by_other = serializers.BooleanField()
    attachments = AttachmentOut(many=True)


class SubjectOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["product", "order"])
    product = serializers.CharField(allow_null=True, help_text="Slug, for a thread about a product.")
    order = serializers.CharField(allow_null=True, help_text="Number, for a thread about an order.")
    label = serializers.CharField()


class ThreadSummaryOut(serializers.Serializer):
    id = serializers.UUIDField()
    role = serializers.ChoiceField(choices=Participant.Role.choices, help_text="Your side of the thread.")
    subject = SubjectOut()
    with_name = serializers.CharField(help_text="The other side: the workshop or the buyer.")
    unread = serializers.IntegerField()
    last_message = serializers.CharField(allow_blank=True)
    last_message_at = serializers.DateTimeField()


class ThreadOut(ThreadSummaryOut):
    messages = MessageOut(many=True)
    older = serializers.IntegerField(allow_null=True, help_text="Pass as ?before= for the previous messages.")


class UnreadOut(serializers.Serializer):
    unread = serializers.IntegerField()


def _subject(thread: Any) -> dict[str, Any]:
    return {
        "kind": thread.kind,
        "product": thread.product.slug if thread.product_id else None,
        "order": thread.order.number if thread.order_id else None,
        "label": thread.subject_label,
    }


def _other_name(thread: Any, role: str) -> str:
    return thread.artisan.business_name if role == Participant.Role.BUYER else (thread.buyer.name or "")


def attachment_out(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "status": attachment.status,
        "filename": attachment.filename,
        "size": attachment.size,
        "url": attachment.get_absolute_url(),
    }


def message_out(message: Message, *, user: Any, read_upto: int) -> dict[str, Any]:
    mine = message.sender_id == user.pk
    return {
        "id": message.pk,
        "mine": mine,
        "sender": message.sender.name or "",
        "body": message.body,
        "masked": message.masked,
        "sent_at": message.created_at,
        "read_by_other": mine and message.pk <= read_upto,
        "attachments": [attachment_out(a) for a in message.attachments.all()],
    }


def summary_out(participant: Participant) -> dict[str, Any]:
    thread = participant.thread
    return {
        "id": thread.public_id,
        "role": participant.role,
        "subject": _subject(thread),
        "with_name": _other_name(thread, participant.role),
        "unread": participant.unread,
        "last_message": participant.last_body or "",
        "last_message_at": thread.last_message_at,
    }


def thread_out(view: ThreadView, *, user: Any, unread: int = 0) -> dict[str, Any]:
    thread = view.thread
    last = view.messages[-1].body if view.messages else ""
    return {
        "id": thread.public_id,
        "role": view.me.role,
        "subject": _subject(thread),
        "with_name": _other_name(thread, view.me.role),
        "unread": unread,
        "last_message": last,
        "last_message_at": thread.last_message_at,
        "messages": [message_out(m, user=user, read_upto=view.other.last_read_message_id) for m in view.messages],
        "older": view.older,
    }
