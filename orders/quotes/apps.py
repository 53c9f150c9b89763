from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    """Requests for quotation (RFQ) from business buyers and the artisans' quotes (a nested app of ``orders``)."""

    name = "orders.quotes"
    label = "quotes"
    verbose_name = _("Requests for quotation")
