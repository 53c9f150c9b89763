"""Moderators see the documents made for orders of the provinces they cover (read-only: documents are made from
the order's data, never edited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from artisans.scoping import scope

from .models import Document, OriginDocument, OriginScheme, Package


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "version", "kind", "order", "created_at", "download"]
    list_filter = ["kind"]
    search_fields = ["number", "order__number"]
    readonly_fields = ["order", "kind", "number", "version", "data_hash", "created_by", "created_at", "download"]
    exclude = ["file"]

    def get_queryset(self, request: Any) -> QuerySet[Document]:
        qs = super().get_queryset(request).select_related("order")
        return scope(qs, request.user, "order__artisan__province")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("PDF"))
    def download(self, obj: Document) -> str:
        return format_html('<a href="{}">{}</a>', reverse("documents:download", args=[obj.pk]), obj.filename)


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["order", "position", "count", "contents", "net_weight_grams", "gross_weight_grams"]
    search_fields = ["order__number"]

    def get_queryset(self, request: Any) -> QuerySet[Package]:
        return scope(super().get_queryset(request).select_related("order"), request.user, "order__artisan__province")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(OriginScheme)
class OriginSchemeAdmin(admin.ModelAdmin):
    """The destination → origin scheme table (seeded by migration 0002; see README "Export documents")."""

    list_display = ["country", "country_name", "scheme", "form", "agreement", "rex_threshold_eur"]
    list_filter = ["scheme", "form"]
    search_fields = ["country", "country_name", "agreement"]
    ordering = ["country_name"]


@admin.register(OriginDocument)
class OriginDocumentAdmin(admin.ModelAdmin):
    list_display = ["order", "kind", "number", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["order__number", "number"]
    exclude = ["scan"]

    def get_queryset(self, request: Any) -> QuerySet[OriginDocument]:
        return scope(super().get_queryset(request).select_related("order"), request.user, "order__artisan__province")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
