"""RFQs, quotes and their orders in the Dekranas admin: read-only, with their history, scoped by province for
Dekranasda (an RFQ by the provinces of the artisans it was sent to; a quote by its artisan's province). Changes go
through the services (the API and the pages); the one moderator action, inviting an artisan, is
``POST /api/v1/rfqs/{id}/invite/``."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from artisans.moderation import AuditInline, ProvinceScopedAdmin, province_filter

from .models import (
    RFQ,
    Quote,
    QuoteOrder,
    QuoteOrderStatusChange,
    QuoteRevision,
    QuoteStatusChange,
    RFQPhoto,
    RFQRecipient,
    RFQStatusChange,
)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return True


class RecipientInline(_ReadOnlyInline):
    model = RFQRecipient
    fields = ["artisan", "invited_by", "created_at"]


class RFQPhotoInline(_ReadOnlyInline):
    """The buyer's reference photos: their renditions through the same permission check as the pages."""

    model = RFQPhoto
    fields = ("position", "status", "preview")

    @admin.display(description=_("Reference photo"))
    def preview(self, obj: RFQPhoto) -> str:
        if obj.status != RFQPhoto.Status.READY:
            return "—"
        url = reverse("quotes:rfq-photo", args=[obj.pk])
        return format_html('<a href="{}"><img src="{}" width="120" alt=""></a>', url, url)


class QuoteInline(_ReadOnlyInline):
    model = Quote
    fields = ["artisan", "status", "revision", "valid_until", "sent_at"]
    show_change_link = True


class RFQHistoryInline(AuditInline):
    model = RFQStatusChange


class QuoteHistoryInline(AuditInline):
    model = QuoteStatusChange


class QuoteOrderHistoryInline(AuditInline):
    model = QuoteOrderStatusChange


class RevisionInline(_ReadOnlyInline):
    model = QuoteRevision
    fields = [
        "number",
        "author",
        "quantity",
        "sample_included",
        "sample_price",
        "production_lead_days",
        "incoterm",
        "incoterm_place",
        "deposit_percent",
        "valid_until",
        "display_currency",
        "display_rate",
        "created_at",
    ]


@admin.register(RFQ)
class RFQAdmin(ProvinceScopedAdmin):
    province_lookup = "recipients__artisan__province"
    list_display = ["created_at", "title", "mode", "quantity", "incoterm", "destination_country", "status"]
    list_filter = ["status", "mode", "incoterm", province_filter("recipients__artisan__province")]
    search_fields = ["title", "description"]
    fields = [
        "title",
        "description",
        "mode",
        "status",
        "business",
        "category",
        "reference_product",
        "quantity",
        "unit",
        "sizes",
        "colours",
        "materials",
        "custom_logo",
        "custom_packaging",
        "target_unit_price",
        "target_currency",
        "target_rate",
        "destination_country",
        "destination_place",
        "incoterm",
        "incoterm_place",
        "wanted_by",
        "sample_wanted",
        "closes_on",
        "first_quote_at",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [RecipientInline, RFQPhotoInline, QuoteInline, RFQHistoryInline]

    def annotate(self, queryset):
        return queryset.distinct()


@admin.register(Quote)
class QuoteAdmin(ProvinceScopedAdmin):
    province_lookup = "artisan__province"
    list_display = ["created_at", "rfq", "artisan", "status", "revision", "valid_until"]
    list_filter = ["status", province_filter("artisan__province")]
    search_fields = ["rfq__title", "artisan__business_name"]
    list_select_related = ["rfq", "artisan"]
    fields = ["rfq", "artisan", "status", "revision", "accepted_revision", "valid_until", "sent_at", "created_at"]
    readonly_fields = fields
    inlines = [RevisionInline, QuoteHistoryInline]


@admin.register(QuoteOrder)
class QuoteOrderAdmin(ProvinceScopedAdmin):
    province_lookup = "quote__artisan__province"
    list_display = ["created_at", "quote", "kind", "status", "goods_total", "deposit_amount", "balance_amount"]
    list_filter = ["kind", "status", province_filter("quote__artisan__province")]
    list_select_related = ["quote"]
    fields = [
        "quote",
        "kind",
        "status",
        "revision",
        "quantity",
        "unit_price",
        "goods_total",
        "deposit_percent",
        "deposit_amount",
        "balance_amount",
        "incoterm",
        "incoterm_place",
        "first_order",
        "balance_order",
        "goods_ready_at",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [QuoteOrderHistoryInline]
