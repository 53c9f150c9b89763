from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """Artisan performance over the last 90 days and the "Outstanding artisan" badge (a nested app of ``orders``)."""

    name = "orders.performance"
    label = "performance"
    verbose_name = _("Artisan performance")
    default_auto_field = "django.db.models.BigAutoField"
