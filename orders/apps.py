from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the login cart merge)
