"""The conversations API: list, read (marks read), post (multipart with attachments), start, report, unread
count; every refusal is a JSON 400/401/404/409 with field messages and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from orders.conversations.models import Attachment, Message, Report, Thread
from tests.catalog.factories import published
from tests.conversations.factories import jpg, order_thread, pdf, product_thread
from tests.factories import ArtisanFactory, UserFactory

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _state():
    return Thread.objects.count(), Message.objects.count(), Attachment.objects.count(), Report.objects.count()


def test_start_about_a_product_then_the_same_thread_again():
    product = published()
    buyer = UserFactory()
    first = api(buyer).post(reverse("api-threads"), {"product": product.slug, "body": "Ready stock?"}, format="json")
    assert first.status_code == 201
    assert first.json()["subject"] == {"kind": "product", "product": product.slug, "order": None, "label": product.name}
    again = api(buyer).post(reverse("api-threads"), {"product": product.slug, "body": "Halo lagi"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert [m["body"] for m in again.json()["messages"]] == ["Ready stock?", "Halo lagi"]


def test_start_about_an_order_with_attachments():
    _thread, buyer, order = order_thread()
    Thread.objects.all().delete()
    response = api(buyer).post(
        reverse("api-threads"),
        {"order": order.number, "body": "Foto paket", "attachments": [jpg(), pdf()]},
        format="multipart",
    )
    assert response.status_code == 201
    files = response.json()["messages"][0]["attachments"]
    assert [f["kind"] for f in files] == ["image", "document"]


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"body": "Halo"}, "product", 400),
        ({"product": "tidak-ada", "body": "Halo"}, "product", 404),
        ({"order": "CM-0000-XXXXXX", "body": "Halo"}, "order", 404),
        ({"product": "__own__", "body": "Halo"}, "detail", 400),
        ({"product": "__public__", "body": ""}, "body", 400),
    ],
    ids=["no-subject", "unknown-product", "someone-elses-order", "own-product", "empty"],
)
def test_start_refusals(data, field, code):
    product = published()
    data = {**data}
    if data.get("product") == "__own__":
        user = product.artisan.user
        data["product"] = product.slug
    else:
        user = UserFactory()
        if data.get("product") == "__public__":
            data["product"] = product.slug
    before = _state()
    response = api(user).post(reverse("api-threads"), data, format="json")
    assert response.status_code == code
    assert field in response.json()
    assert _state() == before


def test_list_read_and_unread_count():
    thread, buyer, product = product_thread()
    artisan = product.artisan.user
    assert api(artisan).get(reverse("api-messages-unread")).json() == {"unread": 1}
    listing = api(artisan).get(reverse("api-threads"), {"as": "artisan"}).json()
    assert listing["count"] == 1 and listing["results"][0]["unread"] == 1
    assert api(artisan).get(reverse("api-threads"), {"as": "buyer"}).json()["count"] == 0
    read = api(artisan).get(reverse("api-thread", kwargs={"thread_id": thread.public_id}))
    assert read.status_code == 200 and read.json()["role"] == "artisan"
    assert api(artisan).get(reverse("api-messages-unread")).json() == {"unread": 0}
    mine = api(buyer).get(reverse("api-thread", kwargs={"thread_id": thread.public_id})).json()
    assert mine["messages"][0]["read_by_other"] is True


def test_post_a_message_multipart():
    thread, buyer, _product = product_thread()
    url = reverse("api-thread-messages", kwargs={"thread_id": thread.public_id})
    response = api(buyer).post(url, {"body": "Ini fotonya", "attachments": [jpg()]}, format="multipart")
    assert response.status_code == 201
    assert response.json()["body"] == "Ini fotonya" and len(response.json()["attachments"]) == 1


@pytest.mark.parametrize(
    ("files", "body"),
    [([jpg(f"{i}.jpg") for i in range(6)], "Enam"), ([], ""), ([pdf("x.txt")], "")],
    ids=["sixth-attachment", "empty", "ok-pdf-named-txt"],
)
def test_post_refusals_change_nothing(files, body):
    thread, buyer, _product = product_thread()
    url = reverse("api-thread-messages", kwargs={"thread_id": thread.public_id})
    before = _state()
    response = api(buyer).post(url, {"body": body, "attachments": files}, format="multipart")
    if files and files[0].name == "x.txt":  # the bytes decide, not the name: a real PDF is accepted
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert set(response.json()) & {"body", "attachments"}
    assert _state() == before


def test_strangers_get_404_and_anonymous_is_refused():
    thread, _buyer, _product = product_thread()
    before = _state()
    for user in (UserFactory(), ArtisanFactory().user):
        assert api(user).get(reverse("api-thread", kwargs={"thread_id": thread.public_id})).status_code == 404
        url = reverse("api-thread-messages", kwargs={"thread_id": thread.public_id})
        assert api(user).post(url, {"body": "Halo"}, format="json").status_code == 404
    assert api().get(reverse("api-threads")).status_code in (401, 403)
    assert api().get(reverse("api-messages-unread")).status_code in (401, 403)
    assert api(UserFactory()).get(reverse("api-thread", kwargs={"thread_id": "not-a-uuid"})).status_code == 404
    assert _state() == before


def test_report_once():
    thread, buyer, _product = product_thread()
    url = reverse("api-thread-report", kwargs={"thread_id": thread.public_id})
    assert api(buyer).post(url, {"reason": "nonsense"}, format="json").status_code == 400
    assert api(buyer).post(url, {"reason": "spam"}, format="json").status_code == 201
    assert api(buyer).post(url, {"reason": "spam"}, format="json").status_code == 409
    assert Report.objects.count() == 1


def test_the_list_runs_a_constant_number_of_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread, buyer, product = product_thread()
    client = api(buyer)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("api-threads"))
    for _i in range(4):
        product_thread(buyer=buyer, product=published(owner=product.artisan))
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("api-threads"))
    assert len(small) == len(large)
