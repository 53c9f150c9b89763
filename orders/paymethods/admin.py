"""Gateway charges for moderators: read-only (they come from the gateway)."""

from __future__ import annotations

from django.contrib import admin

from .models import Charge


@admin.register(Charge)
class ChargeAdmin(admin.ModelAdmin):
    list_display = ["order_id", "purchase", "method", "amount", "status", "expires_at", "sandbox", "checked_at"]
    list_filter = ["status", "method", "sandbox"]
    search_fields = ["order_id", "transaction_id", "purchase__number", "va_number"]
    list_select_related = ["purchase"]
    readonly_fields = [f.name for f in Charge._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
