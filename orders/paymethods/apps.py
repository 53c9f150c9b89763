from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymethodsConfig(AppConfig):
    """Gateway charges of purchases (a nested app of orders: it has its own table and migrations)."""

    name = "orders.paymethods"
    label = "paymethods"
    verbose_name = _("Payment methods")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the PAYMENT_METHODS check)
