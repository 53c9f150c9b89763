"""Artisan performance in the Dekranas admin: read-only, scoped by the artisan's province for Dekranasda. The
artisan list shows (and filters on) ``outstanding_since``; this list holds the figures behind it."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy

from artisans.moderation import ProvinceScopedAdmin, province_filter

from .formatting import reply_time, share
from .models import PerformanceSnapshot


@admin.register(PerformanceSnapshot)
class PerformanceSnapshotAdmin(ProvinceScopedAdmin):
    province_lookup = "artisan__province"
    list_display = [
        "artisan",
        "date",
        "orders_paid",
        "on_time",
        "reply_median",
        "replies_24h",
        "rating_shown",
        "complaint_rate",
        "cancellation_rate",
        "outstanding",
    ]
    list_filter = ["outstanding", province_filter("artisan__province"), "date"]
    list_select_related = ["artisan"]
    search_fields = ["artisan__business_name"]
    date_hierarchy = "date"
    readonly_fields = [field.name for field in PerformanceSnapshot._meta.fields if field.name != "id"]

    @admin.display(description=gettext_lazy("shipped on time"), ordering="on_time_permille")
    def on_time(self, obj: PerformanceSnapshot) -> str:
        return share(obj.on_time_permille)

    @admin.display(description=gettext_lazy("median first reply"), ordering="reply_median_seconds")
    def reply_median(self, obj: PerformanceSnapshot) -> str:
        return reply_time(obj.reply_median_seconds)

    @admin.display(description=gettext_lazy("replies within 24 h"), ordering="reply_24h_permille")
    def replies_24h(self, obj: PerformanceSnapshot) -> str:
        return share(obj.reply_24h_permille)

    @admin.display(description=gettext_lazy("rating"), ordering="rating_average")
    def rating_shown(self, obj: PerformanceSnapshot) -> str:
        return "—" if obj.rating is None else f"{obj.rating} ({obj.rating_count})"

    @admin.display(description=gettext_lazy("complaint rate"), ordering="complaint_permille")
    def complaint_rate(self, obj: PerformanceSnapshot) -> str:
        return share(obj.complaint_permille)

    @admin.display(description=gettext_lazy("cancellation rate"), ordering="cancellation_permille")
    def cancellation_rate(self, obj: PerformanceSnapshot) -> str:
        return share(obj.cancellation_permille)
