"""Payment providers behind one small interface.

A provider says whether the buyer's amount carries a unique code (so a transfer can be matched by amount) and
what the buyer is shown to pay. Gateway notifications are verified by the provider and applied by
``orders.services.payments``.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Protocol

from django.conf import settings

from .models import Purchase
from .paymethods.instructions import charge_instructions
from .paymethods.selectors import charge_current


class PaymentProvider(Protocol):
    code: str
    uses_unique_code: bool

    def instructions(self, *, purchase: Purchase) -> dict[str, Any]: ...


class BankTransfer:
    code = Purchase.Method.BANK_TRANSFER
    uses_unique_code = True

    def instructions(self, *, purchase: Purchase) -> dict[str, Any]:
        return {
            "method": self.code,
            "accounts": list(settings.BANK_TRANSFER_ACCOUNTS),
            "amount": purchase.amount_due,
            "unique_code": purchase.unique_code,
            "pay_before": purchase.expires_at,
        }


class Midtrans:
    code = Purchase.Method.MIDTRANS
    uses_unique_code = False

    def instructions(self, *, purchase: Purchase) -> dict[str, Any]:
        """The open charge (VA number, QR, deeplink and the steps) once the buyer has chosen a method."""
        charge = charge_current(purchase=purchase) if purchase.status == Purchase.Status.AWAITING_PAYMENT else None
        return {
            "method": self.code,
            "order_id": charge.order_id if charge else purchase.number,
            "gross_amount": purchase.amount_due,
            "pay_before": purchase.expires_at,
            "charge": charge_instructions(purchase=purchase, charge=charge) if charge else None,
        }

    @staticmethod
    def signature(*, order_id: str, status_code: str, gross_amount: str) -> str:
        raw = f"{order_id}{status_code}{gross_amount}{settings.MIDTRANS_SERVER_KEY}"
        return hashlib.sha512(raw.encode()).hexdigest()

    @classmethod
    def verify(cls, payload: dict[str, Any]) -> bool:
        """True when ``signature_key`` is SHA-512(order_id + status_code + gross_amount + server key)."""
        fields = [payload.get(k) for k in ("order_id", "status_code", "gross_amount", "signature_key")]
        # Non-ASCII values (a lone surrogate cannot even be encoded) are never a valid notification.
        if not all(isinstance(f, str) and f and f.isascii() for f in fields):
            return False
        order_id, status_code, gross_amount, given = fields
        expected = cls.signature(order_id=order_id, status_code=status_code, gross_amount=gross_amount)
        return hmac.compare_digest(expected, given.lower())


PROVIDERS: dict[str, PaymentProvider] = {BankTransfer.code: BankTransfer(), Midtrans.code: Midtrans()}


def get_provider(code: str) -> PaymentProvider:
    return PROVIDERS[code]
