"""The ledger's one write path, ``post``, and the accounts it writes to.

Guarantees of ``post``: a transaction's entries sum to zero (else DomainError and nothing is written); an event key
is written once (ConflictError the second time, backed by a unique key); balances move in the same database
transaction with ``F()`` updates under the account locks of ``orders.locks.lock_accounts``; escrow (``held``)
never goes below zero. Entries are never changed afterwards: a correction is a new transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import BigIntegerField, Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError, DomainError

from ...locks import lock_accounts
from ..models import Account, Entry, LedgerTransaction

K = Account.Kind


@dataclass(frozen=True)
class Line:
    """``delta`` rupiah into ``account`` (negative: out of it), optionally attributed to an order."""

    account: Account
    delta: int
    order_id: int | None = None


def platform_account(kind: str) -> Account:
    """The platform's account of ``kind`` (created on first use; a migration creates them on deploy)."""
    if kind in Account.ARTISAN_KINDS:
        raise ValueError(f"{kind} is an artisan account")
    account, _created = Account.objects.get_or_create(kind=kind, artisan=None)
    return account


def platform_accounts(*kinds: str) -> dict[str, Account]:
    found = {a.kind: a for a in Account.objects.filter(artisan=None, kind__in=kinds)}
    for kind in kinds:
        if kind not in found:
            found[kind] = platform_account(kind)
    return found


def artisan_accounts(artisan_ids: Iterable[int]) -> dict[tuple[int, str], Account]:
    """Every artisan's held, available and paid-out accounts by ``(artisan_id, kind)``: two queries at most,
    creating the missing ones (a concurrent creator is harmless: the unique constraint keeps one)."""
    ids = sorted(set(artisan_ids))
    found = {(a.artisan_id, a.kind): a for a in Account.objects.filter(artisan_id__in=ids)}
    missing = [
        Account(artisan_id=artisan_id, kind=kind)
        for artisan_id in ids
        for kind in Account.ARTISAN_KINDS
        if (artisan_id, kind) not in found
    ]
    if missing:
        Account.objects.bulk_create(missing, ignore_conflicts=True)
        found = {(a.artisan_id, a.kind): a for a in Account.objects.filter(artisan_id__in=ids)}
    return found


def check_balanced(lines: Sequence[Line]) -> list[Line]:
    """The lines that move money, or DomainError when they do not balance (or move nothing)."""
    for line in lines:
        if isinstance(line.delta, bool) or not isinstance(line.delta, int):
            raise DomainError(_("Ledger amounts are whole rupiah."), code="ledger_not_integer")
    moving = [line for line in lines if line.delta]
    if len(moving) < 2:
        raise DomainError(_("A ledger transaction moves money between at least two accounts."), code="ledger_empty")
    total = sum(line.delta for line in moving)
    if total:
        raise DomainError(
            _("Ledger transaction does not balance: its entries sum to %(total)s.") % {"total": total},
            code="ledger_unbalanced",
        )
    return moving


@dataclass(frozen=True)
class Posting:
    """One transaction to write: its kind, unique event key, lines and subjects (purchase, order, refund,
    payout)."""

    kind: str
    key: str
    lines: Sequence[Line]
    memo: str = ""
    subjects: dict[str, Any] = field(default_factory=dict)


def post(
    *,
    kind: str,
    key: str,
    lines: Sequence[Line],
    by: Any = None,
    memo: str = "",
    now: datetime | None = None,
    **subjects: Any,
) -> LedgerTransaction:
    """Write one balanced transaction and move the balances. ``subjects`` are ``purchase``, ``order``,
    ``refund`` and ``payout``. Runs inside the caller's transaction (a savepoint of its own otherwise); takes the
    account locks last, so the caller must already hold the locks of the rows it changes."""
    return post_many([Posting(kind, key, lines, memo, subjects)], by=by, now=now)[0]


def post_many(postings: Sequence[Posting], *, by: Any = None, now: datetime | None = None) -> list[LedgerTransaction]:
    """``post`` for many transactions at once (the payout run): all or none, in a constant number of queries."""
    moving = [check_balanced(p.lines) for p in postings]
    keys = [p.key for p in postings]
    if len(set(keys)) != len(keys):
        raise ConflictError(_("This money event is already in the ledger."), code="already_posted")
    now = now or timezone.now()
    with transaction.atomic():
        if LedgerTransaction.objects.filter(key__in=keys).exists():
            raise ConflictError(_("This money event is already in the ledger."), code="already_posted")
        changes: dict[int, int] = defaultdict(int)
        for lines in moving:
            for line in lines:
                changes[line.account.pk] += line.delta
        locked = lock_accounts(changes)
        if len(locked) != len(changes):
            raise DomainError(_("Unknown ledger account."), code="ledger_unknown_account")
        for pk, delta in changes.items():
            account = locked[pk]
            if account.kind == K.HELD and account.balance + delta < 0:
                raise DomainError(
                    _("Escrow cannot go below zero: %(account)s holds %(balance)s.")
                    % {"account": account, "balance": account.balance},
                    code="ledger_held_negative",
                )
        actor = by if getattr(by, "is_authenticated", False) else None
        txns = LedgerTransaction.objects.bulk_create(
            LedgerTransaction(kind=p.kind, key=p.key, memo=p.memo[:255], created_by=actor, created_at=now, **p.subjects)
            for p in postings
        )
        Entry.objects.bulk_create(
            Entry(transaction=txn, account=line.account, delta=line.delta, order_id=line.order_id, created_at=now)
            for txn, lines in zip(txns, moving, strict=True)
            for line in lines
        )
        moved = {pk: delta for pk, delta in changes.items() if delta}
        if moved:
            Account.objects.filter(pk__in=moved).update(
                balance=F("balance")
                + Case(*(When(pk=pk, then=Value(d)) for pk, d in moved.items()), output_field=BigIntegerField()),
                updated_at=now,
            )
    return txns


@transaction.atomic
def ledger_correct(*, lines: Sequence[Line], by: Any, memo: str, key: str) -> LedgerTransaction:
    """A correction by national staff: a new balanced transaction (never an edit of past entries), with why."""
    if not getattr(by, "is_staff", False):
        raise DomainError(_("Only staff can correct the ledger."), code="permission_denied")
    memo = (memo or "").strip()
    if not memo:
        raise DomainError(_("Say why the ledger is corrected."), field="memo")
    return post(kind=LedgerTransaction.Kind.CORRECTION, key=f"correction:{key}", lines=lines, by=by, memo=memo)
