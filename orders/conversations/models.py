"""One model of thread and message for every conversation between a buyer and an artisan.

A thread has exactly one subject, named by ``kind`` and one nullable foreign key per kind (a CHECK keeps them
consistent). Complaints and RFQ quotes add a kind and a column each; nothing else changes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from craftmarket.common.storage import private_storage

MAX_BODY = 4000
MAX_ATTACHMENTS = 5


class Thread(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("About a product")
        ORDER = "order", _("About an order")
        QUOTE = "quote", _("About a quote")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="buyer_threads", verbose_name=_("buyer")
    )
    artisan = models.ForeignKey(
        "artisans.Artisan", on_delete=models.PROTECT, related_name="threads", verbose_name=_("artisan")
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("product"),
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="threads", verbose_name=_("order")
    )
    quote = models.ForeignKey(
        "quotes.Quote", on_delete=models.PROTECT, null=True, blank=True, related_name="threads", verbose_name=_("quote")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)
    #: Set by the first report (and later by a complaint): from then on moderators may read the thread.
    moderation_since = models.DateTimeField(_("under moderation since"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="product", product__isnull=False, order__isnull=True))
                | (Q(kind="order", order__isnull=False, product__isnull=True))
                | (Q(kind="quote", quote__isnull=False, product__isnull=True, order__isnull=True)),
                name="thread_exactly_one_subject",
            ),
            models.UniqueConstraint(
                fields=["buyer", "product"], condition=Q(kind="product"), name="one_thread_per_buyer_and_product"
            ),
            models.UniqueConstraint(fields=["order"], condition=Q(kind="order"), name="one_thread_per_order"),
            models.UniqueConstraint(fields=["quote"], condition=Q(kind="quote"), name="one_thread_per_quote"),
        ]
        indexes = [models.Index(fields=["moderation_since"], name="thread_under_moderation")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:thread", kwargs={"thread_id": self.public_id})

    @property
    def subject_label(self) -> str:
        if self.kind == self.Kind.PRODUCT and self.product_id:
            return self.product.name
        if self.kind == self.Kind.ORDER and self.order_id:
            return self.order.number
        if self.kind == self.Kind.QUOTE and self.quote_id:
            return self.quote.rfq.title
        return ""


class Participant(models.Model):
    """One side of a thread: what they have read and the state of their batched mail."""

    class Role(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        ARTISAN = "artisan", _("Artisan")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="thread_participations")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    #: The highest message id this participant has seen (0: none). Messages are ordered by id.
    last_read_message_id = models.BigIntegerField(_("last read message"), default=0)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    #: A mail about unread messages is owed at this time (None: nothing pending).
    mail_due_at = models.DateTimeField(_("mail due"), null=True, blank=True)
    last_mailed_at = models.DateTimeField(_("last mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_participant_per_user_and_thread"),
            models.UniqueConstraint(fields=["thread", "role"], name="one_participant_per_role_and_thread"),
            models.CheckConstraint(condition=Q(last_read_message_id__gte=0), name="participant_read_id_not_negative"),
        ]
        indexes = [
            models.Index(fields=["user", "thread"], name="participant_user_thread"),
            models.Index(fields=["mail_due_at"], condition=Q(mail_due_at__isnull=False), name="participant_mail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Message(models.Model):
    """Text (already masked when it had to be) and up to five attachments. Only the stored text exists: the
    contact details that were masked are not kept anywhere (``masked_kinds`` says which kinds there were)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_messages", verbose_name=_("sender")
    )
    body = models.TextField(_("message"), blank=True)
    masked_kinds = models.JSONField(_("masked contact details"), default=list, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=LessThanOrEqual(Length("body"), MAX_BODY), name="message_body_max_length"),
        ]
        indexes = [models.Index(fields=["thread", "id"], name="message_thread_id")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def masked(self) -> bool:
        return bool(self.masked_kinds)


class Attachment(models.Model):
    """A photo (the ``catalog.ProductImage`` field shape: the rendition pipeline makes metadata-free copies; only
    those are ever served) or a PDF (served as is). Both are private and downloaded through a checked view."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        DOCUMENT = "document", _("PDF document")

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    original = models.FileField(_("file"), upload_to="originals/messages/%Y/%m/", storage=private_storage)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    filename = models.CharField(_("file name"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="image") | Q(kind="document", content_type="application/pdf", status="ready"),
                name="attachment_document_is_ready_pdf",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.filename or f"{self.kind} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:attachment", kwargs={"pk": self.pk})


class Report(models.Model):
    """A participant reports a thread: it becomes readable by the moderators of the artisan's province."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive or offensive")
        FRAUD = "fraud", _("Fraud or paying outside Craftmarket")
        OTHER = "other", _("Something else")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="thread_reports")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation report")
        verbose_name_plural = _("conversation reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "reporter"], name="one_report_per_thread_and_reporter"),
        ]

    def __str__(self) -> str:
        return self.get_reason_display()
