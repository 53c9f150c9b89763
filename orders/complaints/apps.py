from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Buyers' complaints about delivered orders and their Dekranas mediation (a nested app of ``orders``)."""

    name = "orders.complaints"
    label = "complaints"
    verbose_name = _("Complaints")
