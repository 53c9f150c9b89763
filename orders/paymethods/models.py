"""A gateway charge: what Midtrans gave the buyer to pay (VA number, QR string, deeplink) and until when."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .methods import CHOICES


class Charge(models.Model):
    """One Midtrans transaction of a purchase. A purchase has at most one open (``pending``) charge; choosing
    another method supersedes it (cancelled at the gateway), and a superseded charge that is paid anyway is still
    applied by the notification (or the status check) like any other."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        SUPERSEDED = "superseded", _("Replaced by another method")
        PAID = "paid", _("Paid")
        CLOSED = "closed", _("Expired or cancelled")

    purchase = models.ForeignKey(
        "orders.Purchase", on_delete=models.PROTECT, related_name="charges", verbose_name=_("purchase")
    )
    method = models.CharField(_("method"), max_length=20, choices=CHOICES)
    # Midtrans' order_id: the purchase number and a sequence, since an order_id can be charged only once.
    order_id = models.CharField(_("gateway order id"), max_length=50, unique=True)
    transaction_id = models.CharField(_("gateway transaction id"), max_length=100, blank=True)
    amount = models.BigIntegerField(_("amount (IDR)"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    va_number = models.CharField(_("virtual account / bill key"), max_length=40, blank=True)
    biller_code = models.CharField(_("biller code"), max_length=10, blank=True)
    qr_string = models.TextField(_("QR string"), blank=True)
    deeplink_url = models.CharField(_("deeplink"), max_length=500, blank=True)
    expires_at = models.DateTimeField(_("payable until"))
    sandbox = models.BooleanField(_("sandbox"), default=False)
    response = models.JSONField(_("charge response"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    checked_at = models.DateTimeField(_("status last checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("gateway charge")
        verbose_name_plural = _("gateway charges")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="charge_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "superseded", "paid", "closed"]), name="charge_status_known"
            ),
            models.UniqueConstraint(
                fields=["purchase"], condition=Q(status="pending"), name="charge_one_open_per_purchase"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="charge_status_created")]

    def __str__(self) -> str:
        return self.order_id

    def is_payable(self, *, now=None) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > (now or timezone.now())
