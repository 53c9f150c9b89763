"""The ledger's rules for ``manage.py check_invariants`` (found by ``craftmarket.common.invariants``): every
transaction balances and moves at least two entries, and every account's kept balance equals the sum of its
entries. A hand-made entry, a deleted one or an edited balance shows up here."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import Account, Entry, LedgerTransaction

SAMPLE = 10


def violations() -> list[tuple[str, str, int, tuple[str, ...]]]:
    """``(model, rule, count, sample)`` for every rule broken."""
    found = []
    unbalanced = (
        LedgerTransaction.objects.annotate(_sum=Coalesce(Sum("entries__delta"), 0), _n=Count("entries"))
        .filter(~Q(_sum=0) | Q(_n__lt=2))
        .order_by("pk")
    )
    rows = list(unbalanced.values_list("pk", "key", "_sum")[:SAMPLE])
    if rows:
        found.append(
            (
                "money.LedgerTransaction",
                "entries sum to zero (at least two per transaction)",
                unbalanced.count(),
                tuple(f"pk={pk} {key} sums to {total}" for pk, key, total in rows),
            )
        )
    sums = (
        Entry.objects.filter(account=OuterRef("pk")).order_by().values("account").annotate(s=Sum("delta")).values("s")
    )
    drifted = Account.objects.annotate(_sum=Coalesce(Subquery(sums), 0)).exclude(balance=F("_sum"))
    rows = list(drifted.order_by("pk").values_list("pk", "kind", "balance", "_sum")[:SAMPLE])
    if rows:
        found.append(
            (
                "money.Account",
                "balance equals the sum of its entries",
                drifted.count(),
                tuple(f"pk={pk} {kind} balance {balance} ≠ entries {total}" for pk, kind, balance, total in rows),
            )
        )
    return found
