"""The ledger (accounts, transactions, entries), commission rates and their per-order snapshot, artisans' bank
accounts and payouts.

Sign convention: an entry's ``delta`` is money moving *into* its account (negative: out of it), every transaction's
entries sum to zero, and an account's ``balance`` is the sum of its entries (kept in the same transaction by
``orders.money.services.ledger.post``). Money comes in from outside through the platform's ``incoming`` account,
whose balance is therefore minus everything ever received.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan

from .banks import BANK_CHOICES


class Account(models.Model):
    class Kind(models.TextChoices):
        # One of each per artisan.
        HELD = "held", _("Held in escrow")
        AVAILABLE = "available", _("Available")
        PAID_OUT = "paid_out", _("Paid out")
        # One of each for the platform.
        INCOMING = "incoming", _("Payments received")
        COMMISSION = "commission", _("Commission")
        SHIPPING = "shipping", _("Shipping passed through")
        TRANSFER_CODES = "transfer_codes", _("Unique transfer codes")
        REFUNDS_PAYABLE = "refunds_payable", _("Refunds payable")
        REFUNDS_PAID = "refunds_paid", _("Refunds sent")
        PAYOUTS_IN_TRANSIT = "payouts_in_transit", _("Payouts being transferred")

    ARTISAN_KINDS = (Kind.HELD, Kind.AVAILABLE, Kind.PAID_OUT)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    artisan = models.ForeignKey(
        Artisan, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("artisan")
    )
    balance = models.BigIntegerField(_("balance (IDR)"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["artisan_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["artisan", "kind"], condition=Q(artisan__isnull=False), name="account_one_per_artisan_kind"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(artisan__isnull=True), name="account_one_per_platform_kind"
            ),
            models.CheckConstraint(
                condition=Q(artisan__isnull=False, kind__in=["held", "available", "paid_out"])
                | Q(artisan__isnull=True) & ~Q(kind__in=["held", "available", "paid_out"]),
                name="account_kind_matches_owner",
            ),
            # Escrow never goes below zero; "available" may (a refund after completion), and is netted from the
            # next payouts.
            models.CheckConstraint(condition=~Q(kind="held") | Q(balance__gte=0), name="account_held_not_negative"),
        ]

    def __str__(self) -> str:
        owner = self.artisan.business_name if self.artisan_id else _("platform")
        return f"{owner}: {self.get_kind_display()}"


class LedgerTransaction(models.Model):
    """One money event. ``key`` names the event (``payment:<purchase>``, ``complete:<order>``…) and is unique, so
    an event can never be written twice."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment received")
        LATE_PAYMENT = "late_payment", _("Payment after expiry (to refund)")
        COMPLETION = "completion", _("Order completed")
        REFUND = "refund", _("Refund")
        REFUND_SENT = "refund_sent", _("Refund sent")
        PAYOUT = "payout", _("Payout")
        PAYOUT_SENT = "payout_sent", _("Payout transferred")
        PAYOUT_FAILED = "payout_failed", _("Payout failed (returned)")
        CORRECTION = "correction", _("Correction")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("event key"), max_length=80, unique=True)
    purchase = models.ForeignKey(
        "orders.Purchase", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("purchase")
    )
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    refund = models.ForeignKey(
        "orders.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("refund")
    )
    payout = models.ForeignKey(
        "money.Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("payout")
    )
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key


class Entry(models.Model):
    """One line of a transaction: ``delta`` rupiah into (or, negative, out of) ``account``. Append-only."""

    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries", verbose_name=_("transaction")
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries", verbose_name=_("account"))
    delta = models.BigIntegerField(_("change (IDR)"))
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "-created_at", "-id"], name="entry_account_recent")]
        constraints = [models.CheckConstraint(condition=~Q(delta=0), name="entry_delta_not_zero")]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.delta:+d}"

    def save(self, *args, **kwargs):
        # Append-only: a correction is a new transaction, never an edit.
        if self.pk is not None and not self._state.adding:
            raise ValueError("Ledger entries are append-only.")
        super().save(*args, **kwargs)


class CommissionRate(models.Model):
    """The commission on items (never shipping) of a craft family from ``effective_from`` on; no family is the
    default. The rate of an order is the one in force when it was placed, snapshot when it is paid."""

    family = models.ForeignKey(
        "catalog.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"parent__isnull": True},
        related_name="+",
        verbose_name=_("craft family"),
        help_text=_("Empty: the default for every family without its own rate."),
    )
    rate_bps = models.PositiveIntegerField(_("rate (basis points)"), help_text=_("Hundredths of a percent: 500 is 5%."))
    effective_from = models.DateTimeField(_("effective from"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("commission rate")
        verbose_name_plural = _("commission rates")
        ordering = ["family_id", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_bps__lte=10000), name="commissionrate_at_most_100_percent"),
            models.UniqueConstraint(
                fields=["family", "effective_from"],
                condition=Q(family__isnull=False),
                name="commissionrate_one_per_start",
            ),
            models.UniqueConstraint(
                fields=["effective_from"], condition=Q(family__isnull=True), name="commissionrate_default_one_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family or _('default')}: {self.rate_bps / 100:g}% ({self.effective_from:%Y-%m-%d})"


class OrderCommission(models.Model):
    """The commission of one order, fixed when it is paid: what the platform keeps of its items at completion."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="commission", verbose_name=_("order")
    )
    items_base = models.BigIntegerField(_("items (IDR)"))
    commission = models.BigIntegerField(_("commission (IDR)"))
    rates = models.JSONField(_("rates applied"), default=dict, help_text=_("Basis points per craft family."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("order commission")
        verbose_name_plural = _("order commissions")
        constraints = [
            models.CheckConstraint(
                condition=Q(commission__gte=0, items_base__gte=0) & Q(commission__lte=models.F("items_base")),
                name="ordercommission_within_items",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.commission}"


class BankAccount(models.Model):
    """Where an artisan's payouts go. Private: shown only to its owner (masked) and to national moderators."""

    artisan = models.OneToOneField(
        Artisan, on_delete=models.CASCADE, related_name="bank_account", verbose_name=_("artisan")
    )
    bank = models.CharField(_("bank"), max_length=12, choices=BANK_CHOICES)
    account_number = models.CharField(_("account number"), max_length=20)
    holder_name = models.CharField(_("account holder"), max_length=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(account_number__regex=r"^[0-9]{7,20}$"), name="bankaccount_number_digits"
            ),
            models.CheckConstraint(condition=~Q(holder_name=""), name="bankaccount_holder_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_bank_display()} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        return "•" * max(len(self.account_number) - 4, 0) + self.account_number[-4:]


class Payout(models.Model):
    """Money sent from an artisan's available balance to their bank account. Created ``pending`` by the weekly
    run (or a staff action) with the bank details copied; national moderators transfer it and record its
    reference (``sent``) or its failure (``failed``: the money goes back to available)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being transferred")
        SENT = "sent", _("Transferred")
        FAILED = "failed", _("Failed")

    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("artisan"))
    amount = models.BigIntegerField(_("amount (IDR)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    run = models.CharField(_("run"), max_length=40, help_text=_("The payout run that created it, e.g. 2026-W49."))
    bank = models.CharField(_("bank"), max_length=12, choices=BANK_CHOICES)
    account_number = models.CharField(_("account number"), max_length=20)
    holder_name = models.CharField(_("account holder"), max_length=100)
    reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.UniqueConstraint(fields=["artisan", "run"], name="payout_one_per_artisan_per_run"),
            models.UniqueConstraint(fields=["reference"], condition=~Q(reference=""), name="payout_reference_unique"),
            models.CheckConstraint(
                condition=Q(status="pending", reference="", completed_at__isnull=True)
                | (Q(status="sent", completed_at__isnull=False) & ~Q(reference=""))
                | (Q(status="failed", completed_at__isnull=False, reference="") & ~Q(failure_reason="")),
                name="payout_recorded_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.artisan_id} {self.run}: {self.amount}"


class PayoutStatusChange(models.Model):
    """History of PAYOUT_MACHINE."""

    payout = models.ForeignKey(
        Payout, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("payout")
    )
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("payout status change")
        verbose_name_plural = _("payout status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.payout_id}: {self.from_status} → {self.to_status}"
