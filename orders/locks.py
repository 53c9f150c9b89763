"""Row locks, taken in one place and always in primary-key order so that two transactions cannot deadlock.

The order between kinds of row is fixed too: purchase, then orders, then variants, then refunds and payouts, and
ledger accounts last of all (every money event moves balances at the end of its transaction).
"""

from __future__ import annotations

from collections.abc import Iterable

from artisans.models import Artisan
from catalog.models import Product, Variant

from .models import Cart, Order, Purchase
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


def lock_order(order_id: int) -> Order | None:
    """Lock one order row: its reviews (one per product) are written one after the other."""
    return Order.objects.select_for_update().filter(pk=order_id).first()


def lock_rating_rows(*, product_id: int, artisan_id: int) -> tuple[Product | None, Artisan | None]:
    """Lock the rows that carry a review aggregate, always the product before its artisan (and after the order,
    when the caller holds it): two reviews of one artisan's products serialise on the artisan row."""
    product = Product.objects.select_for_update(of=("self",)).filter(pk=product_id).only("pk").first()
    artisan = Artisan.objects.select_for_update().filter(pk=artisan_id).only("pk").first()
    return product, artisan


def lock_accounts(account_ids: Iterable[int]) -> dict[int, Account]:
    """Lock ledger accounts in pk order and return them by pk (with their current balances). Call last, after
    every other lock of the transaction: balances change only under this lock, with ``F()`` updates."""
    ids = sorted(set(account_ids))
    return {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
