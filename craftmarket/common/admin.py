from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from craftmarket.common.models import Notification

admin.site.site_header = _("Craftmarket · Dekranas")
admin.site.site_title = _("Craftmarket · Dekranas")
admin.site.index_title = _("Moderation")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: staff look here to see whether a mail went out, or why it failed."""

    list_display = ("created_at", "recipient", "event", "title", "email_status", "email_attempts", "read_at")
    list_filter = ("email_status", "event")
    search_fields = ("recipient__email", "title")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
