"""Requests for quotation (RFQ), who they were sent to, the artisans' quotes and every numbered revision of a
quote with its price ladder. Writes go through ``orders.quotes.services``; the state machines are in
``orders.quotes.machine``.

Money is whole rupiah (IDR). A display currency is stored as its code and the rate of the moment
(``Decimal``, IDR per unit of the currency, nullable until ``craftmarket.currency`` lands), so that a revision
shown in the buyer's currency keeps the rate it was made with.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.business.models import BusinessProfile
from artisans.models import Artisan
from catalog.models import Category, Product
from craftmarket.common.storage import private_storage
from craftmarket.common.validators import PRICE_MAX, QUANTITY_MAX, int_range

MAX_TEXT = 2000
MAX_LADDER_ROWS = 6
MAX_GOODS_PHOTOS = 10
MAX_RFQ_PHOTOS = 6
LEAD_DAYS_MAX = 365


class Incoterm(models.TextChoices):
    EXW = "EXW", "EXW (Ex Works)"
    FCA = "FCA", "FCA (Free Carrier)"
    FOB = "FOB", "FOB (Free On Board)"
    CFR = "CFR", "CFR (Cost and Freight)"
    CIF = "CIF", "CIF (Cost, Insurance and Freight)"
    DAP = "DAP", "DAP (Delivered At Place)"
    DDP = "DDP", "DDP (Delivered Duty Paid)"


#: Terms under which the seller pays the main carriage (a quote must estimate freight) and insurance (CIF).
FREIGHT_TERMS = frozenset({Incoterm.CFR, Incoterm.CIF, Incoterm.DAP, Incoterm.DDP})
INSURANCE_TERMS = frozenset({Incoterm.CIF})


class Unit(models.TextChoices):
    PIECES = "pcs", _("pieces")
    SETS = "sets", _("sets")
    PAIRS = "pairs", _("pairs")
    METRES = "m", _("metres")
    KILOGRAMS = "kg", _("kilograms")


class RFQ(models.Model):
    """A business buyer's request for quotation, sent to one artisan (``direct``) or to matching verified artisans
    (``open``). Its status follows ``RFQ_MACHINE``."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        QUOTED = "quoted", _("Quoted")
        AWARDED = "awarded", _("Awarded")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    class Mode(models.TextChoices):
        DIRECT = "direct", _("Sent to one artisan")
        OPEN = "open", _("Open to matching artisans")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rfqs", verbose_name=_("buyer")
    )
    business = models.ForeignKey(
        BusinessProfile, on_delete=models.PROTECT, related_name="rfqs", verbose_name=_("business")
    )
    mode = models.CharField(_("sent to"), max_length=10, choices=Mode.choices)
    title = models.CharField(_("what"), max_length=140)
    description = models.TextField(_("details"), max_length=MAX_TEXT, blank=True)
    reference_product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reference product")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=int_range(1, QUANTITY_MAX))
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECES)
    sizes = models.CharField(_("sizes"), max_length=200, blank=True)
    colours = models.CharField(_("colours"), max_length=200, blank=True)
    materials = models.CharField(_("materials"), max_length=200, blank=True)
    custom_logo = models.BooleanField(_("custom logo"), default=False)
    custom_packaging = models.BooleanField(_("custom packaging"), default=False)
    target_unit_price = models.DecimalField(
        _("target unit price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_currency = models.CharField(_("currency of the target price"), max_length=3, blank=True)
    target_rate = models.DecimalField(
        _("IDR per unit of that currency when sent"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    destination_country = models.CharField(_("destination country"), max_length=2)
    destination_place = models.CharField(_("destination place"), max_length=120)
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices)
    incoterm_place = models.CharField(_("named place"), max_length=120)
    wanted_by = models.DateField(_("wanted by"), null=True, blank=True)
    sample_wanted = models.BooleanField(_("sample wanted"), default=False)
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    first_quote_at = models.DateTimeField(_("first quote"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("request for quotation")
        verbose_name_plural = _("requests for quotation")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="rfq_quantity_positive"),
            models.CheckConstraint(condition=~Q(destination_country=""), name="rfq_has_destination"),
            models.CheckConstraint(
                condition=Q(target_unit_price__isnull=True) | Q(target_unit_price__gt=0), name="rfq_target_positive"
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_on"], name="rfq_status_closes")]

    def __str__(self) -> str:
        return f"RFQ {self.pk}: {self.title}"


class RFQRecipient(models.Model):
    """An artisan an RFQ was sent to: the one of a direct RFQ, the matches of an open one, or one invited by a
    Dekranasda moderator. Only recipients see the RFQ and may quote."""

    rfq = models.ForeignKey(RFQ, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("RFQ"))
    artisan = models.ForeignKey(
        Artisan, on_delete=models.PROTECT, related_name="rfq_invitations", verbose_name=_("artisan")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("RFQ recipient")
        verbose_name_plural = _("RFQ recipients")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["rfq", "artisan"], name="rfq_recipient_once")]

    def __str__(self) -> str:
        return f"{self.rfq_id} → {self.artisan_id}"


class RFQStatusChange(models.Model):
    """History of RFQ_MACHINE."""

    rfq = models.ForeignKey(RFQ, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("RFQ"))
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("RFQ status change")
        verbose_name_plural = _("RFQ status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.rfq_id}: {self.from_status} → {self.to_status}"


class Quote(models.Model):
    """One artisan's quote for one RFQ; its terms are in numbered ``QuoteRevision`` rows (the artisan's first
    offer, the buyer's counters, the artisan's revisions). ``revision`` is the number of the latest one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        COUNTERED = "countered", _("Countered by the buyer")
        REVISED = "revised", _("Revised")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    rfq = models.ForeignKey(RFQ, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("RFQ"))
    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("artisan"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveSmallIntegerField(_("latest revision"), default=1)
    valid_until = models.DateField(_("valid until"))
    accepted_revision = models.PositiveSmallIntegerField(_("accepted revision"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rfq", "artisan"], name="quote_one_per_artisan_and_rfq"),
            models.CheckConstraint(
                condition=Q(status="accepted", accepted_revision__isnull=False)
                | (~Q(status="accepted") & Q(accepted_revision__isnull=True)),
                name="quote_accepted_has_revision",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="quote_status_valid")]

    def __str__(self) -> str:
        return f"Quote {self.pk} ({self.rfq_id}, r{self.revision})"


class QuoteRevision(models.Model):
    """The terms of a quote at one revision. A counter by the buyer copies the terms it does not change."""

    class Author(models.TextChoices):
        ARTISAN = "artisan", _("Artisan")
        BUYER = "buyer", _("Buyer")

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("quote"))
    number = models.PositiveSmallIntegerField(_("revision"))
    author = models.CharField(_("by"), max_length=8, choices=Author.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=int_range(1, QUANTITY_MAX))
    sample_included = models.BooleanField(_("sample first"), default=False)
    sample_price = models.BigIntegerField(_("sample price (IDR)"), default=0, validators=int_range(0, PRICE_MAX))
    sample_lead_days = models.PositiveSmallIntegerField(
        _("sample lead time (days)"), null=True, blank=True, validators=int_range(1, LEAD_DAYS_MAX)
    )
    production_lead_days = models.PositiveSmallIntegerField(
        _("production lead time (days)"), validators=int_range(1, LEAD_DAYS_MAX)
    )
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices)
    incoterm_place = models.CharField(_("named place"), max_length=120)
    freight_estimate = models.BigIntegerField(
        _("freight estimate (IDR)"), null=True, blank=True, validators=int_range(0, PRICE_MAX)
    )
    insurance_estimate = models.BigIntegerField(
        _("insurance estimate (IDR)"), null=True, blank=True, validators=int_range(0, PRICE_MAX)
    )
    deposit_percent = models.PositiveSmallIntegerField(_("deposit (%)"), default=50, validators=int_range(1, 100))
    valid_until = models.DateField(_("valid until"))
    wanted_by = models.DateField(_("wanted by"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=MAX_TEXT, blank=True)
    display_currency = models.CharField(_("display currency"), max_length=3, blank=True)
    display_rate = models.DecimalField(
        _("IDR per unit of the display currency"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("quote revision")
        verbose_name_plural = _("quote revisions")
        ordering = ["quote", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "number"], name="quote_revision_numbered_once"),
            models.CheckConstraint(
                condition=Q(deposit_percent__gte=1, deposit_percent__lte=100), name="quote_deposit_1_to_100"
            ),
            models.CheckConstraint(condition=Q(sample_price__gte=0), name="quote_sample_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id} r{self.number}"

    def unit_price_for(self, quantity: int) -> int | None:
        """The ladder's unit price for ``quantity``: the row with the largest ``min_quantity`` not above it."""
        price = None
        for row in self.ladder.all():
            if row.min_quantity <= quantity:
                price = row.unit_price
        return price

    @property
    def unit_price(self) -> int | None:
        return self.unit_price_for(self.quantity)

    @property
    def goods_total(self) -> int | None:
        price = self.unit_price
        return None if price is None else price * self.quantity


class LadderRow(models.Model):
    """ "From ``min_quantity`` pieces, ``unit_price`` rupiah each" in one revision; quantities up, prices down."""

    revision = models.ForeignKey(QuoteRevision, on_delete=models.CASCADE, related_name="ladder")
    min_quantity = models.PositiveIntegerField(_("from quantity"), validators=int_range(1, QUANTITY_MAX))
    unit_price = models.BigIntegerField(_("unit price (IDR)"), validators=int_range(1, PRICE_MAX))

    class Meta:
        verbose_name = _("price ladder row")
        verbose_name_plural = _("price ladder rows")
        ordering = ["revision", "min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "min_quantity"], name="ladder_one_row_per_quantity"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="ladder_price_positive"),
        ]

    def __str__(self) -> str:
        return f"≥{self.min_quantity}: {self.unit_price}"


class QuoteStatusChange(models.Model):
    """History of QUOTE_MACHINE."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("quote"))
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("quote status change")
        verbose_name_plural = _("quote status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.quote_id}: {self.from_status} → {self.to_status}"


class QuoteOrder(models.Model):
    """What an accepted quote became: a sample order or a production order, with its payment milestones.

    Each milestone is paid as an ordinary ``orders.Purchase`` holding one ``orders.Order`` of that amount (so the
    provider interface, the transfer proof, the gateway, the ledger's escrow and refunds work as for any order):
    the sample (its full price), the deposit (due at once) and the balance (due when the buyer has approved the
    photos of the finished goods). The balance order is the one that ships through the order lifecycle."""

    class Kind(models.TextChoices):
        SAMPLE = "sample", _("Sample")
        PRODUCTION = "production", _("Production")

    class Status(models.TextChoices):
        # sample orders
        SAMPLE_DUE = "sample_due", _("Sample ordered")
        SAMPLE_APPROVED = "sample_approved", _("Sample approved")
        SAMPLE_CHANGES = "sample_changes", _("Sample: changes asked")
        # production orders
        DEPOSIT_DUE = "deposit_due", _("Deposit due")
        IN_PRODUCTION = "in_production", _("In production")
        GOODS_APPROVED = "goods_approved", _("Finished goods approved")
        BALANCE_DUE = "balance_due", _("Balance due")
        READY_TO_SHIP = "ready_to_ship", _("Ready to ship")
        CANCELLED = "cancelled", _("Cancelled")

    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="orders", verbose_name=_("quote"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    revision = models.PositiveSmallIntegerField(_("quote revision"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=int_range(1, QUANTITY_MAX))
    unit_price = models.BigIntegerField(_("unit price (IDR)"), validators=int_range(0, PRICE_MAX))
    goods_total = models.BigIntegerField(_("total (IDR)"), validators=int_range(0, PRICE_MAX * QUANTITY_MAX))
    deposit_percent = models.PositiveSmallIntegerField(_("deposit (%)"), validators=int_range(0, 100))
    deposit_amount = models.BigIntegerField(_("deposit (IDR)"), validators=int_range(0, PRICE_MAX * QUANTITY_MAX))
    balance_amount = models.BigIntegerField(_("balance (IDR)"), validators=int_range(0, PRICE_MAX * QUANTITY_MAX))
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices)
    incoterm_place = models.CharField(_("named place"), max_length=120)
    first_order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("sample or deposit order")
    )
    balance_order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("balance order"),
    )
    goods_ready_at = models.DateTimeField(_("goods marked ready"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("quote order")
        verbose_name_plural = _("quote orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Accepting twice, or two accepts at once, can only ever make one order of each kind.
            models.UniqueConstraint(fields=["quote", "kind"], name="quote_order_one_per_kind"),
            models.CheckConstraint(
                condition=Q(deposit_amount__gte=0, balance_amount__gte=0), name="quote_order_amounts_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quote_id}"

    @property
    def milestones(self) -> list[Milestone]:
        """Its milestone orders in order: the sample (which ships) or the deposit (which never ships), then the
        balance (which ships the goods) once it exists."""
        sample = self.kind == self.Kind.SAMPLE
        found = [Milestone(self.first_order, _("Sample") if sample else _("Deposit"), ships=sample)]
        if self.balance_order_id:
            found.append(Milestone(self.balance_order, _("Balance"), ships=True))
        return found


@dataclass
class Milestone:
    """One payment milestone of a quote order, as the pages show it."""

    order: Any
    label: str
    ships: bool


class QuoteOrderStatusChange(models.Model):
    """History of the sample and production milestone machines."""

    quote_order = models.ForeignKey(QuoteOrder, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("quote order status change")
        verbose_name_plural = _("quote order status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.quote_order_id}: {self.from_status} → {self.to_status}"


class PrivatePhoto(models.Model):
    """The field shape of ``catalog.ProductImage``, so the rendition pipeline (``craftmarket.common.images``) makes
    metadata-free renditions; the original stays private and the renditions are served only to the parties and
    staff (``orders.quotes.views``). Subclasses add their ``original`` field and what they belong to."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text or f"photo {self.pk}"


class GoodsPhoto(PrivatePhoto):
    """A photo of the finished goods of a production order, for the buyer's pre-shipment approval."""

    quote_order = models.ForeignKey(QuoteOrder, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(_("original"), upload_to="originals/quotes/%Y/%m/", storage=private_storage)

    class Meta(PrivatePhoto.Meta):
        verbose_name = _("photo of the finished goods")
        verbose_name_plural = _("photos of the finished goods")
        constraints = [models.CheckConstraint(condition=Q(position__lt=10), name="goods_photo_at_most_ten")]


class RFQPhoto(PrivatePhoto):
    """A reference photo of an RFQ (what the buyer wants made: a design, a sample they hold, their logo), seen
    only by the buyer, the artisans the RFQ was sent to and the moderators of their provinces."""

    rfq = models.ForeignKey(RFQ, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(_("original"), upload_to="originals/rfqs/%Y/%m/", storage=private_storage)

    class Meta(PrivatePhoto.Meta):
        verbose_name = _("reference photo")
        verbose_name_plural = _("reference photos")
        constraints = [models.CheckConstraint(condition=Q(position__lt=6), name="rfq_photo_at_most_six")]
