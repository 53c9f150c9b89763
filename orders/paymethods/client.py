"""The Midtrans Core API behind a small interface: charge, status, cancel.

``HttpClient`` talks to Midtrans (sandbox or production host) with the server key. ``SandboxClient`` is used when
no ``MIDTRANS_SERVER_KEY`` is configured (``make run``): it answers locally with realistic VA numbers and QRIS
strings so the demo works, and every charge it makes is marked as a sandbox charge. Tests replace the client with
a double that replays recorded responses (``tests/orders/midtrans.py``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from ..providers import Midtrans
from .models import Charge

# Midtrans writes its times in Western Indonesia Time (GMT+7) without an offset.
WIB = ZoneInfo("Asia/Jakarta")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class GatewayError(Exception):
    """The gateway could not be reached or refused the request (its message is for the log, not the buyer)."""


class GatewayClient(Protocol):
    sandbox: bool

    def charge(self, body: dict[str, Any]) -> dict[str, Any]: ...

    def status(self, order_id: str) -> dict[str, Any]: ...

    def cancel(self, order_id: str) -> dict[str, Any]: ...


def parse_time(value: Any) -> datetime | None:
    try:
        return datetime.strptime(str(value), TIME_FORMAT).replace(tzinfo=WIB)
    except ValueError:
        return None


def format_time(value: datetime) -> str:
    return value.astimezone(WIB).strftime(TIME_FORMAT)


class HttpClient:
    """Midtrans Core API v2 over HTTPS, authenticated with the server key (HTTP Basic, empty password)."""

    sandbox = False
    timeout = 15

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        if not settings.MIDTRANS_API_URL.startswith("https://"):
            raise GatewayError("MIDTRANS_API_URL must be an https:// address")
        token = base64.b64encode(f"{settings.MIDTRANS_SERVER_KEY}:".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 (MIDTRANS_API_URL: a fixed https host)
            settings.MIDTRANS_API_URL.rstrip("/") + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={
                "Accept": "application/json",
                "Content-Type": "application/json",
                "Authorization": f"Basic {token}",
                **({"X-Override-Notification": settings.MIDTRANS_NOTIFY_URL} if settings.MIDTRANS_NOTIFY_URL else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GatewayError(f"midtrans unreachable: {exc}") from exc
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise GatewayError("midtrans answered with something that is not JSON") from exc
        if not isinstance(data, dict):
            raise GatewayError("midtrans answered with something that is not an object")
        return data

    def charge(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/v2/charge", body)

    def status(self, order_id: str) -> dict[str, Any]:
        return self._request("GET", f"/v2/{order_id}/status")

    def cancel(self, order_id: str) -> dict[str, Any]:
        return self._request("POST", f"/v2/{order_id}/cancel")


def _digits(seed: str, n: int) -> str:
    value = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return str(value)[:n].rjust(n, "0")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE, the checksum that closes an EMVCo (QRIS) payload."""
    crc = 0xFFFF
    for byte in data.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def sandbox_qris(*, order_id: str, amount: int) -> str:
    """A dynamic QRIS payload in EMVCo layout (what Midtrans returns as ``qr_string``), for the local sandbox."""
    payload = (
        _tlv("00", "01")
        + _tlv("01", "12")
        + _tlv("26", _tlv("00", "COM.GO-JEK.WWW") + _tlv("01", "93600914" + _digits(order_id, 11)))
        + _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", "ID" + _digits("nmid" + order_id, 13)))
        + _tlv("52", "5999")
        + _tlv("53", "360")
        + _tlv("54", str(amount))
        + _tlv("58", "ID")
        + _tlv("59", "CRAFTMARKET SANDBOX")
        + _tlv("60", "JAKARTA")
        + _tlv("62", _tlv("05", order_id[:25]))
        + "6304"
    )
    return payload + _crc16(payload)


class SandboxClient:
    """Answers like Midtrans' sandbox, locally: nothing leaves the machine and no money moves."""

    sandbox = True

    def charge(self, body: dict[str, Any]) -> dict[str, Any]:
        details = body["transaction_details"]
        order_id, amount = str(details["order_id"]), int(details["gross_amount"])
        minutes = int(body.get("custom_expiry", {}).get("expiry_duration", 24 * 60))
        now = timezone.now()
        transaction_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"craftmarket-sandbox:{order_id}"))
        payment_type = body["payment_type"]
        response: dict[str, Any] = {
            "status_code": "201",
            "status_message": "Success, transaction is created (local sandbox)",
            "transaction_id": transaction_id,
            "order_id": order_id,
            "merchant_id": "G000000000",
            "gross_amount": f"{amount}.00",
            "currency": "IDR",
            "payment_type": payment_type,
            "transaction_time": format_time(now),
            "transaction_status": "pending",
            "fraud_status": "accept",
            "expiry_time": format_time(now + timedelta(minutes=minutes)),
        }
        if payment_type == "bank_transfer":
            bank = body["bank_transfer"]["bank"]
            prefix, length = {"bca": ("12345", 11), "bni": ("9888", 16), "bri": ("8888", 18)}[bank]
            number = prefix + _digits(order_id, length - len(prefix))
            response["va_numbers"] = [{"bank": bank, "va_number": number}]
        elif payment_type == "permata":
            response["payment_type"] = "bank_transfer"
            response["permata_va_number"] = "8778" + _digits(order_id, 12)
        elif payment_type == "echannel":
            response["bill_key"] = _digits(order_id, 12)
            response["biller_code"] = "70012"
        elif payment_type == "qris":
            response["acquirer"] = "gopay"
            response["qr_string"] = sandbox_qris(order_id=order_id, amount=amount)
        elif payment_type == "gopay":
            response["qr_string"] = sandbox_qris(order_id=order_id, amount=amount)
            response["actions"] = [
                {
                    "name": "deeplink-redirect",
                    "method": "GET",
                    "url": f"gojek://gopay/merchanttransfer?tref={transaction_id}&amount={amount}",
                }
            ]
        elif payment_type == "shopeepay":
            response["actions"] = [
                {
                    "name": "deeplink-redirect",
                    "method": "GET",
                    "url": f"shopeeid://main?sandbox_reference={transaction_id}",
                }
            ]
        return response

    def status(self, order_id: str) -> dict[str, Any]:
        # The sandbox remembers nothing of its own: it answers from the charge row it created.
        charge = Charge.objects.filter(order_id=order_id).first()
        if charge is None or not charge.sandbox:
            return {"status_code": "404", "status_message": "Transaction doesn't exist."}
        expired = charge.expires_at <= timezone.now() or charge.status in (
            Charge.Status.SUPERSEDED,
            Charge.Status.CLOSED,
        )
        tx_status = ("cancel" if charge.status == Charge.Status.SUPERSEDED else "expire") if expired else "pending"
        status_code = "407" if tx_status == "expire" else "200" if tx_status == "cancel" else "201"
        gross = f"{charge.amount}.00"
        return {
            **charge.response,
            "status_code": status_code,
            "transaction_status": tx_status,
            "signature_key": Midtrans.signature(order_id=order_id, status_code=status_code, gross_amount=gross),
        }

    def cancel(self, order_id: str) -> dict[str, Any]:
        return {
            "status_code": "200",
            "status_message": "Success, transaction is canceled",
            "order_id": order_id,
            "transaction_status": "cancel",
        }


def get_client() -> GatewayClient:
    """The configured client: ``MIDTRANS_CLIENT`` is ``http`` (a server key is set, or production) or ``sandbox``."""
    return SandboxClient() if settings.MIDTRANS_CLIENT == "sandbox" else HttpClient()


def charge_fields(response: dict[str, Any]) -> dict[str, Any]:
    """What the buyer is shown, read from a charge response of any method. Unknown shapes raise GatewayError."""
    if str(response.get("status_code")) not in ("200", "201") or response.get("transaction_status") != "pending":
        raise GatewayError(f"charge refused: {response.get('status_code')} {response.get('status_message')}")
    fields: dict[str, Any] = {
        "transaction_id": str(response.get("transaction_id") or "")[:100],
        "va_number": "",
        "biller_code": "",
        "qr_string": "",
        "deeplink_url": "",
        "expires_at": parse_time(response.get("expiry_time")),
    }
    if response.get("va_numbers"):
        fields["va_number"] = str(response["va_numbers"][0].get("va_number", ""))
    elif response.get("permata_va_number"):
        fields["va_number"] = str(response["permata_va_number"])
    elif response.get("bill_key"):
        fields["va_number"] = str(response["bill_key"])
        fields["biller_code"] = str(response.get("biller_code", ""))
    fields["qr_string"] = str(response.get("qr_string") or "")
    for action in response.get("actions") or []:
        if isinstance(action, dict) and action.get("name") == "deeplink-redirect":
            fields["deeplink_url"] = str(action.get("url", ""))[:500]
    if not (fields["va_number"] or fields["qr_string"] or fields["deeplink_url"]):
        raise GatewayError("charge response has nothing to pay with")
    return fields
