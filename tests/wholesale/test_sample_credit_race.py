"""The sample credit is given once even when two checkouts of the same buyer race (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import pytest
from django.db import connection

from craftmarket.common.errors import ConflictError, DomainError
from orders.models import Cart, CartLine, Order
from orders.services.cart import cart_get_or_create, cart_line_add
from orders.services.checkout import purchase_checkout
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, checkout_input
from tests.wholesale.test_sample_credit import _sample_order, staff, variant  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i):
        buyer, cart, data = jobs[i]
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=uuid.uuid4().hex))
        except (ConflictError, DomainError) as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # anything else is a failure the test reports
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_two_racing_wholesale_checkouts_credit_the_sample_order_once(variant, staff):  # noqa: F811
    buyer = UserFactory()
    sample = _sample_order(buyer, variant, staff)
    address = AddressFactory(user=buyer)
    own = cart_get_or_create(user=buyer)
    cart_line_add(cart=own, variant_id=variant.pk, quantity=60)
    # A second cart in the same buyer's hands (the service does not assume one cart): only the unique
    # ``credited_sample`` stands between the two credits.
    other = Cart.objects.create()
    cart_line_add(cart=other, variant_id=variant.pk, quantity=60)
    CartLine.objects.filter(cart=other).update(unit_price=85_000, tier_quantity=50)
    results = _race([(buyer, own, checkout_input(own, address)), (buyer, other, checkout_input(other, address))])
    assert not [r for r in results if r[0] == "error"], results
    outcomes = Counter(kind for kind, _ in results)
    assert outcomes["ok"] >= 1
    assert {code for kind, code in results if kind == "refused"} <= {"sample_credit_used"}
    assert Order.objects.filter(credited_sample=sample).count() == 1
    credited = Order.objects.get(credited_sample=sample)
    assert (credited.sample_credit, credited.items_total) == (50_000, 60 * 85_000 - 50_000)
    assert (
        Order.objects.filter(buyer=buyer, is_sample=False).exclude(pk=credited.pk).filter(sample_credit__gt=0).count()
        == 0
    )
