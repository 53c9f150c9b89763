"""The monthly reconciliation on a month of mixed events, and the payouts admin (export, record, run)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from orders.models import Refund
from orders.money.exports import BULK_HEADER
from orders.money.models import Account, Entry, LedgerTransaction, Payout
from orders.money.reconciliation import month_bounds, reconcile
from orders.money.services.ledger import platform_account
from orders.money.services.payouts import payout_record_failed, payout_record_sent, payout_run
from orders.services import lifecycle
from orders.services.payments import payment_confirm, refund_record
from orders.services.refunds import order_refund
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.money.helpers import bank_account, complete
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db


def _paid(artisan, price):
    buyer = UserFactory()
    variant = VariantFactory(product=ProductFactory(artisan=artisan), price=price, stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    purchase.refresh_from_db()
    return purchase, purchase.orders.select_related("artisan__user", "buyer").get()


@pytest.fixture
def month():
    """Four artisans: one order completed and paid out, one cancelled and refunded, one completed then partly
    refunded, one still held; one payout failed."""
    staff = UserFactory(is_staff=True)
    a, b, c, d = (ArtisanFactory() for _ in range(4))
    for artisan in (a, c, d):
        bank_account(artisan)
    p1, o1 = _paid(a, 200_000)
    complete(o1)
    p2, o2 = _paid(b, 120_000)
    lifecycle.order_cancel(order=o2, by=o2.artisan.user, reason="Bahan habis.")
    refund_record(refund=Refund.objects.get(order=o2), by=staff, reference="BCA-R-1")
    p3, o3 = _paid(c, 300_000)
    complete(o3)
    order_refund(order=o3, by=staff, amount=50_000, reason="Cacat.")
    p4, o4 = _paid(d, 80_000)
    payout_run(minimum=1)
    payout_record_sent(payout=Payout.objects.get(artisan=a), by=staff, reference="BCA-P-1")
    payout_record_failed(payout=Payout.objects.get(artisan=c), by=staff, reason="Nama tidak cocok.")
    return staff, [p1, p2, p3, p4], [o1, o2, o3, o4]


def test_money_in_equals_refunds_payouts_commission_and_what_is_still_held_or_available(month):
    _staff, purchases, orders = month
    report = reconcile(*month_bounds(f"{timezone.localtime():%Y-%m}"))
    assert report.money_in == sum(p.amount_due for p in purchases)
    assert report.flows["refunds"] == orders[1].total + 50_000
    assert report.flows["payouts"] == Payout.objects.get(status="sent").amount
    commission = Account.objects.get(kind="commission", artisan=None).balance
    assert report.flows["commission"] == commission
    assert report.flows["held"] == orders[3].total
    assert report.gap == 0 and report.differences == []


def test_a_hand_made_difference_is_listed(month):
    txn = LedgerTransaction.objects.get(kind="completion", order=month[2][0])
    Entry.objects.create(transaction=txn, account=platform_account("commission"), delta=7, created_at=txn.created_at)
    report = reconcile(*month_bounds(f"{timezone.localtime():%Y-%m}"))
    assert report.gap == -7
    whats = {(d.what, d.subject) for d in report.differences}
    assert ("commission", month[2][0].number) in whats
    assert ("unbalanced transaction", txn.key) in whats


def _national(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Dekranas moderator"))
    client.force_login(user)
    return user


def test_the_admin_report_and_its_csv(client, month):
    _national(client)
    url = reverse("admin:money_reconciliation")
    response = client.get(url, {"month": f"{timezone.localtime():%Y-%m}"})
    assert response.status_code == 200 and response.context["report"].gap == 0
    csv_response = client.get(url, {"month": f"{timezone.localtime():%Y-%m}", "format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert client.get(url, {"month": "2026-13"}).status_code == 400


def test_moderators_export_the_bulk_transfer_and_record_it_in_the_admin(client):
    staff = _national(client)
    artisan = ArtisanFactory()
    bank_account(artisan)
    _purchase, order = _paid(artisan, 250_000)
    complete(order)
    response = client.post(reverse("admin:money_payout_run"))
    assert response.status_code == 302
    payout = Payout.objects.get()
    changelist = reverse("admin:money_payout_changelist")
    export = client.post(changelist, {"action": "export_bulk_transfer", "_selected_action": [payout.pk]})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(BULK_HEADER)
    assert lines[1].startswith("1,BCA,") and f",{payout.amount},IDR,CM-PAYOUT-{payout.pk}," in lines[1]
    client.post(
        changelist,
        {"action": "record_sent", "_selected_action": [payout.pk], "apply": "1", "reason": "BCA-2026-1202-01"},
    )
    payout.refresh_from_db()
    assert (payout.status, payout.reference, payout.completed_by) == ("sent", "BCA-2026-1202-01", staff)
