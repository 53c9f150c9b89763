"""Complaints about delivered orders, their evidence photos and the history of every status change.

A buyer opens a complaint on a delivered order within COMPLAINT_OPEN_WINDOW of delivery; while it is open
(``Complaint.OPEN_STATUSES``) the order does not complete, automatically or by the buyer, and its money stays held.
The status moves only through ``orders.complaints.machine.COMPLAINT_MACHINE`` (services in
``orders.complaints.services``); the outcome is applied to the order when the complaint reaches ``resolved``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from craftmarket.common.storage import private_storage
from craftmarket.common.validators import BIGINT_MAX, int_range
from orders.models import Order, Refund

MAX_TEXT = 2000
MAX_PHOTOS = 5


class Remedy(models.TextChoices):
    """What the buyer asks for, or the artisan offers instead."""

    REFUND_FULL = "refund_full", _("Full refund")
    REFUND_PARTIAL = "refund_partial", _("Partial refund")
    REPLACEMENT = "replacement", _("Replacement")


class Outcome(models.TextChoices):
    """How a complaint ends for the order."""

    REFUND_FULL = "refund_full", _("Full refund")
    REFUND_PARTIAL = "refund_partial", _("Partial refund")
    REPLACEMENT = "replacement", _("Replacement")
    REJECTED = "rejected", _("Rejected")


class Complaint(models.Model):
    class Reason(models.TextChoices):
        NOT_RECEIVED = "not_received", _("Not received")
        DAMAGED = "damaged", _("Damaged")
        NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
        WRONG_ITEM = "wrong_item", _("Wrong item or quantity")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the artisan")
        OFFERED = "offered", _("Artisan offered something else")
        DISPUTED = "disputed", _("Disputed by the artisan")
        UNANSWERED = "unanswered", _("Not answered in time")
        DECLINED = "declined", _("Offer declined by the buyer")
        ESCALATED = "escalated", _("Escalated to Dekranas")
        DECIDED = "decided", _("Decided by a moderator")
        APPEALED = "appealed", _("Appealed")
        RESOLVED = "resolved", _("Resolved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    CLOSED_STATUSES = ("resolved", "withdrawn")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("order"))
    # The order's parties, kept on the row: lists, the moderators' province scoping and the counts read them.
    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("artisan"))
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("buyer")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    request = models.CharField(_("request"), max_length=20, choices=Remedy.choices)
    requested_amount = models.BigIntegerField(
        _("requested amount (IDR)"), null=True, blank=True, validators=int_range(1, BIGINT_MAX)
    )
    description = models.TextField(_("description"), max_length=MAX_TEXT)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    respond_by = models.DateTimeField(_("artisan answers by"))
    # The artisan's answer (an offer, or the grounds of a dispute or of an acceptance).
    answer = models.TextField(_("artisan's answer"), max_length=MAX_TEXT, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    offer = models.CharField(_("offer"), max_length=20, choices=Remedy.choices, blank=True)
    offer_amount = models.BigIntegerField(
        _("offered amount (IDR)"), null=True, blank=True, validators=int_range(1, BIGINT_MAX)
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # The moderator's decision (then the national moderator's final one after an appeal).
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_amount = models.BigIntegerField(
        _("refund (IDR)"), null=True, blank=True, validators=int_range(1, BIGINT_MAX)
    )
    decision_reason = models.TextField(_("decision reason"), max_length=MAX_TEXT, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    appeal_by = models.DateTimeField(_("appeal possible until"), null=True, blank=True)
    appeal_reason = models.TextField(_("appeal"), max_length=MAX_TEXT, blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    refund = models.OneToOneField(
        Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="complaint", verbose_name=_("refund")
    )
    thread = models.ForeignKey(
        "conversations.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("conversation"),
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=~Q(status__in=["resolved", "withdrawn"]),
                name="complaint_one_open_per_order",
            ),
            models.CheckConstraint(
                condition=Q(request="refund_partial", requested_amount__gte=1)
                | (~Q(request="refund_partial") & Q(requested_amount__isnull=True)),
                name="complaint_amount_only_for_partial_refund",
            ),
            models.CheckConstraint(
                condition=Q(offer="refund_partial", offer_amount__gte=1)
                | (~Q(offer="refund_partial") & Q(offer_amount__isnull=True)),
                name="complaint_offer_amount_only_for_partial_refund",
            ),
            models.CheckConstraint(
                condition=Q(outcome="refund_partial", outcome_amount__gte=1)
                | (~Q(outcome="refund_partial") & Q(outcome_amount__isnull=True)),
                name="complaint_outcome_amount_only_for_partial_refund",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | (~Q(outcome="") & Q(resolved_at__isnull=False)),
                name="complaint_resolved_has_outcome",
            ),
        ]
        indexes = [models.Index(fields=["artisan", "created_at"], name="complaint_artisan_opened")]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.get_reason_display()}"

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES


class ComplaintEvidence(models.Model):
    """A buyer's photo of the problem. Checked by its bytes (``craftmarket.common.uploads.validate_image``) and kept
    private: only the parties and the moderators who may decide see it, through a checked view."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("complaint")
    )
    original = models.FileField(_("photo"), upload_to="originals/complaints/%Y/%m/", storage=private_storage)
    content_type = models.CharField(_("type"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=int_range(0, MAX_PHOTOS - 1))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(position__lt=MAX_PHOTOS), name="complaint_evidence_at_most_five"),
            models.UniqueConstraint(fields=["complaint", "position"], name="complaint_evidence_one_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} #{self.position + 1}"


class ComplaintTransition(models.Model):
    """History of COMPLAINT_MACHINE: every status change of a complaint, who made it, when and why."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("complaint")
    )
    # Blank on the first row: the complaint was opened.
    from_status = models.CharField(_("from"), max_length=12, choices=Complaint.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Complaint.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint status change")
        verbose_name_plural = _("complaint status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_status} → {self.to_status}"
