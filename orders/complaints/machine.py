"""The complaint machine: the one table of allowed complaint transitions (history in ComplaintTransition).

open ──artisan accepts──────────────► resolved (the buyer's request is applied)
open ──artisan offers───► offered ──buyer accepts──► resolved (the offer is applied)
                                  └─buyer declines─► declined
open ──artisan disputes─► disputed
open ──3 days, no answer (task)──► unanswered   (the artisan may still answer)
offered | declined | disputed | unanswered ──either party escalates──► escalated
escalated ──moderator decides──► decided ──appeal window passes (task)──► resolved (the decision is applied)
                                         └─either party appeals (once)──► appealed ──national moderator──► resolved
any status before escalation ──buyer withdraws──► withdrawn
"""

from __future__ import annotations

from craftmarket.common.statemachine import StateMachine, table

from .models import Complaint

S = Complaint.Status

COMPLAINT_MACHINE = StateMachine(
    name="Complaint",
    field="status",
    transitions=table(
        {
            S.OPEN: [S.RESOLVED, S.OFFERED, S.DISPUTED, S.UNANSWERED, S.WITHDRAWN],
            S.UNANSWERED: [S.RESOLVED, S.OFFERED, S.DISPUTED, S.ESCALATED, S.WITHDRAWN],
            S.OFFERED: [S.RESOLVED, S.DECLINED, S.ESCALATED, S.WITHDRAWN],
            S.DECLINED: [S.ESCALATED, S.WITHDRAWN],
            S.DISPUTED: [S.ESCALATED, S.WITHDRAWN],
            S.ESCALATED: [S.DECIDED],
            S.DECIDED: [S.APPEALED, S.RESOLVED],
            S.APPEALED: [S.RESOLVED],
        }
    ),
    history_model="complaints.ComplaintTransition",
    subject_field="complaint",
    labels=dict(S.choices),
)

# The artisan may answer while the complaint waits for them (also after the deadline, until someone escalates).
ANSWERABLE = frozenset({S.OPEN, S.UNANSWERED})
ESCALATABLE = frozenset({S.OFFERED, S.DECLINED, S.DISPUTED, S.UNANSWERED})
WITHDRAWABLE = frozenset({S.OPEN, S.UNANSWERED, S.OFFERED, S.DECLINED, S.DISPUTED})
