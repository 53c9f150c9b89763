"""Real concurrent checkouts on PostgreSQL: threads with their own connections, started together."""

import threading
import uuid
from collections import Counter

import pytest
from django.db import connection

from catalog.models import Variant
from craftmarket.common.errors import ConflictError
from orders.models import CartLine, Order, OrderLine, Purchase
from orders.services.cart import cart_line_add
from orders.services.checkout import purchase_checkout
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout_input

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_concurrently(n, work):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", work(i))
        except ConflictError as exc:
            results[i] = ("conflict", exc.code)
        except Exception as exc:  # anything else is a failure the test reports
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_fifty_concurrent_checkouts_sell_exactly_the_ten_in_stock():
    variant = VariantFactory(stock=10)
    buyers = [UserFactory() for _ in range(50)]
    jobs = []
    for buyer in buyers:
        address = AddressFactory(user=buyer)
        cart = cart_with(buyer, (variant, 1))
        jobs.append((buyer, cart, checkout_input(cart, address)))

    def work(i):
        buyer, cart, data = jobs[i]
        return purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=uuid.uuid4().hex).pk

    results = _run_concurrently(50, work)
    outcomes = Counter(kind for kind, _ in results)
    assert outcomes == {"ok": 10, "conflict": 40}, [r for r in results if r[0] == "error"]
    assert {code for kind, code in results if kind == "conflict"} == {"out_of_stock"}
    variant.refresh_from_db()
    assert variant.stock == 0
    assert Purchase.objects.count() == 10
    assert sum(OrderLine.objects.values_list("quantity", flat=True)) == 10


def test_concurrent_checkouts_over_shared_variants_in_opposite_orders_never_deadlock():
    artisan = ArtisanFactory()
    a = VariantFactory(product=ProductFactory(artisan=artisan), stock=100)
    b = VariantFactory(product=ProductFactory(artisan=artisan), stock=100)
    jobs = []
    for i in range(20):
        buyer = UserFactory()
        address = AddressFactory(user=buyer)
        lines = [(a, 1), (b, 1)] if i % 2 else [(b, 1), (a, 1)]
        cart = cart_with(buyer, *lines)
        jobs.append((buyer, cart, checkout_input(cart, address)))

    def work(i):
        buyer, cart, data = jobs[i]
        return purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=f"k{i}").pk

    results = _run_concurrently(20, work)
    assert Counter(kind for kind, _ in results) == {"ok": 20}, results
    assert list(Variant.objects.filter(pk__in=[a.pk, b.pk]).order_by("pk").values_list("stock", flat=True)) == [80, 80]


def test_twenty_concurrent_requests_with_one_key_make_one_purchase():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    variant = VariantFactory(stock=10)
    cart = cart_with(buyer, (variant, 2))
    data = checkout_input(cart, address)

    def work(i):
        return purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key="same-key").pk

    results = _run_concurrently(20, work)
    assert {kind for kind, _ in results} == {"ok"}, results
    assert len({pk for _, pk in results}) == 1
    assert Purchase.objects.count() == 1
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 8


def test_two_checkouts_of_one_cart_with_different_keys_sell_it_once():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    variant = VariantFactory(stock=10)
    cart = cart_with(buyer, (variant, 3))
    data = checkout_input(cart, address)

    def work(i):
        return purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=f"tab-{i}").pk

    results = _run_concurrently(5, work)
    assert Counter(kind for kind, _ in results)["ok"] == 1, results
    assert Purchase.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 7


def test_concurrent_first_adds_of_one_variant_make_one_line():
    buyer = UserFactory()
    variant = VariantFactory(stock=100)
    cart = cart_with(buyer)

    def work(i):
        return cart_line_add(cart=cart, variant_id=variant.pk, quantity=1).pk

    results = _run_concurrently(10, work)
    assert {kind for kind, _ in results} == {"ok"}, results
    assert CartLine.objects.get(cart=cart).quantity == 10
