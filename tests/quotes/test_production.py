"""Accepting a quote makes one sample or production order; the payment schedule, its rounding and every milestone
in order; refunds when cancelled after the deposit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from craftmarket.common.errors import NotFound, PermissionDenied, TransitionNotAllowed
from orders.models import Order, Purchase, Refund
from orders.quotes import production, services
from orders.quotes.models import QuoteOrder, QuoteOrderStatusChange
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.factories import UserFactory
from tests.orders.reviews.factories import photo

from .factories import quote, weaver

pytestmark = pytest.mark.django_db
M = QuoteOrder.Status


@pytest.mark.parametrize(
    ("total", "percent", "deposit", "balance"),
    [
        (15_600_000, 50, 7_800_000, 7_800_000),
        (15_600_001, 50, 7_800_001, 7_800_000),  # half a rupiah rounds up on the deposit
        (1_000, 33, 330, 670),
        (1_001, 33, 330, 671),  # 330.33 → 330
        (1_003, 33, 331, 672),  # 330.99 → 331
        (999, 100, 999, 0),
        (7, 1, 0, 7),
    ],
)
def test_deposit_split_rounds_half_up_and_adds_up(total, percent, deposit, balance):
    assert production.deposit_split(total, percent) == (deposit, balance)
    assert sum(production.deposit_split(total, percent)) == total


def _staff():
    return UserFactory(is_staff=True)


def _pay(order: Order) -> None:
    payment_confirm(purchase=Purchase.objects.get(pk=order.purchase_id), by=_staff())


def test_accept_without_sample_makes_the_production_order_with_the_deposit_due():
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None, deposit_percent=30)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    made = QuoteOrder.objects.select_related("first_order__purchase").get()
    # 300 pieces at the 300-row price 52 000
    assert (made.kind, made.status, made.unit_price, made.goods_total) == (
        "production",
        M.DEPOSIT_DUE,
        52_000,
        15_600_000,
    )
    assert (made.deposit_amount, made.balance_amount) == (4_680_000, 10_920_000)
    assert made.first_order.items_total == 4_680_000
    assert made.first_order.artisan_id == sent.artisan_id
    purchase = made.first_order.purchase
    assert purchase.status == Purchase.Status.AWAITING_PAYMENT
    assert purchase.items_total == 4_680_000 and 0 < purchase.amount_due - 4_680_000 < 1000  # bank transfer code
    assert made.first_order.lines.get().product_name.startswith("Deposit 30%")


def test_a_full_production_round_in_order_and_milestones_out_of_order_refused():
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    buyer, maker = sent.rfq.buyer, sent.artisan.user
    services.quote_accept(quote=sent, by=buyer)
    made = QuoteOrder.objects.get()
    with pytest.raises(TransitionNotAllowed):  # deposit not paid
        production.production_start(quote_order=made, by=maker)
    with pytest.raises(TransitionNotAllowed):  # goods approval before production
        production.production_goods_approve(quote_order=made, by=buyer)
    with pytest.raises(PermissionDenied):  # the buyer cannot start production
        production.production_start(quote_order=made, by=buyer)
    with pytest.raises(NotFound):  # a stranger
        production.production_start(quote_order=made, by=UserFactory())
    _pay(made.first_order)
    production.production_start(quote_order=made, by=maker)
    with pytest.raises(TransitionNotAllowed):  # goods not marked ready
        production.production_goods_approve(quote_order=made, by=buyer)
    production.production_goods_ready(quote_order=made, by=maker, photos=[photo()])
    production.production_goods_reject(quote_order=made, by=buyer, reason="Logo too small")
    assert made.photos.count() == 1  # the photos stay; the artisan marks the goods ready again (more photos or not)
    with pytest.raises(TransitionNotAllowed):
        production.production_goods_approve(quote_order=made, by=buyer)
    production.production_goods_ready(quote_order=made, by=maker)
    with pytest.raises(TransitionNotAllowed):  # no balance order yet
        production.production_balance_paid(quote_order=made, by=maker)
    production.production_goods_approve(quote_order=made, by=buyer)
    made.refresh_from_db()
    assert made.status == M.BALANCE_DUE
    assert made.balance_order.items_total == 7_800_000
    with pytest.raises(TransitionNotAllowed):  # balance not paid
        production.production_balance_paid(quote_order=made, by=maker)
    _pay(made.balance_order)
    production.production_balance_paid(quote_order=made, by=maker)
    made.refresh_from_db()
    assert made.status == M.READY_TO_SHIP
    balance = Order.objects.get(pk=made.balance_order_id)
    lifecycle.order_process(order=balance, by=maker)
    lifecycle.order_ship(order=balance, by=maker, courier="DHL", tracking="DHL-1")
    assert Order.objects.get(pk=balance.pk).status == Order.Status.SHIPPED
    assert list(QuoteOrderStatusChange.objects.filter(quote_order=made).values_list("to_status", flat=True)) == [
        "deposit_due",
        "in_production",
        "in_production",  # the buyer's "changes, please" on the goods, with the reason
        "goods_approved",
        "balance_due",
        "ready_to_ship",
    ]


def test_sample_first_then_production_from_the_same_quote():
    weaver()
    sent = quote()  # sample included, Rp 350 000
    buyer, maker = sent.rfq.buyer, sent.artisan.user
    services.quote_accept(quote=sent, by=buyer)
    sample = QuoteOrder.objects.get()
    assert (sample.kind, sample.status, sample.first_order.items_total) == ("sample", M.SAMPLE_DUE, 350_000)
    with pytest.raises(TransitionNotAllowed):  # production before the sample is approved
        production.production_order(quote=sent, by=buyer)
    with pytest.raises(TransitionNotAllowed):  # not delivered yet
        production.sample_approve(quote_order=sample, by=buyer)
    _pay(sample.first_order)
    order = Order.objects.get(pk=sample.first_order_id)
    lifecycle.order_process(order=order, by=maker)
    lifecycle.order_ship(order=order, by=maker, courier="DHL", tracking="S-1")
    lifecycle.order_deliver(order=order, by=maker)
    with pytest.raises(ValidationError):
        production.sample_request_changes(quote_order=sample, by=buyer, reason="")
    production.sample_request_changes(quote_order=sample, by=buyer, reason="Handles thicker")
    production.sample_approve(quote_order=sample, by=buyer)
    made = production.production_order(quote=sent, by=buyer)
    again = production.production_order(quote=sent, by=buyer)
    assert made.pk == again.pk and made.status == M.DEPOSIT_DUE
    assert QuoteOrder.objects.filter(kind="production").count() == 1


def test_accepting_twice_makes_one_order():
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    assert QuoteOrder.objects.count() == 1
    assert Purchase.objects.count() == 1


def test_cancel_after_the_deposit_records_a_refund_of_the_deposit():
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    made = QuoteOrder.objects.get()
    _pay(made.first_order)
    production.production_start(quote_order=made, by=sent.artisan.user)
    with pytest.raises(TransitionNotAllowed):  # the buyer cannot cancel once production started
        production.quote_order_cancel(quote_order=made, by=sent.rfq.buyer, reason="changed my mind")
    assert not Refund.objects.exists()
    production.quote_order_cancel(quote_order=made, by=sent.artisan.user, reason="Bahan baku habis")
    made.refresh_from_db()
    refund = Refund.objects.get()
    assert (made.status, refund.amount, refund.order_id) == (M.CANCELLED, made.deposit_amount, made.first_order_id)
    # Released to the artisan at production start, the deposit order stays completed; the refund comes out of the
    # artisan's balance (tests/quotes/test_settlement.py).
    assert Order.objects.get(pk=made.first_order_id).status == Order.Status.COMPLETED


def test_cancel_before_payment_cancels_the_purchase_without_refund():
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    made = QuoteOrder.objects.get()
    production.quote_order_cancel(quote_order=made, by=sent.rfq.buyer, reason="")
    assert Purchase.objects.get().status == Purchase.Status.CANCELLED
    assert not Refund.objects.exists()


def test_goods_ready_needs_a_photo_and_refuses_a_file_that_is_not_an_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders.quotes.models import GoodsPhoto

    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    made = QuoteOrder.objects.get()
    _pay(made.first_order)
    production.production_start(quote_order=made, by=sent.artisan.user)
    with pytest.raises(ValidationError) as err:
        production.production_goods_ready(quote_order=made, by=sent.artisan.user)
    assert "photos" in err.value.message_dict
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        production.production_goods_ready(quote_order=made, by=sent.artisan.user, photos=[fake])
    made.refresh_from_db()
    assert made.goods_ready_at is None and not GoodsPhoto.objects.exists()
