"""Recorded Midtrans Core API answers (tests/orders/midtrans/*.json) and a client double that replays them.

The files are written from the shapes Midtrans documents for its Core API (charge, HTTP notification, status),
for one recorded order_id, amount and time; ``recorded`` puts a test's order_id and amount in their place, moves the
times to now, and signs the result with the test server key, exactly as Midtrans signs it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from orders.paymethods.client import GatewayError, format_time, parse_time
from orders.paymethods.models import Charge

FIXTURES = Path(__file__).parent / "midtrans"
RECORDED_ORDER_ID = "PAY-2612-7F3K9Q-1"
RECORDED_GROSS = "185000.00"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def sign(payload: dict[str, Any]) -> dict[str, Any]:
    raw = f"{payload['order_id']}{payload['status_code']}{payload['gross_amount']}{settings.MIDTRANS_SERVER_KEY}"
    payload["signature_key"] = hashlib.sha512(raw.encode()).hexdigest()
    return payload


def recorded(name: str, *, order_id: str, amount: int | None = None) -> dict[str, Any]:
    """A recorded answer for ``order_id`` (and ``amount``), re-signed when the recording carries a signature."""
    payload = load(name)
    text = json.dumps(payload).replace(RECORDED_ORDER_ID, order_id)
    if amount is not None:
        text = text.replace(RECORDED_GROSS, f"{amount}.00")
    payload = json.loads(text)
    _retime(payload)
    return sign(payload) if "signature_key" in payload else payload


def _retime(payload: dict[str, Any]) -> None:
    """Replay the recording now: its times keep their distances from ``transaction_time``, which becomes now."""
    start = parse_time(payload.get("transaction_time"))
    if start is None:
        return
    shift = timezone.now() - start
    for key in ("transaction_time", "settlement_time", "expiry_time"):
        when = parse_time(payload.get(key))
        if when is not None:
            payload[key] = format_time(when + shift)


class ReplayClient:
    """The gateway client interface, answering from the recordings and remembering every call."""

    sandbox = False

    def __init__(self, *, charge: str | None = None, status: list[str] | None = None, fail: bool = False) -> None:
        self.charge_fixture = charge
        self.status_fixtures = list(status or [])
        self.fail = fail
        self.calls: list[tuple[str, Any]] = []

    def charge(self, body: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(("charge", copy.deepcopy(body)))
        if self.fail:
            raise GatewayError("connection refused")
        details = body["transaction_details"]
        return recorded(self.charge_fixture, order_id=details["order_id"], amount=details["gross_amount"])

    def status(self, order_id: str) -> dict[str, Any]:
        self.calls.append(("status", order_id))
        if self.fail:
            raise GatewayError("timed out")
        name = self.status_fixtures.pop(0) if len(self.status_fixtures) > 1 else self.status_fixtures[0]
        return recorded(name, order_id=order_id, amount=self._amount(order_id))

    def cancel(self, order_id: str) -> dict[str, Any]:
        self.calls.append(("cancel", order_id))
        return recorded("cancel", order_id=order_id)

    @staticmethod
    def _amount(order_id: str) -> int | None:
        charge = Charge.objects.filter(order_id=order_id).first()
        return charge.amount if charge else None

    def names(self) -> list[str]:
        return [name for name, _arg in self.calls]
