"""Journey: an importer (English, EUR) posts an open RFQ for 300 pieces FOB Surabaya with a reference photo; two
workshops (Indonesian) quote, one from the phone quote builder, where it sees the photo; the importer counters
one, accepts its revision with a sample; the sample is paid, shipped and approved; production is ordered, the
deposit paid and confirmed, the finished goods approved, the balance paid and the order shipped. Every step of the
importer and the workshops is a click: the importer pays each milestone from the quote page (its transfer proof on
the purchase page), the workshop ships from the order page its quote page links to. Only Dekranas staff's
confirmation of each transfer is the service call (the admin's confirmation is the orders journeys' subject), and
the courier's delivery of the sample."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from orders.models import Order, Purchase
from orders.money.selectors import balances_for_artisan
from orders.quotes.models import RFQ, Quote, QuoteOrder
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.catalog.factories import jpeg_bytes
from tests.e2e.journeys.conftest import assert_page_ok, english, field
from tests.factories import UserFactory
from tests.quotes.factories import buyer, in_days, quote, weaver

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(probe, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    probe.page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": probe.base_url}])
    return probe


def _pay_by_transfer(shop, quote, link: str) -> None:
    """The importer follows the quote page's pay link and uploads the transfer proof on the purchase page."""
    shop.goto(f"/quotes/{quote.public_id}/")
    shop.page.get_by_role("link", name=link).click()
    expect(shop.page.get_by_role("heading", name="Upload your transfer proof")).to_be_visible()
    shop.page.locator("input[type=file][name=proof]").set_input_files(
        files=[{"name": "transfer.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    shop.page.get_by_role("button", name="Send proof").click()
    expect(shop.page.locator(".muted").filter(has_text="Proof submitted")).to_have_count(1)


def _staff_confirms(order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    payment_confirm(purchase=Purchase.objects.get(pk=order.purchase_id), by=UserFactory(is_staff=True))


def _ship(studio, quote, *, tracking: str) -> None:
    """The workshop opens the paid order from its quote page, starts it and hands it to the courier."""
    studio.goto(f"/studio/quotes/{quote.public_id}/")
    studio.page.get_by_role("link", name="Kirim barang").click()
    studio.page.get_by_role("button", name="Mulai proses").click()
    studio.page.get_by_label("Kurir").fill("DHL")
    studio.page.get_by_label("Nomor resi").fill(tracking)
    studio.page.get_by_role("button", name="Tandai sudah dikirim").click()
    expect(studio.page.locator(".badge.status-shipped").first).to_be_visible()


def test_rfq_from_request_to_shipped_production(phone, desktop, reference_data):
    maker = weaver(business_name="Eceng Gondok Lamongan", province="ID-JI", user__language="id")
    other = weaver(business_name="Anyaman Kediri", province="ID-JI", user__language="id")
    importer = buyer(name="Anna de Vries")

    # 1. the importer posts an open RFQ (English, EUR)
    shop = signed_in(english(desktop), importer)
    page = shop.page
    shop.goto("/rfq/new/")
    field(page, "What do you need?").fill("Water-hyacinth baskets, two sizes, our logo")
    page.locator("#id_category").select_option("anyaman")
    field(page, "Quantity").fill("300")
    field(page, "Target unit price (optional)").fill("3.50")
    page.locator("#id_target_currency").fill("EUR")  # the header and footer carry a "Currency" chooser too
    field(page, "Destination country").fill("NL")
    field(page, "Destination city or port").fill("Rotterdam")
    page.locator("#id_incoterm").select_option("FOB")
    field(page, "Named place of the Incoterm").fill("Surabaya")
    page.locator("#id_photos").set_input_files(
        files=[{"name": "our-basket.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.locator("#id_sample_wanted").check()
    page.locator("#id_closes_on").fill(str(in_days(10)))
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Water-hyacinth baskets")
    request = RFQ.objects.get()
    assert set(request.recipients.values_list("artisan", flat=True)) == {maker.pk, other.pk}

    # 2. the first workshop quotes from its phone (Indonesian), adding a ladder row in place
    studio = signed_in(phone, maker.user)
    p = studio.page
    studio.goto(f"/studio/rfq/{request.public_id}/")
    expect(p.locator(".rfq-photos img")).to_have_count(1)  # the importer's reference photo, private to the parties
    assert_page_ok(studio)
    p.locator("#id_ladder_q_0").fill("100")
    p.locator("#id_ladder_p_0").fill("60000")
    p.locator("[data-ladder-add]").click()
    expect(p.locator("#id_ladder_q_1")).to_be_visible()
    p.locator("#id_ladder_q_1").fill("300")
    p.locator("#id_ladder_p_1").fill("52000")
    p.locator("#id_production_lead_days").fill("45")
    p.locator("#id_sample_price").fill("350000")
    p.locator("#id_sample_lead_days").fill("10")
    p.screenshot(path="test-artifacts/rfq-quote-builder-phone.png", full_page=True)
    p.locator("button[name=send]").click()
    expect(p.get_by_role("heading", level=1)).to_be_visible()
    first = Quote.objects.get(artisan=maker)
    assert first.status == "sent"
    # the second workshop quotes too
    quote(request=request, artisan=other)

    # 3. the importer compares, counters the first quote
    shop.goto(f"/rfq/{request.public_id}/")
    expect(page.locator("table.quote-compare tbody tr")).to_have_count(2)
    page.screenshot(path="test-artifacts/rfq-compare-desktop.png", full_page=True)
    page.get_by_role("link", name="Eceng Gondok Lamongan").click()
    field(page, "Unit price (Rp)").fill("50000")
    page.get_by_role("button", name="Send my counter-offer").click()
    expect(page.locator("h1 .badge")).to_contain_text("Countered")

    # 4. the workshop answers with a revision (the builder is prefilled from the counter)
    studio.goto(f"/studio/quotes/{first.public_id}/")
    p.locator("#id_production_lead_days").fill("40")
    p.locator("form.quote-builder button[type=submit]").click()
    expect(p.locator("h1 .badge")).to_contain_text("Direvisi")

    # 5. the importer accepts revision 3, which includes the sample
    shop.goto(f"/quotes/{first.public_id}/")
    page.get_by_role("button", name="Accept revision 3").click()
    expect(page.locator("h1 .badge")).to_contain_text("Accepted")
    sample = QuoteOrder.objects.get(kind="sample")

    # 6. the sample is paid (proof uploaded, transfer confirmed by staff), shipped, delivered, and approved
    sample = QuoteOrder.objects.select_related("first_order").get(kind="sample")
    _pay_by_transfer(shop, first, "Pay the sample")
    _staff_confirms(sample.first_order_id)
    _ship(studio, first, tracking="SAMPLE-1")
    lifecycle.order_deliver(order=Order.objects.get(pk=sample.first_order_id), by=maker.user)  # the courier's scan
    shop.goto(f"/quotes/{first.public_id}/")
    page.get_by_role("button", name="Approve the sample").click()
    page.get_by_role("button", name="Order production").click()
    made = QuoteOrder.objects.get(kind="production")
    assert (made.goods_total, made.deposit_amount, made.balance_amount) == (15_000_000, 7_500_000, 7_500_000)

    # 7. the deposit is paid and confirmed; the workshop starts (the deposit is released to it), then marks the
    # goods ready with a photo
    _pay_by_transfer(shop, first, "Pay the deposit")
    _staff_confirms(made.first_order_id)
    studio.goto(f"/studio/quotes/{first.public_id}/")
    expect(p.get_by_role("link", name="Kirim barang")).to_have_count(0)  # a deposit never ships
    p.get_by_role("button", name="Mulai produksi").click()
    assert balances_for_artisan(artisan=maker)["available"] > 0
    p.locator("input[type=file][name=photos]").set_input_files(
        files=[{"name": "keranjang.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    p.get_by_role("button", name="Barang sudah siap").click()
    expect(p.get_by_role("button", name="Barang sudah siap")).to_have_count(0)

    # 8. pre-shipment approval, the balance paid (ready to ship by itself once confirmed), the order shipped
    shop.goto(f"/quotes/{first.public_id}/")
    expect(page.locator(".goods-photos img")).to_have_count(1)
    page.get_by_role("button", name="Approve the finished goods").click()
    made.refresh_from_db()
    assert made.status == "balance_due"
    _pay_by_transfer(shop, first, "Pay the balance")
    _staff_confirms(made.balance_order_id)
    made.refresh_from_db()
    assert made.status == "ready_to_ship"
    _ship(studio, first, tracking="FOB-300")
    assert Order.objects.get(pk=made.balance_order_id).status == Order.Status.SHIPPED
    shop.goto(f"/quotes/{first.public_id}/")
    expect(page.locator(".milestone-orders .badge.status-delivered")).to_have_count(1)  # the sample
    expect(page.locator(".milestone-orders .badge.status-shipped")).to_have_count(1)  # the goods
    expect(page.locator(".milestone-orders .badge.status-completed")).to_have_count(1)  # the released deposit
    page.screenshot(path="test-artifacts/rfq-shipped-desktop.png", full_page=True)
    assert Quote.objects.get(artisan=other).status == "declined"
    shop.assert_clean()
    studio.assert_clean()
