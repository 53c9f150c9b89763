from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WholesaleConfig(AppConfig):
    """Quantity price tiers per variant (a nested app of ``catalog``; imports catalog and artisans, never orders)."""

    name = "catalog.wholesale"
    label = "wholesale"
    verbose_name = _("Wholesale")
