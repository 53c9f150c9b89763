"""Exchange rates for showing prices in a buyer's currency. Money still settles in rupiah: a rate only ever
turns a rupiah amount into an approximate figure for display (and the snapshot a purchase keeps of it)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Rupiah per unit: up to 12 digits before the point (any currency we show is far below that) and 6 after.
RATE_MAX_DIGITS = 18
RATE_DECIMAL_PLACES = 6
RATE_MIN = Decimal("0.000001")


class ExchangeRate(models.Model):
    """Rupiah per one unit of ``currency`` on ``rate_date`` (Bank Indonesia's mid rate, or a moderator's)."""

    currency = models.CharField(_("currency"), max_length=3)
    idr_per_unit = models.DecimalField(
        _("rupiah per unit"),
        max_digits=RATE_MAX_DIGITS,
        decimal_places=RATE_DECIMAL_PLACES,
        validators=[MinValueValidator(RATE_MIN)],
    )
    rate_date = models.DateField(_("rate date"))
    source = models.CharField(_("source"), max_length=80, default="Bank Indonesia (kurs tengah)")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-rate_date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "rate_date"], name="exchange_rate_one_per_currency_day"),
            models.CheckConstraint(condition=Q(idr_per_unit__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.idr_per_unit} ({self.rate_date})"
