"""Row locks, taken in one place and always in primary-key order so that two transactions cannot deadlock.

The order between kinds of row is fixed too: purchase, then orders, then variants, then refunds and payouts, and
ledger accounts last of all (every money event moves balances at the end of its transaction).
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog.models import Variant

from .models import Cart, Purchase
from .money.models import Account


def lock_variants(variant_ids: Iterable[int]) -> dict[int, Variant]:
    """Lock the variants (only their rows, not the joined product/artisan) in pk order; return them by pk.

    Call inside a transaction. Every path that changes stock goes through here first.
    """
    ids = sorted(set(variant_ids))
    rows = (
        Variant.objects.select_for_update(of=("self",))
        .select_related("product__artisan")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    return {v.pk: v for v in rows}


def lock_purchase(purchase_id: int) -> Purchase | None:
    """Lock one purchase row: payment, expiry and cancellation serialise on it."""
    return Purchase.objects.select_for_update().filter(pk=purchase_id).first()


def lock_cart(cart_id: int) -> Cart | None:
    """Lock a cart row: two checkouts of one cart (two tabs, two keys) run one after the other."""
    return Cart.objects.select_for_update().filter(pk=cart_id).first()


def lock_accounts(account_ids: Iterable[int]) -> dict[int, Account]:
    """Lock ledger accounts in pk order and return them by pk (with their current balances). Call last, after
    every other lock of the transaction: balances change only under this lock, with ``F()`` updates."""
    ids = sorted(set(account_ids))
    return {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
