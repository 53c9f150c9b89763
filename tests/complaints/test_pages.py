"""The browser side: "Report a problem" on the buyer's order page, the complaint page for both parties, the private
evidence photo, and the moderators' admin queue and decision (scoped by province; appeals for national
moderators); moderators read the order's conversation only once a complaint exists."""

import pytest
from django.test import Client
from django.utils.translation import gettext

from orders.complaints.models import Complaint
from orders.conversations.models import Thread
from orders.conversations.selectors import moderator_may_read
from orders.conversations.services import thread_start
from orders.models import Order
from tests.complaints.factories import complaint, delivered_order, photo
from tests.moderation.factories import BALI, YOGYA, national, regional

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_buyer_reports_a_problem_from_the_order_page_with_a_photo():
    order = delivered_order()
    client = _login(order.buyer)
    page = client.get(f"/orders/{order.number}/")
    assert f"/orders/{order.number}/complaint/new/" in page.content.decode()
    form = client.get(f"/orders/{order.number}/complaint/new/")
    assert form.status_code == 200
    sent = client.post(
        f"/orders/{order.number}/complaint/new/",
        {"reason": "damaged", "request": "refund_partial", "requested_amount": "20000", "description": "Retak",
         "photos": [photo()]},
    )  # fmt: skip
    made = Complaint.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/complaints/{made.pk}/"
    detail = client.get(sent["Location"])
    assert detail.status_code == 200 and "Retak" in detail.content.decode()
    evidence = made.evidence.get()
    shown = client.get(f"/complaints/{made.pk}/evidence/{evidence.pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert shown["Cache-Control"] == "private, no-store"


def test_a_bad_form_shows_messages_and_writes_nothing():
    order = delivered_order()
    client = _login(order.buyer)
    bad = client.post(
        f"/orders/{order.number}/complaint/new/",
        {"reason": "damaged", "request": "refund_full", "description": "Retak",
         "photos": [photo("x.jpg", b"not an image at all", "image/jpeg")]},
    )  # fmt: skip
    assert bad.status_code == 400
    assert Complaint.objects.count() == 0
    Order.objects.filter(pk=order.pk).update(status=Order.Status.COMPLETED)
    data = {"reason": "damaged", "request": "refund_full", "description": "Retak"}
    late = client.post(f"/orders/{order.number}/complaint/new/", data)
    assert late.status_code == 409
    assert gettext("This order is completed: problems are reported before completion.") in late.content.decode()
    assert Complaint.objects.count() == 0


def test_artisan_answers_from_the_complaint_page_linked_from_the_studio_order():
    made = complaint()
    client = _login(made.artisan.user)
    studio = client.get(f"/studio/orders/{made.order.number}/")
    assert f"/complaints/{made.pk}/" in studio.content.decode()
    answered = client.post(
        f"/complaints/{made.pk}/", {"action_kind": "answer", "action": "dispute", "message": "Dikirim utuh"}
    )
    assert answered.status_code == 302
    made.refresh_from_db()
    assert made.status == Complaint.Status.DISPUTED


def test_moderators_read_the_order_conversation_only_once_a_complaint_exists():
    order = delivered_order()
    thread, _ = thread_start(by=order.buyer, order=order)
    moderator = regional(provinces=(YOGYA,))
    assert not moderator_may_read(user=moderator, thread=thread)
    complaint(order=order)
    thread = Thread.objects.get(pk=thread.pk)
    assert moderator_may_read(user=moderator, thread=thread)
    assert not moderator_may_read(user=regional(provinces=(BALI,), email="bali@dekranasda.id"), thread=thread)


def _escalated() -> Complaint:
    made = complaint(photos=[photo()])
    _login(made.artisan.user).post(
        f"/complaints/{made.pk}/", {"action_kind": "answer", "action": "dispute", "message": "Tidak"}
    )
    _login(made.buyer).post(f"/complaints/{made.pk}/", {"action_kind": "escalate", "reason": "Tolong"})
    made.refresh_from_db()
    assert made.status == Complaint.Status.ESCALATED
    return made


def test_the_admin_queue_is_scoped_by_province_and_the_decision_needs_a_reason():
    made = _escalated()
    yogya = _login(regional(provinces=(YOGYA,)))
    queue = yogya.get("/admin/complaints/complaint/")
    assert queue.status_code == 200 and made.order.number in queue.content.decode()
    page = yogya.get(f"/admin/complaints/complaint/{made.pk}/change/")
    assert page.status_code == 200
    evidence = made.evidence.get()
    assert yogya.get(f"/complaints/{made.pk}/evidence/{evidence.pk}/").status_code == 200

    bali = _login(regional(provinces=(BALI,), email="bali@dekranasda.id"))
    assert made.order.number not in bali.get("/admin/complaints/complaint/").content.decode()
    assert bali.get(f"/admin/complaints/complaint/{made.pk}/change/").status_code == 404
    assert bali.get(f"/complaints/{made.pk}/evidence/{evidence.pk}/").status_code == 404

    url = f"/admin/complaints/complaint/{made.pk}/moderate/"
    asked = yogya.post(url, {"action": "decide"})
    assert asked.status_code == 200 and gettext("Outcome") in asked.content.decode()
    yogya.post(url, {"action": "decide", "apply": "1", "outcome": "refund_partial", "amount": "15000", "reason": ""})
    made.refresh_from_db()
    assert made.status == Complaint.Status.ESCALATED
    yogya.post(
        url, {"action": "decide", "apply": "1", "outcome": "refund_partial", "amount": "15000", "reason": "Retak"}
    )
    made.refresh_from_db()
    assert made.status == Complaint.Status.DECIDED and made.outcome_amount == 15_000

    # The buyer appeals; a regional moderator cannot decide it, a national one can.
    _login(made.buyer).post(f"/complaints/{made.pk}/", {"action_kind": "appeal", "reason": "Kurang"})
    yogya.post(url, {"action": "decide", "apply": "1", "outcome": "refund_full", "reason": "Naik banding"})
    made.refresh_from_db()
    assert made.status == Complaint.Status.APPEALED
    _login(national()).post(url, {"action": "decide", "apply": "1", "outcome": "refund_full", "reason": "Penuh"})
    made.refresh_from_db()
    assert made.status == Complaint.Status.RESOLVED and made.refund.amount == made.order.total


def test_the_complaint_page_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    made = complaint(photos=[photo(), photo("b.jpg")])
    client = _login(made.buyer)
    client.get(f"/complaints/{made.pk}/")  # warm the session and the header's caches
    with django_assert_max_num_queries(11):
        page = client.get(f"/complaints/{made.pk}/")
    assert page.status_code == 200


def test_the_order_page_offers_no_confirmation_while_a_complaint_is_open():
    order = delivered_order()
    client = _login(order.buyer)
    received = gettext("I received my order")
    assert received in client.get(f"/orders/{order.number}/").content.decode()

    complaint(order=order)

    page = client.get(f"/orders/{order.number}/").content.decode()
    assert received not in page
    assert f"/orders/{order.number}/complaint/new/" not in page  # one open complaint per order
