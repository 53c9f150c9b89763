"""Moderators read reported conversations here, read-only, scoped to the provinces they cover (the artisan's
province decides). A thread that is not under moderation (no report, later no complaint) is not in the admin at
all: its page is a 404 like any other province's."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from artisans.moderation import ProvinceScopedAdmin, province_filter

from .models import Message, Report, Thread


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "sender", "body", "masked_kinds", "files"]
    readonly_fields = fields
    ordering = ["pk"]
    verbose_name_plural = _("Messages (contact details were masked before a paid order)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sender").prefetch_related("attachments")

    @admin.display(description=_("attachments"))
    def files(self, obj: Message) -> str:
        return (
            format_html_join(
                ", ", '<a href="{}">{}</a>', ((a.get_absolute_url(), a.filename or a.pk) for a in obj.attachments.all())
            )
            or "—"
        )


class ReportInline(ReadOnlyInline):
    model = Report
    fields = ["created_at", "reporter", "reason", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter")


@admin.register(Thread)
class ThreadAdmin(ProvinceScopedAdmin):
    province_lookup = "artisan__province"
    list_display = ["moderation_since", "subject", "buyer", "artisan", "reports_count", "last_message_at"]
    list_filter = [province_filter("artisan__province")]
    search_fields = ["artisan__business_name", "buyer__email", "product__name", "order__number"]
    list_select_related = ["buyer", "artisan", "product", "order"]
    fields = ["kind", "subject", "buyer", "artisan", "created_at", "last_message_at", "moderation_since"]
    readonly_fields = fields
    inlines = [ReportInline, MessageInline]
    actions = None

    def annotate(self, queryset):
        return queryset.filter(moderation_since__isnull=False).annotate(reports_total=Count("reports"))

    def get_ordering(self, request):
        return ["-moderation_since", "-pk"]

    @admin.display(description=_("subject"))
    def subject(self, obj: Thread) -> str:
        return format_html("{}: {}", obj.get_kind_display(), obj.subject_label)

    @admin.display(description=_("reports"), ordering="reports_total")
    def reports_count(self, obj: Thread) -> int:
        return obj.reports_total

    def has_moderate_permission(self, request) -> bool:
        return False
