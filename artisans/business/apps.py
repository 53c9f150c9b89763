from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessConfig(AppConfig):
    """Buyers' business profiles and their verification by Dekranas (a nested app of ``artisans``)."""

    name = "artisans.business"
    label = "business"
    verbose_name = _("Business buyers")
