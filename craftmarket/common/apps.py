from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The shared layer: errors, money, state machines, notifications. It imports no app."""

    name = "craftmarket.common"
    label = "common"
    verbose_name = "Craftmarket"
