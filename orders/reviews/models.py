"""Reviews of products by the buyers of completed orders, their photos, their moderation history and visitors'
reports. Averages and counts are stored on the rows they describe (``catalog.Product`` and ``artisans.Artisan``:
``rating_count``, ``rating_sum``, ``rating_average``) and kept by ``orders.reviews.services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from catalog.models import Product
from craftmarket.common.images import rendition_url
from craftmarket.common.storage import private_storage
from orders.models import Order

MIN_RATING, MAX_RATING = 1, 5
MAX_PHOTOS = 3
MAX_EDITS = 1
MAX_TEXT = 2000


class Review(models.Model):
    """One buyer's review of one product of one completed order ("verified purchase" by construction)."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by a moderator")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("order"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("product"))
    # The order's artisan, kept on the row: the studio's list and the moderators' province scoping read it.
    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("artisan"))
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("buyer")
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("review"), max_length=MAX_TEXT, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE)
    edit_count = models.PositiveSmallIntegerField(_("edits"), default=0)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    reply = models.TextField(_("artisan's reply"), max_length=MAX_TEXT, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="review_one_per_order_product"),
            models.CheckConstraint(
                condition=Q(rating__gte=MIN_RATING, rating__lte=MAX_RATING), name="review_rating_1_to_5"
            ),
            models.CheckConstraint(condition=Q(edit_count__lte=MAX_EDITS), name="review_edited_at_most_once"),
            models.CheckConstraint(
                condition=Q(edit_count=0, edited_at__isnull=True) | Q(edit_count__gt=0, edited_at__isnull=False),
                name="review_edited_has_time",
            ),
            models.CheckConstraint(
                condition=Q(reply="", replied_at__isnull=True) | (~Q(reply="") & Q(replied_at__isnull=False)),
                name="review_reply_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["product", "status", "-created_at", "-id"], name="review_product_recent"),
            models.Index(fields=["artisan", "-created_at", "-id"], name="review_artisan_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.product_id} ({self.order_id})"

    @property
    def verified_purchase(self) -> bool:
        """Always true: only the buyer of a completed order can write a review."""
        return True

    @property
    def author_name(self) -> str:
        """The buyer's first name and the initial of the last ("Sari W."): enough to be a person, not a dossier."""
        parts = (self.buyer.name or "").split()
        if not parts:
            return str(_("A buyer"))
        return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else parts[0]

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.VISIBLE

    @property
    def can_be_edited(self) -> bool:
        return self.edit_count < MAX_EDITS

    @property
    def has_reply(self) -> bool:
        return bool(self.reply)


class ReviewPhoto(models.Model):
    """A buyer's photo of a review: the same fields as ``catalog.ProductImage``, so the rendition pipeline
    (``craftmarket.common.images``) makes its public, metadata-free renditions; the original stays private."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos", verbose_name=_("review"))
    original = models.FileField(_("original"), upload_to="originals/reviews/%Y/%m/", storage=private_storage)
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("review photo")
        verbose_name_plural = _("review photos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(position__lt=MAX_PHOTOS), name="review_photo_at_most_three"),
            models.UniqueConstraint(fields=["review", "position"], name="review_photo_one_per_position"),
        ]

    def __str__(self) -> str:
        return self.alt_text or f"photo {self.pk}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.renditions)

    @property
    def thumb_url(self) -> str:
        return rendition_url(self.renditions or [], width=320) or ""

    @property
    def url(self) -> str:
        return rendition_url(self.renditions or [], width=1280) or ""


class ReviewStatusChange(models.Model):
    """History of REVIEW_MACHINE: who hid or restored a review, when and why."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("review")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Review.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Review.Status.choices)
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
        verbose_name = _("review status change")
        verbose_name_plural = _("review status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.from_status} → {self.to_status}"


class ReviewReport(models.Model):
    """A visitor's report of a review (like ``catalog.Report`` for listings): open until a moderator decides."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Offensive or abusive")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Not about the product")
        PERSONAL = "personal", _("Shares personal information")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Upheld (review hidden)")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports", verbose_name=_("review"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    # The keyed hash of the visitor's IP address (catalog.services.report_reporter_key), never the address.
    reporter_key = models.CharField(_("reporter key"), max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter_key"], condition=Q(status="open"), name="review_report_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True) | (~Q(status="open") & Q(decided_at__isnull=False)),
                name="review_report_decided_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["status", "review"], name="review_report_status")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.review_id}"
