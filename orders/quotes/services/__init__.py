"""Every write of RFQs and quotes: create and distribute an RFQ, invite, close; draft, send, counter, revise,
accept, decline and withdraw a quote; expire what is past its date. One transaction each; refusals are
``DomainError`` (403/404/409) or ``ValidationError`` with field messages (400), raised before anything is written.

Locks: every write on a quote locks the RFQ row first, then the quote row (``_lock``), so two answers to one RFQ
(two accepts, an accept and an expiry) run one after the other.
"""

from .common import Rung
from .expiry import expire_due
from .quotes import (
    quote_accept,
    quote_conversation,
    quote_counter,
    quote_decline,
    quote_draft,
    quote_revise,
    quote_send,
    quote_withdraw,
)
from .rfqs import rfq_close, rfq_create, rfq_invite

__all__ = [
    "Rung",
    "expire_due",
    "quote_accept",
    "quote_conversation",
    "quote_counter",
    "quote_decline",
    "quote_draft",
    "quote_revise",
    "quote_send",
    "quote_withdraw",
    "rfq_close",
    "rfq_create",
    "rfq_invite",
]
