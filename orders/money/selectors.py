"""Reads of the money app, already scoped to their owner and joined."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from artisans.models import Artisan

from .models import Account, BankAccount, Entry, LedgerTransaction, Payout

K = Account.Kind
T = LedgerTransaction.Kind


def balances_for_artisan(*, artisan: Artisan) -> dict[str, int]:
    """Held, available and paid-out balances: one query (the balances kept on the accounts)."""
    found = dict(Account.objects.filter(artisan=artisan).values_list("kind", "balance"))
    return {kind: found.get(kind, 0) for kind in Account.ARTISAN_KINDS}


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def statement_for_artisan(
    *, artisan: Artisan, account: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[Entry]:
    """The artisan's entries, newest first, optionally of one account kind and within dates (inclusive)."""
    entries = Entry.objects.filter(account__artisan=artisan).select_related("account", "transaction", "order")
    if account:
        entries = entries.filter(account__kind=account)
    if since:
        entries = entries.filter(created_at__gte=_start(since))
    if until:
        entries = entries.filter(created_at__lt=_start(until) + timezone.timedelta(days=1))
    return entries.order_by("-created_at", "-pk")


def _month_key(value: date | datetime) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class MonthBar:
    month: date
    amount: int
    height: int  # percent of the tallest bar, for the chart
    x: int  # left edge in the chart's 240 × 110 viewBox

    @property
    def y(self) -> int:
        return 100 - self.height


def earnings_by_month(*, artisan: Artisan, months: int = 12) -> list[MonthBar]:
    """Net earnings released to the artisan per month (completions less refunds after completion), the last
    ``months`` months including this one, oldest first: one query."""
    now = timezone.localtime()
    first = now.date().replace(day=1)
    for _ in range(months - 1):
        first = (first - timezone.timedelta(days=1)).replace(day=1)
    rows = (
        Entry.objects.filter(
            account__artisan=artisan,
            account__kind=K.AVAILABLE,
            transaction__kind__in=[T.COMPLETION, T.REFUND],
            created_at__gte=_start(first),
        )
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(total=Sum("delta"))
        .order_by("month")
    )
    totals = {_month_key(row["month"]): row["total"] for row in rows}
    bars, day = [], first
    for _ in range(months):
        bars.append((day, totals.get(day, 0)))
        day = (day + timezone.timedelta(days=32)).replace(day=1)
    top = max((amount for _day, amount in bars), default=0)
    return [MonthBar(d, a, round(100 * max(a, 0) / top) if top > 0 else 0, 3 + 20 * i) for i, (d, a) in enumerate(bars)]


def payouts_for_artisan(*, artisan: Artisan, limit: int = 20) -> list[Payout]:
    return list(Payout.objects.filter(artisan=artisan).order_by("-created_at", "-pk")[:limit])


def bank_account_for(*, artisan: Artisan) -> BankAccount | None:
    return BankAccount.objects.filter(artisan=artisan).first()
