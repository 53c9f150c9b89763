"""Journey: a buyer asks a question on a product page, the artisan answers from the studio, the buyer sees the
unread badge, the answer, and "Read" under their question. Two browsers (a phone and a desktop) on the live
server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from orders.conversations.models import Message, Thread
from tests.catalog.factories import published
from tests.e2e.journeys.conftest import assert_page_ok, english
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(probe, email: str) -> None:
    page = probe.page
    probe.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.locator("header").get_by_role("link", name="Account")).to_be_visible()


def test_buyer_asks_the_artisan_answers_and_the_buyer_sees_the_answer(phone, desktop, reference_data):
    product = published(name="Tas Anyaman Pandan")
    artisan = product.artisan.user
    UserFactory(email="sari@example.id", name="Sari Wulandari", language="en")

    # The buyer, on a phone: "Ask the artisan" on the product page.
    buyer = english(phone)
    log_in(buyer, "sari@example.id")
    buyer.goto(f"/p/{product.slug}/")
    buyer.page.get_by_role("link", name="Ask the artisan").click()
    expect(buyer.page.get_by_role("heading", level=1, name="Ask the artisan")).to_be_visible()
    assert_page_ok(buyer)
    buyer.page.get_by_label("Your message").fill("Is it available in black? WA me at 0812 3456 7890")
    buyer.page.get_by_role("button", name="Send").click()
    expect(buyer.page).to_have_url(re.compile(r"/messages/[0-9a-f-]{36}/$"))
    expect(buyer.page.get_by_text("Is it available in black?")).to_be_visible()
    expect(buyer.page.get_by_text("Contact details were hidden.", exact=False)).to_be_visible()
    assert "3456" not in buyer.page.content()
    assert_page_ok(buyer)
    buyer.assert_clean()
    thread = Thread.objects.get(product=product)

    # The artisan, on a desktop: the studio's Messages with the unread count, the thread, the answer.
    studio = english(desktop)
    log_in(studio, artisan.email)
    studio.goto("/studio/")
    nav = studio.page.get_by_role("navigation", name="Studio")
    expect(nav.get_by_role("link", name=re.compile(r"^Messages\s+unread: 1"))).to_be_visible()
    nav.get_by_role("link", name=re.compile(r"^Messages")).click()
    studio.page.get_by_role("link", name=re.compile("Sari Wulandari")).click()
    expect(studio.page.get_by_text("Is it available in black?")).to_be_visible()
    assert_page_ok(studio)
    studio.page.get_by_label("Your message").fill("Yes, black is ready: Rp 275.000, 2 in stock.")
    studio.page.get_by_role("button", name="Send").click()
    expect(studio.page.get_by_text("Yes, black is ready: Rp 275.000, 2 in stock.")).to_be_visible()
    studio.assert_clean()
    assert Message.objects.filter(thread=thread).count() == 2

    # The buyer: the header badge, the answer, and the receipt under their own question.
    buyer.goto("/")
    badge = buyer.page.get_by_role("link", name="Messages, 1 unread")
    expect(badge).to_be_visible()
    badge.click()
    expect(buyer.page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    buyer.page.get_by_role("link", name=re.compile(product.artisan.business_name)).click()
    expect(buyer.page.get_by_text("Yes, black is ready: Rp 275.000, 2 in stock.")).to_be_visible()
    expect(buyer.page.locator("[data-read-receipt]")).to_have_text("Read")
    assert_page_ok(buyer)
    buyer.goto("/")
    expect(buyer.page.get_by_role("link", name="Messages, 0 unread")).to_be_visible()
    buyer.assert_clean()
