"""Journey: a buyer pays a purchase by QRIS. The purchase page offers the methods, QRIS shows the QR code drawn
from the gateway's QR string, Midtrans' signed notification (a recorded one) arrives, and the page shows the
purchase paid. The gateway is the replay of the recorded Core API answers (no network)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from orders.models import Purchase
from orders.paymethods.models import Charge
from tests.e2e.journeys.conftest import assert_page_ok, english
from tests.e2e.journeys.test_buyer_checkout import log_in
from tests.factories import UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout
from tests.orders.midtrans import ReplayClient, recorded

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gateway(monkeypatch) -> ReplayClient:
    client = ReplayClient(charge="charge_qris")
    monkeypatch.setattr("orders.paymethods.services.get_client", lambda: client)
    return client


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_buyer_pays_by_qris_and_the_page_shows_the_purchase_paid(request, device, reference_data, gateway):
    probe = english(request.getfixturevalue(device))
    page = probe.page
    buyer = UserFactory(email="wayan@example.id", name="Wayan Sukarta", language="en")
    purchase = checkout(buyer, AddressFactory(user=buyer), (VariantFactory(stock=3), 1), method="midtrans")
    log_in(probe, "wayan@example.id")

    probe.goto(purchase.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Purchase {purchase.number}")
    page.get_by_role("radio", name=re.compile(r"^QRIS")).check()
    page.get_by_role("button", name="Show payment instructions").click()

    # The QR code: an image the browser could decode, drawn from the gateway's string.
    qr = page.locator("img[data-qr]")
    expect(qr).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 200", arg=qr.element_handle())
    charge = Charge.objects.get(purchase=purchase)
    assert charge.method == "qris" and charge.qr_string.startswith("000201")
    expect(page.get_by_role("heading", level=2, name=re.compile("QRIS"))).to_be_visible()
    assert_page_ok(probe)

    # Midtrans tells us it was paid (signed with the server key), twice as it does; the page then says Paid.
    notification = recorded("notification_qris_settlement", order_id=charge.order_id, amount=charge.amount)
    for _ in range(2):
        answer = page.request.post(probe.url("/api/v1/payments/midtrans/notify/"), data=notification)
        assert answer.status == 200, answer.text()
    page.reload()
    expect(page.locator(".badge.status-paid").first).to_have_text("Paid")
    expect(page.locator("img[data-qr]")).to_have_count(0)
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID and purchase.payments.count() == 1
    assert_page_ok(probe)
    probe.assert_clean()
