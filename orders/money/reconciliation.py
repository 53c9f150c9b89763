"""The monthly reconciliation: where the money received in a month went, and every place where the ledger and the
operational records (purchases, refunds, completed orders, payouts) disagree.

Money in = refunds + payouts + commission + unique transfer codes + the change in what is held (items and
shipping) + the change in what is available. Both sides come from the ledger, so a gap means an unbalanced
transaction; the differences list compares each record of the month with its ledger transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from orders.models import Order, Payment, Purchase, Refund

from .models import Account, Entry, LedgerTransaction, OrderCommission, Payout

K = Account.Kind

GROUPS = {
    "refunds": (K.REFUNDS_PAYABLE, K.REFUNDS_PAID),
    "payouts": (K.PAYOUTS_IN_TRANSIT, K.PAID_OUT),
    "commission": (K.COMMISSION,),
    "transfer_codes": (K.TRANSFER_CODES,),
    "held": (K.HELD, K.SHIPPING),
    "available": (K.AVAILABLE,),
}


@dataclass(frozen=True)
class Difference:
    what: str
    subject: str
    expected: int
    in_ledger: int

    @property
    def difference(self) -> int:
        return self.in_ledger - self.expected


@dataclass
class Report:
    start: datetime
    end: datetime
    money_in: int = 0
    flows: dict[str, int] = field(default_factory=dict)
    closing: dict[str, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)

    @property
    def accounted(self) -> int:
        return sum(self.flows.values())

    @property
    def gap(self) -> int:
        return self.money_in - self.accounted


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """``"2026-11"`` → the first instant of the month and of the next, in Asia/Jakarta."""
    year, number = (int(part) for part in month.split("-"))
    start = timezone.make_aware(datetime(year, number, 1))
    end = timezone.make_aware(datetime(year + (number == 12), number % 12 + 1, 1))
    return start, end


def _grouped(rows) -> dict[str, int]:
    by_kind = defaultdict(int)
    for kind, total in rows:
        by_kind[kind] += total or 0
    return {group: sum(by_kind[k] for k in kinds) for group, kinds in GROUPS.items()} | {
        "incoming": by_kind[K.INCOMING]
    }


def reconcile(start: datetime, end: datetime) -> Report:
    """The report of ``[start, end)``: a constant number of queries."""
    report = Report(start=start, end=end)
    month = Entry.objects.filter(created_at__gte=start, created_at__lt=end)
    flows = _grouped(month.values("account__kind").annotate(s=Sum("delta")).values_list("account__kind", "s"))
    report.money_in = -flows.pop("incoming")
    report.flows = flows
    closing = _grouped(
        Entry.objects.filter(created_at__lt=end).values("account__kind").annotate(s=Sum("delta")).values_list(
            "account__kind", "s"
        )
    )  # fmt: skip
    report.closing = {"money_in": -closing.pop("incoming"), **closing}

    # The month's transactions by key and account kind.
    ledger: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, kind, total in month.values("transaction__key", "account__kind").annotate(s=Sum("delta")).values_list(
        "transaction__key", "account__kind", "s"
    ):  # fmt: skip
        ledger[key][kind] += total
    diffs = report.differences

    def compare(what: str, subject: str, key: str, kind: str, expected: int, sign: int = 1) -> None:
        got = sign * ledger.get(key, {}).get(kind, 0)
        if got != expected:
            diffs.append(Difference(what, subject, expected, got))

    for pk, number, amount in Purchase.objects.filter(paid_at__gte=start, paid_at__lt=end).values_list(
        "pk", "number", "amount_due"
    ):  # fmt: skip
        compare("payment", number, f"payment:{pk}", K.INCOMING, amount, sign=-1)
    for pk, reference, amount in Payment.objects.filter(
        status=Payment.Status.LATE, refund__created_at__gte=start, refund__created_at__lt=end
    ).values_list("pk", "reference", "amount"):
        compare("late payment", reference, f"late:{pk}", K.INCOMING, amount, sign=-1)
    refunds = Refund.objects.filter(created_at__gte=start, created_at__lt=end, order__isnull=False)
    for pk, number, amount in refunds.values_list("pk", "order__number", "amount"):
        compare("refund", number, f"refund:{pk}", K.REFUNDS_PAYABLE, amount)
    sent = Refund.objects.filter(refunded_at__gte=start, refunded_at__lt=end)
    for pk, reference, amount in sent.values_list("pk", "reference", "amount"):
        compare("refund sent", reference, f"refund_sent:{pk}", K.REFUNDS_PAID, amount)
    completed = Order.objects.filter(completed_at__gte=start, completed_at__lt=end)
    commissions = dict(OrderCommission.objects.filter(order__in=completed).values_list("order_id", "commission"))
    for pk, number in completed.values_list("pk", "number"):
        compare("commission", number, f"complete:{pk}", K.COMMISSION, commissions.get(pk, 0))
    for pk, run, amount in Payout.objects.filter(created_at__gte=start, created_at__lt=end).values_list(
        "pk", "run", "amount"
    ):  # fmt: skip
        compare("payout", f"{run} #{pk}", f"payout:{pk}", K.PAYOUTS_IN_TRANSIT, amount)
    done = Payout.objects.filter(completed_at__gte=start, completed_at__lt=end)
    for pk, status, amount in done.values_list("pk", "status", "amount"):
        key = f"payout_{'sent' if status == Payout.Status.SENT else 'failed'}:{pk}"
        compare(f"payout {status}", f"#{pk}", key, K.PAYOUTS_IN_TRANSIT, amount, sign=-1)
    unbalanced = (
        LedgerTransaction.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(s=Sum("entries__delta"), n=Count("entries"))
        .exclude(s=0, n__gte=2)
        .values_list("key", "s")
    )
    for key, total in unbalanced:
        diffs.append(Difference("unbalanced transaction", key, 0, total or 0))
    return report
