from __future__ import annotations

from orders.money.models import Account, BankAccount, LedgerTransaction
from orders.services import lifecycle


def entries_of(txn: LedgerTransaction) -> list[tuple[str, int | None, int]]:
    return sorted((e.account.kind, e.account.artisan_id, e.delta) for e in txn.entries.select_related("account"))


def platform(kind: str) -> int:
    return Account.objects.get(kind=kind, artisan=None).balance


def complete(order) -> None:
    lifecycle.order_process(order=order, by=order.artisan.user)
    lifecycle.order_ship(order=order, by=order.artisan.user, courier="JNE", tracking="JNE123")
    lifecycle.order_confirm(order=order, by=order.buyer)


def bank_account(artisan) -> BankAccount:
    return BankAccount.objects.create(
        artisan=artisan, bank="bca", account_number="1234567890", holder_name=artisan.business_name
    )
