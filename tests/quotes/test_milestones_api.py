"""The milestone endpoints: each step in order, out of order a 409, the wrong party a 403, anyone else a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orders.models import Order, Purchase
from orders.quotes import services
from orders.quotes.models import QuoteOrder
from orders.services.payments import payment_confirm
from tests.factories import UserFactory
from tests.orders.reviews.factories import photo

from .factories import buyer, quote, weaver
from .test_api import client_for

pytestmark = pytest.mark.django_db


def _pay(order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    payment_confirm(purchase=Purchase.objects.get(pk=order.purchase_id), by=UserFactory(is_staff=True))


def test_production_milestones_through_the_api(django_capture_on_commit_callbacks):
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    made = QuoteOrder.objects.get()
    buyer_api, maker_api = client_for(sent.rfq.buyer), client_for(sent.artisan.user)
    url = lambda name: reverse(name, args=[made.pk])  # noqa: E731
    assert buyer_api.get(url("api-quote-order")).json()["deposit_amount"] == 7_800_000
    assert maker_api.post(url("api-production-start")).status_code == 409  # deposit unpaid
    assert buyer_api.post(url("api-production-start")).status_code == 403  # the buyer cannot
    stranger, other_maker = client_for(buyer()), client_for(weaver().user)
    for api in (stranger, other_maker):
        assert api.get(url("api-quote-order")).status_code == 404
        assert api.post(url("api-production-start")).status_code == 404
        assert api.post(url("api-quote-order-cancel"), {"reason": "x"}, format="json").status_code == 404
    _pay(made.first_order_id)
    assert maker_api.post(url("api-production-start")).json()["status"] == "in_production"
    assert buyer_api.post(url("api-goods-approve")).status_code == 409  # not marked ready
    assert maker_api.post(url("api-goods-ready"), {}, format="multipart").status_code == 400  # no photo
    with django_capture_on_commit_callbacks(execute=True):  # the rendition task (eager in tests)
        ready = maker_api.post(url("api-goods-ready"), {"photos": [photo()]}, format="multipart")
    assert ready.status_code == 200 and len(ready.json()["photos"]) == 1
    photo_url = ready.json()["photos"][0]
    from django.test import Client

    for user, expected in ((sent.rfq.buyer, 200), (buyer(), 404)):
        web = Client()
        web.force_login(user)
        assert web.get(photo_url).status_code == expected
    assert buyer_api.post(url("api-goods-reject"), {"reason": ""}, format="json").status_code == 400
    approved = buyer_api.post(url("api-goods-approve"))
    assert approved.status_code == 200 and approved.json()["status"] == "balance_due"
    assert maker_api.post(url("api-balance-paid")).status_code == 409
    _pay(QuoteOrder.objects.get().balance_order_id)
    assert maker_api.post(url("api-balance-paid")).json()["status"] == "ready_to_ship"


def test_sample_then_production_through_the_api():
    weaver()
    sent = quote()
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    sample = QuoteOrder.objects.get()
    buyer_api = client_for(sent.rfq.buyer)
    assert buyer_api.post(reverse("api-sample-approve", args=[sample.pk])).status_code == 409  # not delivered
    assert buyer_api.post(reverse("api-quote-production", args=[sent.public_id])).status_code == 409
    assert QuoteOrder.objects.count() == 1
