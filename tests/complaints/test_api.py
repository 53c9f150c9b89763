"""The complaints API for the parties: open with a photo (multipart), list and read mine, the artisan's answer, the
buyer's reply to an offer, escalation, appeal and withdrawal; bad input is a 400/403/404/409 with field messages
and writes nothing."""

import pytest
from rest_framework.test import APIClient

from orders.complaints.models import Complaint, ComplaintEvidence
from orders.models import Order
from tests.complaints.factories import complaint, delivered_order, photo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_buyer_opens_a_complaint_with_a_photo_and_both_parties_read_it(django_assert_max_num_queries):
    order = delivered_order()
    client = _client(order.buyer)
    made = client.post(
        "/api/v1/complaints/",
        {
            "order": order.number,
            "reason": "damaged",
            "request": "refund_partial",
            "requested_amount": "30000",
            "description": "Anyaman lepas",
            "photos": [photo()],
        },
        format="multipart",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] == "open" and body["requested_amount"] == 30_000 and body["order"] == order.number
    assert len(body["evidence"]) == 1 and body["history"][0]["to_status"] == "open"

    with django_assert_max_num_queries(8):
        listed = _client(order.artisan.user).get("/api/v1/complaints/")
    assert [c["id"] for c in listed.json()["results"]] == [body["id"]]
    assert _client(UserFactory()).get(f"/api/v1/complaints/{body['id']}/").status_code == 404


@pytest.mark.parametrize(
    "data, status, field",
    [
        ({"reason": "bad"}, 400, "reason"),
        ({"request": "refund_partial"}, 400, "requested_amount"),
        ({"request": "refund_partial", "requested_amount": 10**12}, 400, "requested_amount"),
        ({"request": "refund_partial", "requested_amount": 2**63}, 400, "requested_amount"),
        ({"description": ""}, 400, "description"),
        ({"order": "CM-NOPE"}, 404, "order"),
    ],
)
def test_bad_input_is_a_field_message_and_writes_nothing(data, status, field):
    order = delivered_order()
    payload = {"order": order.number, "reason": "damaged", "request": "refund_full", "description": "Rusak", **data}
    response = _client(order.buyer).post("/api/v1/complaints/", payload, format="json")
    assert response.status_code == status, response.json()
    assert field in response.json() or response.json().get("detail")
    assert Complaint.objects.count() == 0


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored():
    order = delivered_order()
    response = _client(order.buyer).post(
        "/api/v1/complaints/",
        {
            "order": order.number,
            "reason": "damaged",
            "request": "refund_full",
            "description": "Rusak",
            "photos": [photo("bukti.pdf", b"%PDF-1.4 nope", "application/pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 400 and "photos" in response.json()
    assert (Complaint.objects.count(), ComplaintEvidence.objects.count()) == (0, 0)


def test_a_complaint_on_a_completed_order_is_a_409_and_on_someone_elses_a_404():
    order = delivered_order()
    Order.objects.filter(pk=order.pk).update(status=Order.Status.COMPLETED)
    payload = {"order": order.number, "reason": "damaged", "request": "refund_full", "description": "Rusak"}
    assert _client(order.buyer).post("/api/v1/complaints/", payload, format="json").status_code == 409
    assert _client(UserFactory()).post("/api/v1/complaints/", payload, format="json").status_code == 404
    assert Complaint.objects.count() == 0


def test_offer_declined_escalated_then_appeal_refused_before_a_decision():
    made = complaint()
    buyer, maker = made.buyer, made.artisan.user
    url = f"/api/v1/complaints/{made.pk}/"
    offered = _client(maker).post(url + "answer/", {"action": "offer", "offer": "replacement"}, format="json")
    assert offered.status_code == 200 and offered.json()["status"] == "offered"
    assert _client(maker).post(url + "answer/", {"action": "accept"}, format="json").status_code == 409
    assert _client(maker).post(url + "accept-offer/", {}, format="json").status_code == 403
    declined = _client(buyer).post(url + "decline-offer/", {"reason": "Mau uang kembali"}, format="json")
    assert declined.json()["status"] == "declined"
    escalated = _client(maker).post(url + "escalate/", {}, format="json")
    assert escalated.json()["status"] == "escalated"
    assert _client(buyer).post(url + "appeal/", {"reason": "x"}, format="json").status_code == 409
    assert _client(buyer).post(url + "withdraw/", {}, format="json").status_code == 409
    made.refresh_from_db()
    assert made.status == "escalated"


def test_the_buyer_accepts_an_offer_through_the_api():
    made = complaint(request="refund_full")
    url = f"/api/v1/complaints/{made.pk}/"
    _client(made.artisan.user).post(url + "answer/", {"action": "offer", "offer": "replacement"}, format="json")
    accepted = _client(made.buyer).post(url + "accept-offer/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["outcome"] == "replacement"
    assert Order.objects.get(pk=made.order_id).status == Order.Status.PROCESSING
