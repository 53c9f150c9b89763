"""The milestones on the quote pages: the buyer pays each milestone from a link to its purchase, asks for changes
to the sample or the finished goods with a reason, the artisan opens the orders that ship; a paid balance makes
the order ready to ship by itself; a posted order that is not a number is a 404, never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from orders.models import Order, Purchase
from orders.quotes import production, services
from orders.quotes.models import QuoteOrder
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.factories import UserFactory
from tests.orders.reviews.factories import photo

from .factories import quote, weaver

pytestmark = pytest.mark.django_db
M = QuoteOrder.Status


def _pay(order: Order) -> None:
    payment_confirm(purchase=Purchase.objects.get(pk=order.purchase_id), by=UserFactory(is_staff=True))


def _accepted(**terms) -> QuoteOrder:
    weaver()
    sent = quote(**terms)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    return QuoteOrder.objects.select_related("quote__rfq__buyer", "quote__artisan__user", "first_order").get()


def _buyer_page(client, made: QuoteOrder):
    client.force_login(made.quote.rfq.buyer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # an importer abroad reads English
    return client.get(reverse("quotes:quote", args=[made.quote.public_id]))


def _studio_page(client, made: QuoteOrder):
    client.force_login(made.quote.artisan.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"  # the studio in Indonesian
    return client.get(reverse("quotes:studio-quote", args=[made.quote.public_id]))


def test_the_buyer_pays_the_deposit_from_a_link_to_its_purchase(client):
    made = _accepted(sample_included=False, sample_lead_days=None)
    purchase = made.first_order.purchase
    page = _buyer_page(client, made).content.decode()
    assert f'href="{reverse("orders:purchase", args=[purchase.number])}"' in page
    assert "Pay the deposit" in page
    assert reverse("orders:order-detail", args=[made.first_order.number]) in page
    _pay(made.first_order)
    assert "Pay the deposit" not in _buyer_page(client, made).content.decode()


def test_the_artisan_is_sent_to_ship_a_paid_sample_but_never_a_deposit(client):
    sample = _accepted()
    assert "Kirim barang" not in _studio_page(client, sample).content.decode()  # not paid yet
    _pay(sample.first_order)
    page = _studio_page(client, sample).content.decode()
    assert "Kirim barang" in page  # the artisan's studio, in Indonesian
    assert reverse("orders:studio-order", args=[sample.first_order.number]) in page

    QuoteOrder.objects.all().delete()
    made = _accepted_again_without_sample()
    _pay(made.first_order)
    page = _studio_page(client, made).content.decode()
    assert reverse("orders:studio-order", args=[made.first_order.number]) in page
    assert "Kirim barang" not in page


def _accepted_again_without_sample() -> QuoteOrder:
    sent = quote(sample_included=False, sample_lead_days=None)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    return QuoteOrder.objects.select_related("quote__rfq__buyer", "quote__artisan__user", "first_order").get(quote=sent)


def test_the_buyer_asks_for_changes_to_the_delivered_sample_with_a_reason(client):
    sample = _accepted()
    maker = sample.quote.artisan.user
    assert "Ask for changes" not in _buyer_page(client, sample).content.decode()  # not delivered yet
    _pay(sample.first_order)
    order = Order.objects.get(pk=sample.first_order_id)
    lifecycle.order_process(order=order, by=maker)
    lifecycle.order_ship(order=order, by=maker, courier="DHL", tracking="S-1")
    lifecycle.order_deliver(order=order, by=maker)
    assert "Ask for changes" in _buyer_page(client, sample).content.decode()
    url = reverse("quotes:quote", args=[sample.quote.public_id])

    empty = client.post(url, {"action": "sample_changes", "order": sample.pk, "reason": "  "})
    assert empty.status_code == 400 and "Say what should change." in empty.content.decode()
    sample.refresh_from_db()
    assert sample.status == M.SAMPLE_DUE

    client.post(url, {"action": "sample_changes", "order": sample.pk, "reason": "Handles thicker, please"})
    sample.refresh_from_db()
    assert sample.status == M.SAMPLE_CHANGES
    assert sample.status_changes.order_by("pk").last().reason == "Handles thicker, please"


def test_the_buyer_sends_the_finished_goods_back_with_a_reason(client):
    made = _accepted(sample_included=False, sample_lead_days=None)
    maker = made.quote.artisan.user
    _pay(made.first_order)
    production.production_start(quote_order=made, by=maker)
    production.production_goods_ready(quote_order=made, by=maker, photos=[photo()])
    _buyer_page(client, made)
    client.post(
        reverse("quotes:quote", args=[made.quote.public_id]),
        {"action": "goods_reject", "order": made.pk, "reason": "Two baskets are crushed"},
    )
    made.refresh_from_db()
    assert (made.status, made.goods_ready_at) == (M.IN_PRODUCTION, None)


def test_a_paid_balance_makes_the_order_ready_to_ship_by_itself(django_capture_on_commit_callbacks):
    made = _accepted(sample_included=False, sample_lead_days=None)
    buyer, maker = made.quote.rfq.buyer, made.quote.artisan.user
    _pay(made.first_order)
    production.production_start(quote_order=made, by=maker)
    production.production_goods_ready(quote_order=made, by=maker, photos=[photo()])
    made = production.production_goods_approve(quote_order=made, by=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        _pay(made.balance_order)
    made.refresh_from_db()
    assert made.status == M.READY_TO_SHIP
    change = made.status_changes.order_by("pk").last()
    assert (change.from_status, change.to_status) == (M.BALANCE_DUE, M.READY_TO_SHIP)
    # Said twice (the follow job, or the manual step), nothing more happens.
    assert production.production_balance_paid(quote_order=made, by=buyer).status == M.READY_TO_SHIP
    assert made.status_changes.filter(to_status=M.READY_TO_SHIP).count() == 1


def test_a_balance_paid_while_its_callback_was_lost_is_caught_up_by_the_follow_job():
    from orders.quotes.tasks import follow_milestone_orders

    made = _accepted(sample_included=False, sample_lead_days=None)
    buyer, maker = made.quote.rfq.buyer, made.quote.artisan.user
    _pay(made.first_order)
    production.production_start(quote_order=made, by=maker)
    production.production_goods_ready(quote_order=made, by=maker, photos=[photo()])
    made = production.production_goods_approve(quote_order=made, by=buyer)
    _pay(made.balance_order)  # outside a commit: the on-commit step never runs here
    made.refresh_from_db()
    assert made.status == M.BALANCE_DUE
    assert follow_milestone_orders() == 1
    made.refresh_from_db()
    assert made.status == M.READY_TO_SHIP
    assert follow_milestone_orders() == 0


@pytest.mark.parametrize("value", ["abc", "1e3", "-1", "99999999999", ""])
def test_a_posted_order_that_is_not_one_of_the_quotes_is_a_404(client, value):
    made = _accepted(sample_included=False, sample_lead_days=None)
    client.force_login(made.quote.rfq.buyer)
    buyer_answer = client.post(
        reverse("quotes:quote", args=[made.quote.public_id]), {"action": "goods_approve", "order": value}
    )
    client.force_login(made.quote.artisan.user)
    studio_answer = client.post(
        reverse("quotes:studio-quote", args=[made.quote.public_id]), {"action": "start", "order": value}
    )
    assert (buyer_answer.status_code, studio_answer.status_code) == (404, 404)
    made.refresh_from_db()
    assert made.status == M.DEPOSIT_DUE


def test_order_production_is_offered_until_production_is_ordered(client):
    sample = _accepted()
    buyer, maker = sample.quote.rfq.buyer, sample.quote.artisan.user
    _pay(sample.first_order)
    order = Order.objects.get(pk=sample.first_order_id)
    lifecycle.order_process(order=order, by=maker)
    lifecycle.order_ship(order=order, by=maker, courier="DHL", tracking="S-1")
    lifecycle.order_deliver(order=order, by=maker)
    production.sample_approve(quote_order=sample, by=buyer)
    assert "Order production" in _buyer_page(client, sample).content.decode()
    production.production_order(quote=sample.quote, by=buyer)
    page = _buyer_page(client, sample).content.decode()
    assert "Order production" not in page and "Pay the deposit" in page
