"""Choosing a payment method for a purchase, and asking the gateway about charges whose notification is late.

Every gateway outcome — a notification, a status answer, a sandbox payment — is applied by the one existing
path, ``orders.services.payments.midtrans_notification_handle``; nothing here marks a purchase paid.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError, DomainError, NotFound

from ..locks import lock_purchase
from ..models import Payment, Purchase
from ..providers import Midtrans
from ..services.amounts import save_with_unique_amount
from ..services.payments import MIDTRANS_FAILED, MIDTRANS_SUCCESS, midtrans_notification_handle
from . import methods
from .client import GatewayClient, GatewayError, charge_fields, format_time, get_client
from .models import Charge

logger = logging.getLogger(__name__)

# Once a charge has been unpayable this long, a gateway that still says "pending" (or nothing) is not asked again.
GIVE_UP_AFTER = timedelta(days=1)


class GatewayUnavailable(DomainError):
    """The gateway did not answer or refused the charge: nothing was changed, the buyer may try again."""

    status = 503


def _supersede(*, charge: Charge, client: GatewayClient) -> None:
    """Mark the open charge replaced and cancel it at the gateway. A cancel that fails is only logged: if that
    charge is paid anyway, its notification (or the status check) still applies it."""
    charge.status = Charge.Status.SUPERSEDED
    charge.save(update_fields=["status"])
    try:
        client.cancel(charge.order_id)
    except GatewayError as exc:
        logger.warning("midtrans cancel of %s failed: %s", charge.order_id, exc)


def _charge_request(*, purchase: Purchase, method: methods.Method, client: GatewayClient, now: datetime) -> dict:
    sequence = purchase.charges.count() + 1
    order_id = f"{purchase.number}-{sequence}"
    remaining = int((purchase.expires_at - now).total_seconds() // 60)
    minutes = max(1, min(method.lifetime_minutes, remaining))
    body = method.charge_request(order_id=order_id, amount=purchase.amount_due, minutes=minutes)
    try:
        response = client.charge(body)
        fields = charge_fields(response)
        if response.get("order_id") != order_id:
            raise GatewayError(f"charge answered for {response.get('order_id')!r}, not {order_id!r}")
    except GatewayError as exc:
        logger.warning("midtrans charge %s (%s) failed: %s", order_id, method.code, exc)
        raise GatewayUnavailable(
            _("The payment gateway did not accept the payment right now. Please try again in a minute."),
            code="gateway_unavailable",
        ) from exc
    # Never payable past the purchase's own deadline, whatever the gateway says.
    expires_at = min(fields.pop("expires_at") or now + timedelta(minutes=minutes), purchase.expires_at)
    return {
        "purchase": purchase,
        "method": method.code,
        "order_id": order_id,
        "amount": purchase.amount_due,
        "expires_at": expires_at,
        "sandbox": client.sandbox,
        "response": response,
        **fields,
    }


def purchase_method_choose(
    *, purchase: Purchase, by: Any, method: str, client: GatewayClient | None = None
) -> Charge | None:
    """The buyer chooses how to pay an unpaid purchase; returns the gateway charge to pay (None for a bank
    transfer).

    Idempotent per purchase + method: choosing the method of the open charge again returns that charge while it
    can be paid. Choosing another method supersedes the open charge (cancelled at the gateway). Switching to a
    bank transfer gives the amount a unique code again; switching away from it is refused once a transfer proof
    was sent. A charge the gateway refuses changes nothing. The gateway is called while the purchase is locked,
    so two clicks never make two charges.
    """
    if purchase.buyer_id != getattr(by, "pk", None):
        raise NotFound()
    if method not in methods.offered():
        raise DomainError(_("Choose one of the offered payment methods."), code="method_not_offered", field="method")
    client = client or get_client()
    with transaction.atomic():
        locked = lock_purchase(purchase.pk)
        if locked is None:
            raise NotFound()
        now = timezone.now()
        if locked.status != Purchase.Status.AWAITING_PAYMENT or locked.expires_at <= now:
            raise ConflictError(_("This purchase is no longer awaiting payment."), code="not_payable")
        current = Charge.objects.select_for_update().filter(purchase=locked, status=Charge.Status.PENDING).first()
        base = locked.items_total + locked.shipping_total
        if method == methods.BANK_TRANSFER:
            if current is not None:
                _supersede(charge=current, client=client)
            if locked.payment_method != Purchase.Method.BANK_TRANSFER:
                locked.payment_method = Purchase.Method.BANK_TRANSFER
                save_with_unique_amount(purchase=locked, base=base)
            return None
        if current is not None and current.method == method and current.is_payable(now=now):
            return current
        if locked.payments.filter(status=Payment.Status.SUBMITTED).exists():
            raise ConflictError(
                _("You sent a transfer proof for this purchase; wait for staff to check it before paying another way."),
                code="proof_submitted",
            )
        if locked.payment_method != Purchase.Method.MIDTRANS:
            locked.payment_method = Purchase.Method.MIDTRANS
            save_with_unique_amount(purchase=locked, base=base)
        # Charge first: if the gateway refuses, the open charge stays as it was.
        values = _charge_request(purchase=locked, method=methods.METHODS[method], client=client, now=now)
        if current is not None:
            _supersede(charge=current, client=client)
        return Charge.objects.create(**values)


def charge_status_check(*, charge_id: int, client: GatewayClient | None = None, now: datetime | None = None) -> str:
    """Ask the gateway how an open (or superseded) charge stands and apply the answer through the notification
    path, for a purchase whose notification never arrived. Idempotent; returns the gateway's status ("" when the
    charge is settled already or the gateway did not answer, so the next run asks again)."""
    charge = Charge.objects.filter(pk=charge_id).first()
    if charge is None or charge.status not in (Charge.Status.PENDING, Charge.Status.SUPERSEDED):
        return ""
    client = client or get_client()
    now = now or timezone.now()
    try:
        answer = client.status(charge.order_id)
    except GatewayError as exc:
        logger.warning("midtrans status of %s failed: %s", charge.order_id, exc)
        return ""
    tx_status = str(answer.get("transaction_status") or "")
    if tx_status:
        try:
            midtrans_notification_handle(payload=answer)
        except DomainError as exc:
            # A bad signature or an unknown order is the gateway's answer being wrong: log it, keep asking.
            logger.warning("midtrans status of %s not applied: %s", charge.order_id, exc.message)
            tx_status = ""
    with transaction.atomic():
        locked = Charge.objects.select_for_update().filter(pk=charge.pk).first()
        locked.checked_at = now
        fields = ["checked_at"]
        if tx_status in MIDTRANS_SUCCESS:
            locked.status, fields = Charge.Status.PAID, [*fields, "status"]
        elif tx_status in MIDTRANS_FAILED or locked.expires_at + GIVE_UP_AFTER < now:
            locked.status, fields = Charge.Status.CLOSED, [*fields, "status"]
        locked.save(update_fields=fields)
    return tx_status


def charge_sandbox_settle(*, charge: Charge, by: Any) -> Payment:
    """Local sandbox only: pay a sandbox charge as Midtrans' simulator would, with a signed settlement
    notification through the one notification path."""
    if not (charge.sandbox and settings.MIDTRANS_CLIENT == "sandbox"):
        raise NotFound()
    if charge.purchase.buyer_id != getattr(by, "pk", None):
        raise NotFound()
    gross = f"{charge.amount}.00"
    payload = {
        **charge.response,
        "transaction_time": format_time(timezone.now()),
        "settlement_time": format_time(timezone.now()),
        "transaction_status": "settlement",
        "status_code": "200",
        "status_message": "midtrans payment notification (local sandbox)",
        "gross_amount": gross,
        "signature_key": Midtrans.signature(order_id=charge.order_id, status_code="200", gross_amount=gross),
    }
    return midtrans_notification_handle(payload=payload)
