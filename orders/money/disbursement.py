"""How a payout's money reaches the bank: the small interface a disbursement API can implement later.

Today's way is ``ManualBankTransfer``: moderators download the bulk-transfer CSV, upload it to the bank and record
each reference in the admin (``payout_record_sent`` / ``payout_record_failed``). ``IrisDisburser`` speaks the
Midtrans Iris (Payouts) API — ``POST {base}/api/v1/payouts`` with the creator key over HTTP Basic, answered with a
``reference_no`` per payout, queued until approved — through an injectable transport, so it is tested with
recorded responses and never reaches the network in tests. It is not switched on anywhere yet: the result of a
submission is queued, and the later "done" or "failed" still goes through the same two record services.
"""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .exports import bulk_transfer_csv
from .models import Payout

# (url, headers, body) -> (status, body): the only thing that touches the network.
Transport = Callable[[str, dict[str, str], bytes], tuple[int, bytes]]


@dataclass(frozen=True)
class Submitted:
    payout_id: int
    provider_reference: str  # the disbursement's own id, to match its later notification
    status: str  # "queued", or "manual" for a transfer the moderators make


class DisbursementError(Exception):
    """The provider refused the batch (bad request, bad key, not enough balance): nothing was sent."""


class Disburser(Protocol):
    def submit(self, payouts: Sequence[Payout]) -> list[Submitted]: ...


class ManualBankTransfer:
    """Moderators transfer by hand from the bank's bulk upload; ``file`` is what they upload."""

    def __init__(self) -> None:
        self.file = b""

    def submit(self, payouts: Sequence[Payout]) -> list[Submitted]:
        self.file = bulk_transfer_csv(payouts=payouts)
        return [Submitted(p.pk, f"CM-PAYOUT-{p.pk}", "manual") for p in payouts]


def urllib_transport(url: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:  # pragma: no cover
    if not url.startswith("https://"):
        raise DisbursementError("Disbursement APIs are reached over HTTPS only.")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - https checked
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.read()


class IrisDisburser:
    def __init__(self, *, base_url: str, creator_key: str, transport: Transport = urllib_transport) -> None:
        self.base_url = base_url.rstrip("/")
        self.creator_key = creator_key
        self.transport = transport

    def request_body(self, payouts: Sequence[Payout]) -> dict:
        return {
            "payouts": [
                {
                    "beneficiary_name": p.holder_name,
                    "beneficiary_account": p.account_number,
                    "beneficiary_bank": p.bank,
                    "amount": f"{p.amount}.00",
                    "notes": f"CM-PAYOUT-{p.pk}",
                }
                for p in payouts
            ]
        }

    def submit(self, payouts: Sequence[Payout]) -> list[Submitted]:
        token = base64.b64encode(f"{self.creator_key}:".encode()).decode()
        headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json", "Accept": "application/json"}
        body = json.dumps(self.request_body(payouts)).encode()
        status, answer = self.transport(f"{self.base_url}/api/v1/payouts", headers, body)
        try:
            data = json.loads(answer or b"{}")
        except ValueError as exc:
            raise DisbursementError(f"Iris answered {status} with no JSON") from exc
        if status >= 300:
            raise DisbursementError(f"Iris refused the payouts ({status}): {data.get('error_message') or data}")
        rows = data.get("payouts") or []
        if len(rows) != len(payouts):
            raise DisbursementError("Iris answered a different number of payouts than were sent")
        return [
            Submitted(p.pk, str(row.get("reference_no", "")), str(row.get("status", "")))
            for p, row in zip(payouts, rows, strict=True)
        ]
