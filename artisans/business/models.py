from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from craftmarket.common.statemachine import StateMachine, table
from craftmarket.common.storage import private_storage


class BusinessProfile(models.Model):
    """A buyer's company. Private to the buyer, the artisans they order from, and staff. Writes go through
    ``artisans.business.services``; Dekranas moderators verify it in the admin (``BUSINESS_VERIFICATION``)."""

    class Type(models.TextChoices):
        RETAILER = "retailer", _("Retailer")
        WHOLESALER = "wholesaler", _("Wholesaler or importer")
        INTERIOR = "interior", _("Interior designer")
        HOSPITALITY = "hospitality", _("Hotel or restaurant")
        GIFTS = "gifts", _("Corporate gifts")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified business")
        REJECTED = "rejected", _("Not verified")
        REVOKED = "revoked", _("Verification withdrawn")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="business", verbose_name=_("buyer")
    )
    company_name = models.CharField(_("company name"), max_length=140)
    country = models.CharField(_("country"), max_length=2, help_text=_("Two-letter country code, e.g. ID, AU."))
    business_type = models.CharField(_("business type"), max_length=20, choices=Type.choices)
    tax_id = models.CharField(
        _("tax or VAT id"), max_length=40, help_text=_("NPWP (15 or 16 digits) for Indonesian companies.")
    )
    website = models.URLField(_("website"), blank=True)
    document = models.FileField(_("document"), upload_to="business/%Y/%m/", storage=private_storage, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business profile")
        verbose_name_plural = _("business profiles")
        constraints = [
            models.CheckConstraint(condition=~Q(company_name=""), name="business_has_company_name"),
        ]

    def __str__(self) -> str:
        return self.company_name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class BusinessStatusChange(models.Model):
    """One step of a business profile's verification: who, when, from, to, why."""

    profile = models.ForeignKey(
        BusinessProfile, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("business profile")
    )
    from_status = models.CharField(_("from"), max_length=12, choices=BusinessProfile.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=BusinessProfile.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("business status change")
        verbose_name_plural = _("business status changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.from_status} → {self.to_status}"


S = BusinessProfile.Status
BUSINESS_VERIFICATION = StateMachine(
    name="Business verification",
    field="status",
    transitions=table(
        {
            S.PENDING: [S.VERIFIED, S.REJECTED],
            S.REJECTED: [S.PENDING],
            # A verified profile whose company name or tax id changes goes back to review.
            S.VERIFIED: [S.REVOKED, S.PENDING],
            S.REVOKED: [S.VERIFIED, S.PENDING],
        }
    ),
    history_model="business.BusinessStatusChange",
    subject_field="profile",
    labels=dict(S.choices),
)
