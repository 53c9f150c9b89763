"""The disbursement interface: the manual bank transfer and Midtrans Iris, with recorded responses (no network)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from orders.money.disbursement import DisbursementError, IrisDisburser, ManualBankTransfer
from orders.money.models import Payout
from tests.factories import ArtisanFactory

FIXTURES = Path(__file__).parent / "fixtures"


def _payouts():
    return [
        Payout(pk=7, artisan=ArtisanFactory.build(), amount=150_000, bank="bca", account_number="1234567890",
               holder_name="Siti Aminah", run="2026-W49"),
        Payout(pk=8, artisan=ArtisanFactory.build(), amount=82_500, bank="mandiri", account_number="1370012345678",
               holder_name="Wayan Sudarma", run="2026-W49"),
    ]  # fmt: skip


def _recorded(name: str, status: int, sent: list):
    def transport(url, headers, body):
        sent.append((url, headers, json.loads(body)))
        return status, (FIXTURES / name).read_bytes()

    return transport


def test_iris_sends_one_batch_and_returns_each_reference():
    sent = []
    iris = IrisDisburser(
        base_url="https://app.sandbox.midtrans.com/iris/", creator_key="IRIS-key",
        transport=_recorded("iris_create_payouts_201.json", 201, sent),
    )  # fmt: skip
    result = iris.submit(_payouts())
    assert [(r.payout_id, r.provider_reference, r.status) for r in result] == [
        (7, "a1b2c3d4e5f6g7h8i9", "queued"),
        (8, "j1k2l3m4n5o6p7q8r9", "queued"),
    ]
    ((url, headers, body),) = sent
    assert url == "https://app.sandbox.midtrans.com/iris/api/v1/payouts"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"IRIS-key:").decode()
    assert body["payouts"][0] == {
        "beneficiary_name": "Siti Aminah",
        "beneficiary_account": "1234567890",
        "beneficiary_bank": "bca",
        "amount": "150000.00",
        "notes": "CM-PAYOUT-7",
    }


def test_a_refused_iris_batch_is_an_error_not_a_success():
    iris = IrisDisburser(
        base_url="https://app.sandbox.midtrans.com/iris", creator_key="k",
        transport=_recorded("iris_create_payouts_400.json", 400, []),
    )  # fmt: skip
    with pytest.raises(DisbursementError, match="400"):
        iris.submit(_payouts())


def test_the_manual_transfer_is_the_bulk_csv():
    manual = ManualBankTransfer()
    result = manual.submit(_payouts())
    assert [r.provider_reference for r in result] == ["CM-PAYOUT-7", "CM-PAYOUT-8"]
    assert b"CM-PAYOUT-8" in manual.file and b"1370012345678" in manual.file
