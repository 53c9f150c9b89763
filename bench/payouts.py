"""The weekly payout run at scale: ``--artisans`` artisans (10 000 by default, 1 000 with ``--quick``), each with
a bank account and an available balance above the minimum, then ``payout_run`` as the Monday job calls it.

The balances are given through the ledger (one balanced correction per artisan, from the platform's incoming
account), so the run works on the same rows as in production. Reports the run's seconds and queries, checks that
every artisan got exactly one payout of their balance, and that a second run of the same week creates nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench import phase

BALANCE = 125_000
CHUNK = 1000


def prepare(n: int) -> None:
    from artisans.models import Artisan, User
    from orders.money.models import Account, BankAccount
    from orders.money.services.ledger import Line, Posting, artisan_accounts, platform_account, post_many

    users = User.objects.bulk_create(
        User(email=f"payout-bench-{i}@craftmarket.test", name=f"Payout bench {i}") for i in range(n)
    )
    artisans = Artisan.objects.bulk_create(
        Artisan(user=u, business_name=f"Sanggar Bench {i}", slug=f"payout-bench-{i}", province="ID-YO")
        for i, u in enumerate(users)
    )
    BankAccount.objects.bulk_create(
        BankAccount(artisan=a, bank="bca", account_number=f"{i:010d}", holder_name=a.business_name)
        for i, a in enumerate(artisans)
    )
    incoming = platform_account(Account.Kind.INCOMING)
    for start in range(0, n, CHUNK):
        chunk = artisans[start : start + CHUNK]
        accounts = artisan_accounts(a.pk for a in chunk)
        with transaction.atomic():
            post_many(
                [
                    Posting(
                        "correction",
                        f"bench-opening:{a.pk}",
                        [Line(incoming, -BALANCE), Line(accounts[(a.pk, Account.Kind.AVAILABLE)], BALANCE)],
                        memo="bench opening balance",
                    )
                    for a in chunk
                ]
            )


def run(n: int) -> dict[str, Any]:
    from orders.money.models import Payout
    from orders.money.services.payouts import payout_run

    started = time.perf_counter()
    prepare(n)
    prepare_seconds = time.perf_counter() - started
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = payout_run(run="bench-week", minimum=50_000)
        seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = payout_run(run="bench-week", minimum=50_000)
    again_seconds = time.perf_counter() - started
    paid = Payout.objects.filter(run="bench-week")
    exact = len(result.created) == n and paid.count() == n and not again.created
    exact = exact and set(paid.values_list("amount", flat=True)) == {BALANCE}
    return {
        "status": "ok",
        "artisans": n,
        "payouts": len(result.created),
        "run_seconds": round(seconds, 2),
        "run_queries": len(queries),
        "second_run_seconds": round(again_seconds, 2),
        "prepare_seconds": round(prepare_seconds, 1),
        "exact": exact,
        "summary": f"{len(result.created)} payouts for {n} artisans in {seconds:.1f} s ({len(queries)} queries); "
        f"second run {len(again.created)} payouts",
    }


def main() -> None:
    args = phase.setup(__doc__ or "")
    n = args.artisans or (1000 if args.quick else 10_000)
    phase.write(args.out, run(n))


if __name__ == "__main__":
    main()
