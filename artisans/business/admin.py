"""Dekranas moderators verify business profiles here, like artisans: read-only fields, and actions that call the
services with a reason (kept in the audit trail)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans.moderation import AuditInline, with_reason

from . import services
from .models import BusinessProfile, BusinessStatusChange


class BusinessStatusChangeInline(AuditInline):
    model = BusinessStatusChange


@admin.register(BusinessProfile)
class BusinessProfileAdmin(admin.ModelAdmin):
    list_display = ["company_name", "country", "business_type", "status", "user", "created_at"]
    list_filter = ["status", "business_type", "country"]
    search_fields = ["company_name", "user__email", "tax_id"]
    fields = [
        "company_name",
        "country",
        "business_type",
        "tax_id",
        "website",
        "user",
        "status",
        "verified_at",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [BusinessStatusChangeInline]
    actions = ["verify", "reject", "revoke"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("business.change_businessprofile")

    @admin.action(description=gettext_lazy("Verify the business (with a reason)"), permissions=["moderate"])
    def verify(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Verify: what did you check?"),
            call=lambda p, reason: services.business_verify(profile=p, by=request.user, reason=reason),
            done=_("%(n)d business(es) verified."),
        )

    @admin.action(description=gettext_lazy("Do not verify (with a reason)"), permissions=["moderate"])
    def reject(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Do not verify: tell the buyer why"),
            call=lambda p, reason: services.business_reject(profile=p, by=request.user, reason=reason),
            done=_("%(n)d business(es) not verified."),
        )

    @admin.action(description=gettext_lazy("Withdraw the verification (with a reason)"), permissions=["moderate"])
    def revoke(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Withdraw the verification: tell the buyer why"),
            call=lambda p, reason: services.business_revoke(profile=p, by=request.user, reason=reason),
            done=_("%(n)d verification(s) withdrawn."),
        )
