"""Every money event through the real services, with the exact entries and balances it writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from catalog.models import Category
from craftmarket.common.errors import ConflictError, DomainError
from orders.models import Purchase, Refund
from orders.money.models import Account, CommissionRate, Entry, LedgerTransaction, OrderCommission, Payout
from orders.money.selectors import balances_for_artisan
from orders.money.services.ledger import Line, platform_account, post
from orders.money.services.payouts import payout_record_failed, payout_record_sent, payout_run
from orders.services import lifecycle
from orders.services.payments import midtrans_notification_handle, payment_confirm, refund_record
from orders.services.refunds import order_refund
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.money.helpers import bank_account, complete, entries_of, platform
from tests.orders.factories import AddressFactory, checkout, midtrans_payload

pytestmark = pytest.mark.django_db
K = Account.Kind


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.fixture
def sale(staff):
    """One artisan, one order of 2 × Rp 100.000 in a family charged 10 %, paid by bank transfer."""
    family = Category.objects.filter(parent=None).order_by("pk").first()
    CommissionRate.objects.create(family=family, rate_bps=1000, effective_from=timezone.now() - timedelta(days=30))
    sub = Category.objects.filter(parent=family).first() or family
    artisan = ArtisanFactory()
    variant = VariantFactory(product=ProductFactory(artisan=artisan, category=sub), price=100_000, stock=5)
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 2))
    payment_confirm(purchase=purchase, by=staff)
    purchase.refresh_from_db()
    return purchase, purchase.orders.select_related("artisan__user", "buyer").get()


def test_payment_confirmed_holds_items_per_artisan_and_shipping_apart(sale):
    purchase, order = sale
    txn = LedgerTransaction.objects.get(kind="payment")
    code = purchase.amount_due - order.total
    assert entries_of(txn) == sorted(
        [
            ("incoming", None, -purchase.amount_due),
            ("held", order.artisan_id, 200_000),
            ("shipping", None, order.shipping_cost),
            *([("transfer_codes", None, code)] if code else []),
        ]
    )
    assert balances_for_artisan(artisan=order.artisan) == {"held": 200_000, "available": 0, "paid_out": 0}
    assert OrderCommission.objects.get(order=order).commission == 20_000


def test_completion_releases_escrow_minus_commission_with_shipping_in_full(sale):
    _purchase, order = sale
    complete(order)
    txn = LedgerTransaction.objects.get(kind="completion")
    assert entries_of(txn) == sorted(
        [
            ("held", order.artisan_id, -200_000),
            ("shipping", None, -order.shipping_cost),
            ("commission", None, 20_000),
            ("available", order.artisan_id, 180_000 + order.shipping_cost),
        ]
    )
    assert balances_for_artisan(artisan=order.artisan) == {
        "held": 0,
        "available": 180_000 + order.shipping_cost,
        "paid_out": 0,
    }
    assert platform(K.SHIPPING) == 0 and platform(K.COMMISSION) == 20_000


def test_old_orders_keep_the_rate_in_force_when_they_were_placed(sale):
    _purchase, order = sale
    family = CommissionRate.objects.get().family
    CommissionRate.objects.create(family=family, rate_bps=2500, effective_from=timezone.now())
    complete(order)
    assert platform(K.COMMISSION) == 20_000  # 10 %, not the new 25 %


def test_refund_before_completion_gives_back_what_is_held(sale, staff):
    purchase, order = sale
    lifecycle.order_cancel(order=order, by=order.artisan.user, reason="Bahan habis.")
    txn = LedgerTransaction.objects.get(kind="refund")
    assert entries_of(txn) == sorted(
        [
            ("held", order.artisan_id, -200_000),
            ("shipping", None, -order.shipping_cost),
            ("refunds_payable", None, order.total),
        ]
    )
    refund_record(refund=Refund.objects.get(), by=staff, reference="BCA 777")
    assert platform(K.REFUNDS_PAYABLE) == 0 and platform(K.REFUNDS_PAID) == order.total
    assert balances_for_artisan(artisan=order.artisan)["held"] == 0


def test_refund_after_completion_comes_from_available_and_a_negative_balance_is_netted(sale, staff):
    purchase, order = sale
    artisan = order.artisan
    bank_account(artisan)
    complete(order)
    earned = 180_000 + order.shipping_cost
    payout_run(minimum=1)
    payout = Payout.objects.get()
    payout_record_sent(payout=payout, by=staff, reference="BCA-TRF-1")
    assert balances_for_artisan(artisan=artisan) == {"held": 0, "available": 0, "paid_out": earned}

    order_refund(order=order, by=staff, amount=100_000, reason="Barang rusak.")
    txn = LedgerTransaction.objects.get(kind="refund")
    # The platform gives back the refunded share of the order's total of its commission, rounded half up; the
    # artisan's available balance pays the rest and goes negative.
    returned = (2 * 20_000 * 100_000 + order.total) // (2 * order.total)
    assert entries_of(txn) == sorted(
        [
            ("available", artisan.pk, -(100_000 - returned)),
            ("commission", None, -returned),
            ("refunds_payable", None, 100_000),
        ]
    )
    assert balances_for_artisan(artisan=artisan)["available"] == -(100_000 - returned)
    assert payout_run(minimum=1, run="next").created == []  # nothing to pay while negative

    # A new sale of the same artisan: the next payout is the new earning less the debt.
    buyer = UserFactory()
    variant = VariantFactory(product=ProductFactory(artisan=artisan), price=300_000, stock=3)
    second = checkout(buyer, AddressFactory(user=buyer), (variant, 1))
    payment_confirm(purchase=second, by=staff)
    new_order = second.orders.select_related("artisan__user", "buyer").get()
    complete(new_order)
    new_commission = OrderCommission.objects.get(order=new_order).commission
    expected = new_order.total - new_commission - (100_000 - returned)
    run = payout_run(minimum=1, run="after")
    assert [Payout.objects.get(pk=pk).amount for pk in run.created] == [expected]


def test_a_refund_bigger_than_what_was_paid_is_refused_and_nothing_changes(sale, staff):
    _purchase, order = sale
    complete(order)
    before = (Entry.objects.count(), Refund.objects.count(), balances_for_artisan(artisan=order.artisan))
    for amount in (order.total + 1, 0, -5):
        with pytest.raises(DomainError) as exc:
            order_refund(order=order, by=staff, amount=amount, reason="x")
        assert exc.value.field == "amount"
    assert (Entry.objects.count(), Refund.objects.count(), balances_for_artisan(artisan=order.artisan)) == before
    order_refund(order=order, by=staff, amount=order.total, reason="x")
    with pytest.raises(ConflictError):
        order_refund(order=order, by=staff, amount=1, reason="again")
    assert Refund.objects.count() == 1
    assert balances_for_artisan(artisan=order.artisan)["available"] == 0  # a full refund takes all it gave


def test_refund_of_an_order_not_completed_is_refused(sale, staff):
    _purchase, order = sale
    with pytest.raises(ConflictError):
        order_refund(order=order, by=staff, amount=1000, reason="x")
    assert not Refund.objects.exists()


def test_a_late_midtrans_payment_is_money_in_and_owed_back():
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (VariantFactory(stock=5), 1), method="midtrans")
    Purchase.objects.filter(pk=purchase.pk).update(status=Purchase.Status.EXPIRED)
    purchase.refresh_from_db()
    midtrans_notification_handle(payload=midtrans_payload(purchase))
    txn = LedgerTransaction.objects.get()
    assert entries_of(txn) == [("incoming", None, -purchase.amount_due), ("refunds_payable", None, purchase.amount_due)]


def test_payout_failure_returns_the_money_to_available(sale, staff):
    _purchase, order = sale
    bank_account(order.artisan)
    complete(order)
    payout_run(minimum=1)
    payout = Payout.objects.get()
    payout_record_failed(payout=payout, by=staff, reason="Rekening ditutup.")
    assert balances_for_artisan(artisan=order.artisan)["available"] == payout.amount
    assert platform(K.PAYOUTS_IN_TRANSIT) == 0
    with pytest.raises(ConflictError):
        payout_record_sent(payout=payout, by=staff, reference="late")


def test_a_second_record_of_the_same_transfer_is_refused(sale, staff):
    _purchase, order = sale
    bank_account(order.artisan)
    complete(order)
    payout_run(minimum=1)
    payout = Payout.objects.get()
    payout_record_sent(payout=payout, by=staff, reference="BCA-1")
    with pytest.raises(ConflictError):
        payout_record_sent(payout=payout, by=staff, reference="BCA-1")
    assert LedgerTransaction.objects.filter(kind="payout_sent").count() == 1


def test_an_unbalanced_write_is_refused_and_nothing_is_written(sale):
    _purchase, order = sale
    held = Account.objects.get(artisan=order.artisan, kind=K.HELD)
    before = (LedgerTransaction.objects.count(), Entry.objects.count(), held.balance)
    with pytest.raises(DomainError) as exc:
        post(kind="correction", key="bad", lines=[Line(held, -5), Line(platform_account(K.COMMISSION), 4)])
    assert exc.value.code == "ledger_unbalanced"
    held.refresh_from_db()
    assert (LedgerTransaction.objects.count(), Entry.objects.count(), held.balance) == before


def test_the_same_event_is_never_written_twice(sale, staff):
    purchase, _order = sale
    payment_confirm(purchase=purchase, by=staff)  # confirming again is a no-op
    assert LedgerTransaction.objects.filter(kind="payment").count() == 1


def test_check_invariants_catches_a_hand_made_imbalance(sale, capsys):
    _purchase, order = sale
    call_command("check_invariants")
    txn = LedgerTransaction.objects.get(kind="payment")
    Entry.objects.create(transaction=txn, account=platform_account(K.COMMISSION), delta=1)
    with pytest.raises(CommandError):
        call_command("check_invariants")
    out = capsys.readouterr().out
    assert "entries sum to zero" in out and "balance equals the sum of its entries" in out


def test_a_balance_is_one_query(sale, django_assert_num_queries):
    _purchase, order = sale
    with django_assert_num_queries(1):
        balances_for_artisan(artisan=order.artisan)


def test_the_payout_run_pays_once_per_artisan_above_the_minimum(sale, staff):
    _purchase, order = sale
    complete(order)
    assert payout_run(minimum=1).created == []  # no bank account yet
    bank_account(order.artisan)
    assert payout_run(minimum=10_000_000).created == []
    first = payout_run(minimum=1)
    again = payout_run(minimum=1)
    assert len(first.created) == 1 and again.created == []
    assert balances_for_artisan(artisan=order.artisan)["available"] == 0
    assert platform(K.PAYOUTS_IN_TRANSIT) == Payout.objects.get().amount
