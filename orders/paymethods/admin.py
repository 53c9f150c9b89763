"""Gateway charges for moderators: national only and read-only, like the other money pages (they come from the
gateway; nothing here changes them)."""

from __future__ import annotations

from django.contrib import admin

from ..admin import NationalMoneyAdmin
from .models import Charge


@admin.register(Charge)
class ChargeAdmin(NationalMoneyAdmin):
    list_display = ["order_id", "purchase", "method", "amount", "status", "expires_at", "sandbox", "checked_at"]
    list_filter = ["status", "method", "sandbox"]
    search_fields = ["order_id", "transaction_id", "purchase__number", "va_number"]
    list_select_related = ["purchase"]
