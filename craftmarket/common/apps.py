from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The shared layer: errors, money, state machines, notifications. It imports no app."""

    name = "craftmarket.common"
    label = "common"
    verbose_name = _("Notifications")
