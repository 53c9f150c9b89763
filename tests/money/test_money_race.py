"""Money events racing on PostgreSQL: threads with their own connections, started together."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from craftmarket.common.errors import DomainError
from craftmarket.common.invariants import find_violations
from orders.models import Order, Refund
from orders.money.models import Account, LedgerTransaction, OrderCommission, Payout
from orders.money.selectors import balances_for_artisan
from orders.money.services.payouts import payout_run
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from orders.services.refunds import order_refund
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.money.helpers import bank_account
from tests.orders.factories import AddressFactory, checkout

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*works):
    barrier = threading.Barrier(len(works))
    results = [None] * len(works)

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", works[i]())
        except DomainError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # anything else is a failure the test reports
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _delivered(artisan, price=200_000):
    buyer = UserFactory()
    variant = VariantFactory(product=ProductFactory(artisan=artisan), price=price, stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    order = purchase.orders.select_related("artisan__user", "buyer").get()
    lifecycle.order_process(order=order, by=artisan.user)
    lifecycle.order_ship(order=order, by=artisan.user, courier="JNE", tracking="JNE1")
    lifecycle.order_deliver(order=order, by=artisan.user)
    return Order.objects.select_related("artisan__user", "buyer").get(pk=order.pk)


@pytest.mark.parametrize("attempt", range(3))
def test_a_completion_and_a_refund_of_the_same_order_at_once_leave_exact_balances(attempt):
    artisan = ArtisanFactory()
    order = _delivered(artisan)
    staff = UserFactory(is_staff=True)
    results = _at_once(
        lambda: lifecycle.order_confirm(order=order, by=order.buyer).pk,
        lambda: order_refund(order=order, by=staff, amount=60_000, reason="Cacat.").pk,
    )
    assert results[0][0] == "ok", results
    commission = OrderCommission.objects.get(order=order).commission
    earned = order.total - commission
    if results[1][0] == "ok":  # the refund came second: taken from available
        returned = (2 * commission * 60_000 + order.total) // (2 * order.total)
        assert balances_for_artisan(artisan=artisan)["available"] == earned - (60_000 - returned)
        assert Refund.objects.get().amount == 60_000
    else:  # the refund came first and found the order not completed yet
        assert results[1] == ("refused", "not_completed")
        assert balances_for_artisan(artisan=artisan)["available"] == earned
        assert not Refund.objects.exists()
    assert balances_for_artisan(artisan=artisan)["held"] == 0
    assert find_violations()[0] == []


def test_two_payout_runs_at_once_never_pay_twice():
    artisans = [ArtisanFactory() for _ in range(4)]
    for artisan in artisans:
        bank_account(artisan)
        order = _delivered(artisan)
        lifecycle.order_confirm(order=order, by=order.buyer)
    available = {a.pk: balances_for_artisan(artisan=a)["available"] for a in artisans}
    results = _at_once(
        lambda: len(payout_run(minimum=1, run="2026-W49").created),
        lambda: len(payout_run(minimum=1, run="2026-W49-staff").created),
    )
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert sum(n for _, n in results) == 4
    assert {p.artisan_id: p.amount for p in Payout.objects.all()} == available
    assert all(balances_for_artisan(artisan=a)["available"] == 0 for a in artisans)
    transit = Account.objects.get(kind="payouts_in_transit", artisan=None).balance
    assert transit == sum(available.values())
    assert LedgerTransaction.objects.filter(kind="payout").count() == 4
    assert find_violations()[0] == []
