from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    """The ledger, commission and payouts (``orders.money``). Its ``invariants`` module adds the ledger's rules
    to ``manage.py check_invariants``."""

    name = "orders.money"
    label = "money"
    verbose_name = _("Money")
    default_auto_field = "django.db.models.BigAutoField"
