"""The RFQ and quote machines: one table of allowed transitions each, applied by ``StateMachine.apply`` (who,
when, why, history row). The services notify the other side."""

from __future__ import annotations

from craftmarket.common.statemachine import StateMachine, table
from orders.models import Order

from .models import RFQ, Quote, QuoteOrder

R = RFQ.Status
Q = Quote.Status

RFQ_MACHINE = StateMachine(
    name="RFQ",
    field="status",
    transitions=table(
        {
            R.OPEN: [R.QUOTED, R.CLOSED, R.EXPIRED],
            R.QUOTED: [R.AWARDED, R.CLOSED, R.EXPIRED],
        }
    ),
    history_model="quotes.RFQStatusChange",
    subject_field="rfq",
    labels=dict(R.choices),
)

QUOTE_MACHINE = StateMachine(
    name="Quote",
    field="status",
    transitions=table(
        {
            Q.DRAFT: [Q.SENT, Q.WITHDRAWN],
            Q.SENT: [Q.COUNTERED, Q.ACCEPTED, Q.DECLINED, Q.EXPIRED, Q.WITHDRAWN],
            Q.COUNTERED: [Q.REVISED, Q.DECLINED, Q.EXPIRED, Q.WITHDRAWN],
            Q.REVISED: [Q.COUNTERED, Q.ACCEPTED, Q.DECLINED, Q.EXPIRED, Q.WITHDRAWN],
        }
    ),
    history_model="quotes.QuoteStatusChange",
    subject_field="quote",
    labels=dict(Q.choices),
)

#: Quotes the buyer can see (a draft is the artisan's own), and those still open to an answer.
VISIBLE_TO_BUYER = frozenset(Q.values) - {Q.DRAFT}
LIVE = frozenset({Q.SENT, Q.COUNTERED, Q.REVISED})
ACCEPTABLE = frozenset({Q.SENT, Q.REVISED})
RFQ_LIVE = frozenset({R.OPEN, R.QUOTED})

M = QuoteOrder.Status

#: Sample orders and production milestones: deposit due → in production → goods approved → balance due → ready
#: to ship (then the balance order ships through the order lifecycle).
MILESTONE_MACHINE = StateMachine(
    name="Quote order",
    field="status",
    transitions=table(
        {
            M.SAMPLE_DUE: [M.SAMPLE_APPROVED, M.SAMPLE_CHANGES, M.CANCELLED],
            M.SAMPLE_CHANGES: [M.SAMPLE_APPROVED],
            M.DEPOSIT_DUE: [M.IN_PRODUCTION, M.CANCELLED],
            M.IN_PRODUCTION: [M.GOODS_APPROVED, M.CANCELLED],
            M.GOODS_APPROVED: [M.BALANCE_DUE],
            M.BALANCE_DUE: [M.READY_TO_SHIP, M.CANCELLED],
        }
    ),
    history_model="quotes.QuoteOrderStatusChange",
    subject_field="quote_order",
    labels=dict(M.choices),
)

OS = Order.Status

#: A production order's deposit order never ships: once paid it waits (the artisan may have marked it processing)
#: until production starts, then completes and its money is released (``orders.quotes.settlement``). Its own table,
#: so that the order machine keeps refusing paid → completed for every order that ships.
DEPOSIT_ORDER_MACHINE = StateMachine(
    name="Deposit order",
    field="status",
    transitions=table({OS.PAID: [OS.COMPLETED], OS.PROCESSING: [OS.COMPLETED]}),
    history_model="orders.OrderStatusChange",
    subject_field="order",
    labels=dict(OS.choices),
)
