"""The money of the production milestones and quote orders that follow their milestone orders
(``orders.quotes.settlement``): the deposit released at production start, refunded from the artisan's balance when
cancelled after, a deposit order that never ships, and milestones that expire unpaid ending their quote order once.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from craftmarket.common.errors import TransitionNotAllowed
from craftmarket.common.models import Notification
from orders.models import Order, OrderStatusChange, Purchase, Refund
from orders.money import invariants
from orders.money.models import LedgerTransaction, OrderCommission
from orders.money.selectors import balances_for_artisan
from orders.quotes import production, services, settlement
from orders.quotes.models import QuoteOrder
from orders.quotes.tasks import follow_milestone_orders
from orders.services import lifecycle
from orders.services.payments import payment_confirm, purchase_expire
from orders.tasks import expire_unpaid_purchases
from tests.factories import UserFactory
from tests.orders.reviews.factories import photo

from .factories import quote, weaver

pytestmark = pytest.mark.django_db
M = QuoteOrder.Status
S = Order.Status


def _pay(order: Order) -> None:
    payment_confirm(purchase=Purchase.objects.get(pk=order.purchase_id), by=UserFactory(is_staff=True))


def _production(**terms) -> QuoteOrder:
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None, **terms)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    return QuoteOrder.objects.select_related("quote__rfq__buyer", "quote__artisan__user", "first_order").get()


def _started(**terms) -> QuoteOrder:
    made = _production(**terms)
    _pay(made.first_order)
    return production.production_start(quote_order=made, by=made.quote.artisan.user)


def test_the_deposit_is_held_when_paid_and_released_to_the_artisan_when_production_starts():
    made = _production(deposit_percent=30)
    artisan = made.quote.artisan
    _pay(made.first_order)
    assert balances_for_artisan(artisan=artisan)["held"] == made.deposit_amount == 4_680_000
    assert balances_for_artisan(artisan=artisan)["available"] == 0

    production.production_start(quote_order=made, by=artisan.user)

    deposit = Order.objects.get(pk=made.first_order_id)
    commission = OrderCommission.objects.get(order=deposit).commission
    assert deposit.status == S.COMPLETED and deposit.completed_at is not None
    assert balances_for_artisan(artisan=artisan) == {
        "held": 0,
        "available": made.deposit_amount - commission,
        "paid_out": 0,
    }
    assert commission > 0
    history = OrderStatusChange.objects.filter(order=deposit).order_by("pk").last()
    assert (history.from_status, history.to_status, history.actor_id) == (S.PAID, S.COMPLETED, artisan.user_id)
    assert LedgerTransaction.objects.filter(key=f"complete:{deposit.pk}").count() == 1
    assert invariants.violations() == []


def test_a_deposit_marked_processing_in_the_studio_is_released_too():
    made = _production()
    _pay(made.first_order)
    lifecycle.order_process(order=made.first_order, by=made.quote.artisan.user)
    production.production_start(quote_order=made, by=made.quote.artisan.user)
    assert Order.objects.get(pk=made.first_order_id).status == S.COMPLETED
    assert balances_for_artisan(artisan=made.quote.artisan)["held"] == 0


def test_starting_production_before_the_deposit_is_paid_releases_nothing():
    made = _production()
    with pytest.raises(TransitionNotAllowed):
        production.production_start(quote_order=made, by=made.quote.artisan.user)
    made.refresh_from_db()
    assert made.status == M.DEPOSIT_DUE
    assert Order.objects.get(pk=made.first_order_id).status == S.AWAITING_PAYMENT
    assert not LedgerTransaction.objects.filter(kind=LedgerTransaction.Kind.COMPLETION).exists()


def test_a_deposit_order_cannot_be_shipped_the_goods_ship_with_the_balance():
    made = _production()
    _pay(made.first_order)
    maker = made.quote.artisan.user
    lifecycle.order_process(order=made.first_order, by=maker)
    with pytest.raises(TransitionNotAllowed) as refused:
        lifecycle.order_ship(order=made.first_order, by=maker, courier="DHL", tracking="X-1")
    assert refused.value.code == "deposit_does_not_ship"
    deposit = Order.objects.get(pk=made.first_order_id)
    assert (deposit.status, deposit.tracking_number) == (S.PROCESSING, "")


def test_cancelled_after_the_release_the_deposit_is_refunded_from_the_artisans_balance():
    made = _started()
    artisan = made.quote.artisan
    commission = OrderCommission.objects.get(order_id=made.first_order_id).commission
    production.quote_order_cancel(quote_order=made, by=artisan.user, reason="Bahan baku habis")

    made.refresh_from_db()
    refund = Refund.objects.get()
    assert made.status == M.CANCELLED
    assert (refund.amount, refund.order_id, refund.status) == (made.deposit_amount, made.first_order_id, "due")
    # The whole deposit goes back to the buyer; the platform gives back its commission on it.
    assert balances_for_artisan(artisan=artisan)["available"] == 0
    assert Order.objects.get(pk=made.first_order_id).status == S.COMPLETED  # the money moved, not the history
    assert commission > 0
    assert invariants.violations() == []

    with pytest.raises(TransitionNotAllowed):  # cancelled once
        production.quote_order_cancel(quote_order=made, by=artisan.user, reason="again")
    assert Refund.objects.count() == 1


def test_a_full_round_releases_deposit_and_balance_and_the_ledger_adds_up():
    made = _started()
    buyer, maker = made.quote.rfq.buyer, made.quote.artisan.user
    production.production_goods_ready(quote_order=made, by=maker, photos=[photo()])
    made = production.production_goods_approve(quote_order=made, by=buyer)
    _pay(made.balance_order)
    production.production_balance_paid(quote_order=made, by=buyer)
    balance = Order.objects.get(pk=made.balance_order_id)
    lifecycle.order_process(order=balance, by=maker)
    lifecycle.order_ship(order=balance, by=maker, courier="DHL", tracking="B-1")
    lifecycle.order_confirm(order=balance, by=buyer)

    commissions = sum(OrderCommission.objects.values_list("commission", flat=True))
    assert balances_for_artisan(artisan=made.quote.artisan) == {
        "held": 0,
        "available": made.deposit_amount + made.balance_amount - commissions,
        "paid_out": 0,
    }
    assert invariants.violations() == []


def _expire(order: Order) -> None:
    Purchase.objects.filter(pk=order.purchase_id).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert purchase_expire(purchase_id=order.purchase_id)


def test_an_unpaid_deposit_expires_and_its_production_order_is_cancelled_once():
    made = _production()
    _expire(made.first_order)
    assert follow_milestone_orders() == 1
    assert follow_milestone_orders() == 0  # once

    made.refresh_from_db()
    assert made.status == M.CANCELLED
    change = made.status_changes.order_by("pk").last()
    assert (change.from_status, change.to_status) == (M.DEPOSIT_DUE, M.CANCELLED)
    assert change.reason == "The deposit was not paid in time."
    told = Notification.objects.filter(event="quote_order_changed").values_list("recipient_id", flat=True)
    assert set(told) == {made.quote.rfq.buyer_id, made.quote.artisan.user_id}
    assert not Refund.objects.exists()


def test_the_purchase_expiry_job_and_the_follow_job_together_end_an_unpaid_sample():
    weaver()
    sent = quote()  # sample included
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    sample = QuoteOrder.objects.get()
    Purchase.objects.filter(pk=sample.first_order.purchase_id).update(expires_at=timezone.now() - timedelta(hours=1))
    assert expire_unpaid_purchases() == 1
    assert follow_milestone_orders() == 1
    sample.refresh_from_db()
    assert sample.status == M.CANCELLED
    assert sample.status_changes.order_by("pk").last().reason == "The sample was not paid in time."


def test_an_unpaid_balance_ends_the_order_and_the_released_deposit_stays_with_the_artisan():
    made = _started()
    buyer, maker = made.quote.rfq.buyer, made.quote.artisan.user
    production.production_goods_ready(quote_order=made, by=maker, photos=[photo()])
    made = production.production_goods_approve(quote_order=made, by=buyer)
    available = balances_for_artisan(artisan=made.quote.artisan)["available"]
    _expire(made.balance_order)
    assert settlement.follow_milestone_orders() == 1

    made.refresh_from_db()
    assert made.status == M.CANCELLED
    assert made.status_changes.order_by("pk").last().reason == (
        "The balance was not paid in time; the deposit stays with the artisan."
    )
    assert balances_for_artisan(artisan=made.quote.artisan)["available"] == available > 0
    assert not Refund.objects.exists()


def test_a_deposit_order_cancelled_on_the_orders_page_ends_its_production_order():
    made = _production()
    lifecycle.order_cancel(order=made.first_order, by=made.quote.rfq.buyer)
    assert follow_milestone_orders() == 1
    made.refresh_from_db()
    assert made.status == M.CANCELLED
    assert made.status_changes.order_by("pk").last().reason == "The deposit order was cancelled."


def test_live_milestones_are_left_alone():
    paid = _started()
    assert follow_milestone_orders() == 0
    paid.refresh_from_db()
    assert paid.status == M.IN_PRODUCTION
