from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurrencyConfig(AppConfig):
    name = "craftmarket.currency"
    label = "currency"
    verbose_name = _("Display currencies")
    default_auto_field = "django.db.models.BigAutoField"
