"""Start-up checks of the payment-method settings."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from .methods import ALL_CODES


@register()
def payment_methods_check(app_configs, **kwargs) -> list[Error]:
    errors = []
    unknown = [code for code in settings.PAYMENT_METHODS if code not in ALL_CODES]
    if unknown:
        errors.append(
            Error(
                f"PAYMENT_METHODS has unknown methods: {', '.join(unknown)}.",
                hint=f"Use some of: {', '.join(ALL_CODES)}.",
                id="paymethods.E001",
            )
        )
    if not settings.PAYMENT_METHODS:
        errors.append(Error("PAYMENT_METHODS is empty: buyers could not pay.", id="paymethods.E002"))
    if settings.MIDTRANS_CLIENT not in ("http", "sandbox"):
        errors.append(Error("MIDTRANS_CLIENT must be http or sandbox.", id="paymethods.E003"))
    return errors
