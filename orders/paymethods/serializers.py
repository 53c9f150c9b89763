"""Input and output shapes of the payment-method API (separate from the purchase serializer on purpose)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from ..models import Purchase
from . import methods
from .instructions import charge_instructions, offered_choices
from .selectors import charge_current


class MethodChoiceInput(serializers.Serializer):
    # Any string: the service answers "not offered" with its own message for one outside PAYMENT_METHODS.
    method = serializers.CharField(max_length=20)


class StepsOut(serializers.Serializer):
    channel = serializers.CharField()
    steps = serializers.ListField(child=serializers.CharField())


class ChargeOut(serializers.Serializer):
    method = serializers.ChoiceField(choices=list(methods.METHODS))
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=[methods.VA, methods.QR, methods.WALLET])
    bank = serializers.CharField(help_text="bca, bni, bri, mandiri or permata for a virtual account; empty otherwise")
    order_id = serializers.CharField()
    amount = serializers.IntegerField(help_text="IDR")
    va_number = serializers.CharField(help_text="Virtual account number (Mandiri: bill key)")
    biller_code = serializers.CharField(help_text="Mandiri Bill Payment company code")
    qr_string = serializers.CharField(help_text="The gateway's QR payload (QRIS or GoPay)")
    qr_image_url = serializers.CharField(allow_null=True, help_text="SVG QR code of this purchase")
    deeplink_url = serializers.CharField(help_text="Opens the e-wallet app on a phone")
    expires_at = serializers.DateTimeField()
    sandbox = serializers.BooleanField(help_text="True for the local sandbox: no real money moves")
    steps = StepsOut(many=True)


class MethodOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class PaymentOut(serializers.Serializer):
    purchase = serializers.CharField()
    status = serializers.ChoiceField(choices=Purchase.Status.choices)
    method = serializers.CharField(help_text="bank_transfer, or the method of the open gateway charge")
    amount_due = serializers.IntegerField()
    currency = serializers.CharField()
    pay_before = serializers.DateTimeField()
    methods = MethodOut(many=True)
    charge = ChargeOut(allow_null=True)
    bank_transfer = serializers.DictField(allow_null=True)


def payment_out(purchase: Purchase) -> dict[str, Any]:
    """How this purchase is paid now: the chosen method and what to pay with."""
    charge = None
    if purchase.status == Purchase.Status.AWAITING_PAYMENT and purchase.payment_method == Purchase.Method.MIDTRANS:
        charge = charge_current(purchase=purchase)
    bank_transfer = None
    if purchase.payment_method == Purchase.Method.BANK_TRANSFER:
        bank_transfer = {"accounts": list(settings.BANK_TRANSFER_ACCOUNTS), "unique_code": purchase.unique_code}
    return {
        "purchase": purchase.number,
        "status": purchase.status,
        "method": charge.method if charge else (methods.BANK_TRANSFER if bank_transfer else ""),
        "amount_due": purchase.amount_due,
        "currency": "IDR",
        "pay_before": purchase.expires_at,
        "methods": offered_choices(),
        "charge": charge_instructions(purchase=purchase, charge=charge, api=True) if charge else None,
        "bank_transfer": bank_transfer,
    }
