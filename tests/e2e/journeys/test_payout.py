"""Issue 20 (money): an order completes, the artisan sees the earning in the studio's balance; after the weekly
payout job and a moderator's transfer record in the admin, the payout shows in the studio."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from orders.money.models import Payout
from orders.money.tasks import create_weekly_payouts
from orders.services.payments import payment_confirm
from tests.e2e.journeys.conftest import assert_page_ok, english, field, moderator
from tests.factories import PASSWORD, ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.money.helpers import bank_account, complete
from tests.orders.factories import AddressFactory, checkout

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _log_in(probe, email: str) -> None:
    probe.goto("/accounts/login/")
    field(probe.page, "Email").fill(email)
    field(probe.page, "Password").fill(PASSWORD)
    probe.page.get_by_role("button", name="Log in").click()
    probe.page.wait_for_load_state()


def test_the_earning_and_then_the_payout_show_in_the_studio(open_probe, reference_data):
    from tests.e2e.conftest import DESKTOP, PHONE

    artisan = ArtisanFactory(business_name="Perak Kotagede Sari")
    bank_account(artisan)
    buyer = UserFactory()
    variant = VariantFactory(product=ProductFactory(artisan=artisan), price=400_000, stock=3)
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
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
