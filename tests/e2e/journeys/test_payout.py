"""Issue 20 (money), the whole journey: a buyer pays by QRIS (the QR code is shown) and Midtrans' signed
notification arrives; the order completes and the artisan sees the earning in the studio's balance; after the
weekly payout job and a moderator's transfer record in the admin, the payout shows in the studio. The gateway is
the replay of the recorded Core API answers (no network)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from orders.models import Purchase
from orders.money.models import Payout
from orders.money.tasks import create_weekly_payouts
from orders.paymethods.models import Charge
from tests.e2e.journeys.conftest import assert_page_ok, english, field, moderator
from tests.factories import PASSWORD, ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.money.helpers import bank_account, complete
from tests.orders.factories import AddressFactory, checkout
from tests.orders.midtrans import ReplayClient, recorded

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _log_in(probe, email: str) -> None:
    probe.goto("/accounts/login/")
    field(probe.page, "Email").fill(email)
    field(probe.page, "Password").fill(PASSWORD)
    probe.page.get_by_role("button", name="Log in").click()
    probe.page.wait_for_load_state()


@pytest.fixture
def gateway(monkeypatch) -> ReplayClient:
    client = ReplayClient(charge="charge_qris")
    monkeypatch.setattr("orders.paymethods.services.get_client", lambda: client)
    return client


def test_a_qris_payment_becomes_an_earning_and_then_a_payout(open_probe, reference_data, gateway):
    from tests.e2e.conftest import DESKTOP, PHONE

    artisan = ArtisanFactory(business_name="Perak Kotagede Sari")
    bank_account(artisan)
    buyer = UserFactory(email="wayan@example.id", language="en")
    variant = VariantFactory(product=ProductFactory(artisan=artisan), price=400_000, stock=3)
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 1), method="midtrans")

    # The buyer pays by QRIS on a phone: the QR code is drawn from the gateway's string.
    shopper = english(open_probe("buyer", **PHONE))
    _log_in(shopper, "wayan@example.id")
    shopper.goto(purchase.get_absolute_url())
    shopper.page.get_by_role("radio", name=re.compile(r"^QRIS")).check()
    shopper.page.get_by_role("button", name="Show payment instructions").click()
    qr = shopper.page.locator("img[data-qr]")
    expect(qr).to_be_visible()
    shopper.page.wait_for_function("img => img.complete && img.naturalWidth > 200", arg=qr.element_handle())
    charge = Charge.objects.get(purchase=purchase)

    # Midtrans' signed notification arrives; the purchase is paid and the money held for the artisan.
    notification = recorded("notification_qris_settlement", order_id=charge.order_id, amount=charge.amount)
    answer = shopper.page.request.post(shopper.url("/api/v1/payments/midtrans/notify/"), data=notification)
    assert answer.status == 200, answer.text()
    shopper.page.reload()
    expect(shopper.page.locator(".badge.status-paid").first).to_have_text("Paid")
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID
    shopper.assert_clean()

    # The artisan ships and the buyer confirms receipt: the escrow is released.
    order = purchase.orders.select_related("artisan__user", "buyer").get()
    complete(order)

    studio = english(open_probe("artisan", **PHONE))
    _log_in(studio, artisan.user.email)
    studio.goto("/studio/")
    studio.page.get_by_role("link", name="Balance").click()
    expect(studio.page.get_by_role("heading", level=1)).to_have_text("Balance")
    statement = studio.page.get_by_role("table").first
    expect(statement).to_contain_text(order.number)
    expect(statement).to_contain_text("Order completed")
    assert_page_ok(studio)
    studio.assert_clean()

    # Monday's job, then the national moderator records the bank's reference in the admin.
    assert create_weekly_payouts() == 1
    staff = english(open_probe("moderator", **DESKTOP))
    page = staff.page
    staff.goto(f"/{settings.ADMIN_URL}")
    moderator()
    field(page, "Email address").fill("dewi@dekranas.id")
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Payouts", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Perak Kotagede Sari")
    expect(row).to_contain_text("Being transferred")
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile(r"^Action")).select_option(label="Record the transfer (reference)")
    page.get_by_role("button", name=re.compile(r"^(Run|Go)$")).first.click()
    field(page, "Reference of the transfer (the artisan is told)").fill("BCA-20261207-0042")
    page.get_by_role("button", name=re.compile("Record|Confirm|Apply|Save")).click()
    expect(page.get_by_text("1 payout(s) recorded.")).to_be_visible()
    assert Payout.objects.get().status == Payout.Status.SENT

    studio.page.reload()
    payouts = studio.page.get_by_role("table").last
    expect(payouts).to_contain_text("Transferred")
    expect(payouts).to_contain_text("BCA-20261207-0042")
    assert_page_ok(studio)
    studio.assert_clean()
