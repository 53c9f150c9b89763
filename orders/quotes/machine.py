"""The RFQ and quote machines: one table of allowed transitions each, applied by ``StateMachine.apply`` (who,
when, why, history row). The services notify the other side."""

from __future__ import annotations

from craftmarket.common.statemachine import StateMachine, table

from .models import RFQ, Quote

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
