"""Journey: a buyer asks a question on a product page and the artisan answers from the studio; the buyer orders,
receives, reports a problem with a photo; the artisan does not answer in time; the buyer escalates to Dekranas and
a moderator decides a partial refund in the admin; then the buyer reviews another completed order and the artisan
replies. Three browsers (the buyer's phone, the artisan's and the moderator's desktops) on the live server.

The order is placed and delivered through the services (the checkout and the studio's shipping have their own
journeys), and the scheduled deadline job is run here as beat would run it once the deadlines have passed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from orders.complaints.models import Complaint
from orders.complaints.tasks import move_complaint_deadlines
from orders.models import Order, Refund
from orders.money import invariants
from orders.reviews.models import Review
from tests.catalog.factories import jpeg_bytes, published
from tests.complaints.factories import delivered_order
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.journeys.conftest import assert_page_ok, english, field, moderator
from tests.e2e.journeys.test_artisan_product import assert_admin_clean
from tests.factories import PASSWORD, UserFactory
from tests.orders.reviews.factories import completed_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(probe, email: str) -> None:
    page = probe.page
    probe.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.locator("header").get_by_role("link", name="Account")).to_be_visible()


def test_question_order_complaint_escalated_and_decided_then_a_review_and_its_reply(open_probe, reference_data):
    product = published(name="Tas Anyaman Pandan")
    artisan = product.artisan
    buyer_user = UserFactory(email="sari@example.id", name="Sari Wulandari", language="en")
    buyer = english(open_probe("buyer", **PHONE))
    maker = english(open_probe("artisan", **DESKTOP))
    staff = english(open_probe("moderator", **DESKTOP))

    # 1. A question on the product page, answered from the studio.
    log_in(buyer, "sari@example.id")
    buyer.goto(f"/p/{product.slug}/")
    buyer.page.get_by_role("link", name="Ask the artisan").click()
    buyer.page.get_by_label("Your message").fill("Is the pandan dyed with natural colours?")
    buyer.page.get_by_role("button", name="Send").click()
    expect(buyer.page.get_by_text("Is the pandan dyed with natural colours?")).to_be_visible()
    log_in(maker, artisan.user.email)
    maker.goto("/studio/messages/")
    maker.page.get_by_role("link", name=re.compile("Sari Wulandari")).click()
    maker.page.get_by_label("Your message").fill("Yes, with secang wood and turmeric.")
    maker.page.get_by_role("button", name="Send").click()
    expect(maker.page.get_by_text("Yes, with secang wood and turmeric.")).to_be_visible()

    # 2. The buyer orders it and receives it.
    order = delivered_order(buyer=buyer_user, product=product)

    # 3. "Report a problem" on the order page, with a photo.
    buyer.goto(f"/orders/{order.number}/")
    buyer.page.get_by_role("link", name="Report a problem").click()
    expect(buyer.page.get_by_role("heading", level=1, name="Report a problem")).to_be_visible()
    assert_page_ok(buyer)
    buyer.page.get_by_label("What went wrong?").select_option(label="Damaged")
    buyer.page.get_by_label("Partial refund", exact=True).check()
    buyer.page.get_by_label("Refund amount (Rp), for a partial refund").fill("50000")
    buyer.page.get_by_label("Describe the problem").fill("One handle came off on arrival.")
    buyer.page.get_by_label("Photos of the problem (optional)").set_input_files(
        [{"name": "handle.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((200, 150))}]
    )
    buyer.page.get_by_role("button", name="Send to the artisan").click()
    expect(buyer.page.get_by_text("Your complaint was sent to the artisan.")).to_be_visible()
    expect(buyer.page.get_by_test_id("complaint-status")).to_have_text("Waiting for the artisan")
    assert_page_ok(buyer)
    complaint = Complaint.objects.get()
    assert complaint.evidence.count() == 1 and complaint.requested_amount == 50_000

    # 4. The artisan does not answer: three days later the deadline job marks it unanswered (once).
    Complaint.objects.filter(pk=complaint.pk).update(respond_by=timezone.now() - timedelta(minutes=1))
    assert move_complaint_deadlines() == 1
    assert move_complaint_deadlines() == 0

    # 5. The buyer escalates to Dekranas.
    buyer.page.reload()
    expect(buyer.page.get_by_test_id("complaint-status")).to_have_text("Not answered in time")
    buyer.page.get_by_label("Reason").fill("No answer from the workshop.")
    buyer.page.get_by_role("button", name="Ask Dekranas to decide").click()
    expect(buyer.page.get_by_test_id("complaint-status")).to_have_text("Escalated to Dekranas")
    buyer.assert_clean()

    # 6. A moderator decides a partial refund in the admin, with a reason.
    moderator()
    page = staff.page
    staff.goto(f"/{settings.ADMIN_URL}")
    field(page, "Email address").fill("dewi@dekranas.id")
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    staff.goto(f"/{settings.ADMIN_URL}complaints/complaint/")  # the queue: escalated and appealed complaints
    page.get_by_role("link", name=order.number, exact=True).click()
    page.get_by_role("button", name="Decide…").click()
    field(page, "Outcome").select_option(label="Partial refund")
    field(page, "Refund (Rp), for a partial refund").fill("50000")
    field(page, "Reason (sent to the buyer and the artisan)").fill("The photo shows the handle torn off.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("1 complaints decided.")).to_be_visible()
    assert_admin_clean(staff)
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.DECIDED and complaint.outcome_amount == 50_000

    # Nobody appeals: once the appeal window passes, the job applies the decision (once).
    Complaint.objects.filter(pk=complaint.pk).update(appeal_by=timezone.now() - timedelta(minutes=1))
    assert move_complaint_deadlines() == 1
    assert move_complaint_deadlines() == 0
    assert Refund.objects.get(order=order).amount == 50_000
    assert Order.objects.get(pk=order.pk).status == Order.Status.COMPLETED
    assert invariants.violations() == []
    buyer.page.reload()
    expect(buyer.page.get_by_test_id("complaint-status")).to_have_text("Resolved")

    # 7. The buyer reviews another completed order; the artisan replies from the studio.
    other = completed_order(buyer=buyer_user, products=[published(owner=artisan, name="Tikar Pandan")])
    buyer.goto(f"/orders/{other.number}/")
    buyer.page.get_by_role("link", name="Review this product").click()
    buyer.page.get_by_label("5 stars: excellent").check()
    buyer.page.get_by_label("Your review (optional)").fill("Rapi sekali.")
    buyer.page.get_by_role("button", name="Publish my review").click()
    expect(buyer.page.get_by_text("Thank you for your review.")).to_be_visible()
    maker.goto("/studio/reviews/")
    maker.page.get_by_label("Your public reply").fill("Terima kasih, Bu Sari!")
    maker.page.get_by_role("button", name="Publish the reply").click()
    expect(maker.page.get_by_text("Your reply is published under the review.")).to_be_visible()
    assert Review.objects.get().reply == "Terima kasih, Bu Sari!"
    buyer.assert_clean()
    maker.assert_clean()
