"""What the buyer is shown for a gateway charge: the number or QR to pay, the bank's steps, the deadline."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from craftmarket.common.money import format_idr

from ..models import Purchase
from . import methods
from .models import Charge


def qr_data(charge: Charge) -> str:
    """What the charge's QR code holds: the gateway's QR string, or (an e-wallet without one) its deeplink,
    which a phone camera opens in the wallet app."""
    return charge.qr_string or (charge.deeplink_url if methods.METHODS[charge.method].kind == methods.WALLET else "")


def _va_steps(charge: Charge, method: methods.Method) -> list[dict[str, Any]]:
    number_step = (
        _("Enter the bill key %(number)s.") if charge.biller_code else _("Enter the virtual account number %(number)s.")
    ) % {"number": charge.va_number}
    amount_step = _("Check that the amount is exactly %(amount)s and the name is Craftmarket, then confirm.") % {
        "amount": format_idr(charge.amount)
    }
    return [
        {
            "channel": str(channel.name),
            "steps": [str(channel.where), str(channel.menu) % {"biller": charge.biller_code}, number_step, amount_step],
        }
        for channel in method.channels
    ]


def _qr_steps(charge: Charge, method: methods.Method) -> list[dict[str, Any]]:
    if method.kind == methods.QR:
        app = _("any QRIS app (GoPay, ShopeePay, OVO, DANA, LinkAja or your bank's app)")
    else:
        app = str(method.label)
    steps = (
        [
            {
                "channel": _("On this phone"),
                "steps": [
                    _("Tap “Open %(app)s” below; the app opens with the payment.") % {"app": method.label},
                    _("Check the amount and confirm with your PIN."),
                ],
            }
        ]
        if charge.deeplink_url
        else []
    )
    steps.append(
        {
            "channel": _("With another phone"),
            "steps": [
                _("Open %(app)s and choose Scan or Pay.") % {"app": app},
                _("Scan the QR code shown on this page."),
                _("Check the amount and confirm with your PIN."),
            ],
        }
    )
    return steps


def charge_instructions(*, purchase: Purchase, charge: Charge, api: bool = False) -> dict[str, Any]:
    """The charge as the page and the API show it. ``qr_image_url`` is the API's image when ``api`` is set."""
    method = methods.METHODS[charge.method]
    has_qr = bool(qr_data(charge))
    if has_qr:
        name = "api-purchase-payment-qr" if api else "orders:purchase-qr"
        qr_image_url = reverse(name, kwargs={"number": purchase.number})
    else:
        qr_image_url = None
    return {
        "method": charge.method,
        "label": str(method.label),
        "kind": method.kind,
        "bank": method.bank,
        "order_id": charge.order_id,
        "amount": charge.amount,
        "va_number": charge.va_number,
        "biller_code": charge.biller_code,
        "qr_string": charge.qr_string,
        "qr_image_url": qr_image_url,
        "deeplink_url": charge.deeplink_url,
        "expires_at": charge.expires_at,
        "sandbox": charge.sandbox,
        "steps": _va_steps(charge, method) if method.kind == methods.VA else _qr_steps(charge, method),
    }


def offered_choices() -> list[dict[str, str]]:
    return [{"code": code, "label": methods.label(code)} for code in methods.offered()]
