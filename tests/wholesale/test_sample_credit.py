"""The sample credit: a delivered sample order's price comes off the same buyer's later wholesale order of the
product (when the artisan offers it), once, within WHOLESALE_SAMPLE_CREDIT_DAYS; the order total, the amount to
pay, the commission and the ledger all follow the credit and the ledger stays balanced."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category
from catalog.wholesale.services import SampleInput, product_sample_set
from orders.models import CartLine, Order
from orders.money.invariants import violations
from orders.money.models import CommissionRate, LedgerTransaction, OrderCommission
from orders.services.cart import cart_get_or_create, cart_line_add, cart_sample_add
from orders.services.checkout import purchase_checkout
from orders.services.payments import payment_confirm
from tests.factories import UserFactory
from tests.money.helpers import complete, entries_of
from tests.orders.factories import AddressFactory, checkout_input
from tests.wholesale.factories import tiered_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.fixture
def variant():
    """Rp 100.000 each, tiers 10+ 95.000, 50+ 85.000, 200+ 72.000; a sample at Rp 25.000, 2 per buyer, credited;
    in a family charged 10 %."""
    family = Category.objects.filter(parent=None).order_by("pk").first()
    CommissionRate.objects.create(family=family, rate_bps=1000, effective_from=timezone.now() - timedelta(days=30))
    v = tiered_variant(category=family)
    product_sample_set(
        product=v.product,
        by=v.product.artisan.user,
        sample=SampleInput(price=25_000, max_units=2, lead_days=3, credit_on_wholesale=True),
    )
    return v


def _checkout(buyer, cart):
    address = AddressFactory(user=buyer)
    return purchase_checkout(
        buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key=uuid.uuid4().hex
    )


def _sample_order(buyer, variant, staff, *, quantity=2, deliver=True) -> Order:
    cart = cart_get_or_create(user=buyer)
    cart_sample_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    purchase = _checkout(buyer, cart)
    payment_confirm(purchase=purchase, by=staff)
    order = purchase.orders.select_related("artisan__user", "buyer").get()
    if deliver:
        complete(order)
    order.refresh_from_db()
    return order


def _wholesale_order(buyer, variant, quantity=60):
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    purchase = _checkout(buyer, cart)
    return purchase, purchase.orders.select_related("artisan__user", "buyer").get()


def test_a_wholesale_order_after_a_delivered_sample_is_credited_and_the_money_follows(variant, staff):
    buyer = UserFactory()
    sample = _sample_order(buyer, variant, staff)
    assert sample.is_sample and sample.items_total == 50_000
    purchase, order = _wholesale_order(buyer, variant, 60)
    assert (order.sample_credit, order.credited_sample_id) == (50_000, sample.pk)
    assert order.items_total == 60 * 85_000 - 50_000
    assert purchase.items_total == order.items_total
    assert purchase.items_total + purchase.shipping_total <= purchase.amount_due  # plus the unique transfer code
    payment_confirm(purchase=purchase, by=staff)
    purchase.refresh_from_db()
    payment = LedgerTransaction.objects.get(kind="payment", purchase=purchase)
    code = purchase.amount_due - order.total
    assert entries_of(payment) == sorted(
        [
            ("incoming", None, -purchase.amount_due),
            ("held", order.artisan_id, 60 * 85_000 - 50_000),
            ("shipping", None, order.shipping_cost),
            *([("transfer_codes", None, code)] if code else []),
        ]
    )
    # 10 % of what is paid for the items.
    assert OrderCommission.objects.get(order=order).commission == (60 * 85_000 - 50_000) // 10
    complete(order)
    completion = LedgerTransaction.objects.get(kind="completion", order=order)
    assert entries_of(completion) == sorted(
        [
            ("held", order.artisan_id, -(60 * 85_000 - 50_000)),
            ("shipping", None, -order.shipping_cost),
            ("commission", None, (60 * 85_000 - 50_000) // 10),
            ("available", order.artisan_id, order.total - (60 * 85_000 - 50_000) // 10),
        ]
    )
    assert violations() == []


def test_a_sample_order_is_credited_once(variant, staff):
    buyer = UserFactory()
    sample = _sample_order(buyer, variant, staff)
    _p, first = _wholesale_order(buyer, variant, 60)
    _p, second = _wholesale_order(buyer, variant, 60)
    assert (first.sample_credit, second.sample_credit, second.credited_sample_id) == (50_000, 0, None)
    assert second.items_total == 60 * 85_000
    # The database refuses a second credit of the same sample order whatever the path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=second.pk).update(credited_sample=sample)


@pytest.mark.parametrize(
    "case", ["below_tier", "not_delivered", "too_old", "credit_off", "other_buyer", "cancelled_sample"]
)
def test_no_credit_unless_every_condition_holds(variant, staff, case):
    buyer = UserFactory()
    sample = _sample_order(buyer, variant, staff, deliver=case != "not_delivered")
    quantity = 9 if case == "below_tier" else 60
    if case == "too_old":
        Order.objects.filter(pk=sample.pk).update(delivered_at=timezone.now() - timedelta(days=91))
    if case == "credit_off":
        product_sample_set(
            product=variant.product,
            by=variant.product.artisan.user,
            sample=SampleInput(price=25_000, max_units=2, lead_days=3, credit_on_wholesale=False),
        )
    if case == "cancelled_sample":
        Order.objects.filter(pk=sample.pk).update(status=Order.Status.CANCELLED)
    if case == "other_buyer":
        buyer = UserFactory()
    _p, order = _wholesale_order(buyer, variant, quantity)
    assert (order.sample_credit, order.credited_sample_id) == (0, None)
    assert order.items_total == quantity * (100_000 if quantity < 10 else 85_000)


def test_the_credit_window_is_a_setting(variant, staff, settings):
    settings.WHOLESALE_SAMPLE_CREDIT_DAYS = 10
    buyer = UserFactory()
    sample = _sample_order(buyer, variant, staff)
    Order.objects.filter(pk=sample.pk).update(delivered_at=timezone.now() - timedelta(days=11))
    _p, order = _wholesale_order(buyer, variant, 60)
    assert order.sample_credit == 0
    Order.objects.filter(pk=sample.pk).update(delivered_at=timezone.now() - timedelta(days=9))
    _p, order = _wholesale_order(buyer, variant, 60)
    assert order.sample_credit == 50_000


def test_pages_mark_the_sample_and_show_the_credit_line(variant, staff, client):
    buyer = UserFactory()
    client.force_login(buyer)
    product_page = client.get(variant.product.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Order a sample" in product_page and "up to 2 per buyer" in product_page
    added = client.post(reverse("orders:cart-add"), {"sample": "1", "variant": variant.pk, "quantity": "1"})
    assert added.status_code == 302
    refused = client.post(reverse("orders:cart-add"), {"sample": "1", "variant": variant.pk, "quantity": "2"})
    assert refused.status_code == 302 and CartLine.objects.get().quantity == 1  # over the limit: nothing changed
    cart_page = client.get(reverse("orders:cart"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "sample-badge" in cart_page and "Sample ships within 3 days" in cart_page
    CartLine.objects.all().delete()
    sample = _sample_order(buyer, variant, staff)
    _p, order = _wholesale_order(buyer, variant, 60)
    for url in (reverse("orders:order-detail", args=[sample.number]), reverse("orders:invoice", args=[sample.number])):
        assert "sample-badge" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = client.get(reverse("orders:order-detail", args=[order.number]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Sample credit (sample order {sample.number})" in page and "−Rp 50.000" in page
    client.force_login(variant.product.artisan.user)
    studio = client.get(reverse("orders:studio-order", args=[sample.number]), HTTP_ACCEPT_LANGUAGE="en")
    assert "sample-badge" in studio.content.decode()
