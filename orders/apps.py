from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders and payments")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the login cart merge)
