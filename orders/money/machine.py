"""The payout status machine: pending → sent (with the transfer's reference) or failed (money back to available)."""

from __future__ import annotations

from craftmarket.common.statemachine import StateMachine, table

from .models import Payout

S = Payout.Status

PAYOUT_MACHINE = StateMachine(
    name="Payout",
    field="status",
    transitions=table({S.PENDING: [S.SENT, S.FAILED]}),
    history_model="money.PayoutStatusChange",
    subject_field="payout",
    labels=dict(S.choices),
)
