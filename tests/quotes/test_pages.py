"""The buyer's and the studio's RFQ pages: each step through the browser forms, and who may open what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orders.quotes.models import RFQ, Quote, QuoteOrder
from tests.factories import PASSWORD, ProductFactory, UserFactory, VariantFactory
from tests.wholesale.factories import set_ladder

from .factories import buyer, in_days, quote, rfq, weaver

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


RFQ_FORM = {
    "title": "Water-hyacinth baskets",
    "quantity": "300",
    "unit": "pcs",
    "category": "eceng-gondok",
    "destination_country": "NL",
    "destination_place": "Rotterdam",
    "incoterm": "FOB",
    "incoterm_place": "Surabaya",
    "target_unit_price": "3.50",
    "target_currency": "EUR",
    "sample_wanted": "on",
}


def test_new_rfq_page_posts_and_lists_it(client):
    maker = weaver()
    importer = buyer()
    login(client, importer)
    assert client.get(reverse("quotes:rfq-new")).status_code == 200
    response = client.post(reverse("quotes:rfq-new"), {**RFQ_FORM, "closes_on": str(in_days(7))})
    assert response.status_code == 302
    created = RFQ.objects.get()
    assert created.recipients.get().artisan == maker
    listed = client.get(reverse("quotes:rfq-list"))
    assert "Water-hyacinth baskets" in listed.content.decode()


def test_new_rfq_bad_input_shows_field_messages_and_writes_nothing(client):
    weaver()
    login(client, buyer())
    response = client.post(reverse("quotes:rfq-new"), {**RFQ_FORM, "quantity": "", "closes_on": "2020-01-01"})
    assert response.status_code == 400
    assert not RFQ.objects.exists()
    past = client.post(reverse("quotes:rfq-new"), {**RFQ_FORM, "closes_on": "2020-01-01"})
    assert past.status_code == 400
    assert past.context["form"].errors["closes_on"]
    assert not RFQ.objects.exists()


def test_without_business_profile_the_page_offers_to_create_one(client):
    login(client, UserFactory())
    page = client.get(reverse("quotes:rfq-new")).content.decode()
    assert reverse("business:profile") in page
    client.post(reverse("quotes:rfq-new"), {**RFQ_FORM, "closes_on": str(in_days(7))})
    assert not RFQ.objects.exists()


def test_studio_builder_is_prefilled_from_the_product_tiers_and_sends_the_quote(client):
    maker = weaver()
    product = ProductFactory(artisan=maker, price=70_000)
    variant = VariantFactory(product=product, price=70_000, stock=0)
    set_ladder(variant, [(100, 60_000), (300, 52_000)])
    request = rfq(artisan=maker, reference_product=product)
    login(client, maker.user)
    page = client.get(reverse("quotes:studio-rfq", args=[request.public_id]))
    assert page.status_code == 200
    form = page.context["form"]
    assert [form[f"ladder_q_{i}"].value() for i in range(3)] == [1, 100, 300]
    assert [form[f"ladder_p_{i}"].value() for i in range(3)] == [70_000, 60_000, 52_000]
    assert "company_name" not in page.content.decode() and request.business.company_name not in page.content.decode()
    posted = client.post(
        reverse("quotes:studio-rfq", args=[request.public_id]),
        {
            "quantity": "300",
            "ladder_q_0": "100",
            "ladder_p_0": "60000",
            "ladder_q_1": "300",
            "ladder_p_1": "52000",
            "production_lead_days": "45",
            "incoterm": "FOB",
            "incoterm_place": "Surabaya",
            "deposit_percent": "50",
            "send": "1",
        },
    )
    assert posted.status_code == 302, posted.context["form"].errors if posted.context else posted
    assert Quote.objects.get().status == "sent"


def test_quote_page_counter_and_accept(client):
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    login(client, sent.rfq.buyer)
    url = reverse("quotes:quote", args=[sent.public_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "counter", "unit_price": "50000"}).status_code == 302
    assert Quote.objects.get().status == "countered"
    assert client.post(url, {"action": "accept", "revision": "2"}).status_code == 409
    rfq_page = client.get(reverse("quotes:rfq", args=[sent.rfq.public_id])).content.decode()
    assert sent.artisan.business_name in rfq_page


def test_quote_page_accept_makes_the_order(client):
    weaver()
    sent = quote(sample_included=False, sample_lead_days=None)
    login(client, sent.rfq.buyer)
    url = reverse("quotes:quote", args=[sent.public_id])
    assert client.post(url, {"action": "accept", "revision": "1"}).status_code == 302
    assert client.post(url, {"action": "accept", "revision": "1"}).status_code == 302  # twice: one order
    assert QuoteOrder.objects.count() == 1
    assert QuoteOrder.objects.get().first_order.number in client.get(url).content.decode()


def test_pages_are_404_for_everyone_else(client):
    maker = weaver()
    sent = quote(request=rfq(artisan=maker), artisan=maker)
    other_buyer, other_maker = buyer(), weaver(business_name="Lain")
    for user, names in (
        (other_buyer, [("quotes:rfq", sent.rfq.public_id), ("quotes:quote", sent.public_id)]),
        (
            other_maker.user,
            [
                ("quotes:studio-rfq", sent.rfq.public_id),
                ("quotes:studio-quote", sent.public_id),
                ("quotes:rfq", sent.rfq.public_id),
            ],
        ),
        (sent.artisan.user, [("quotes:quote", sent.public_id)]),
        (sent.rfq.buyer, [("quotes:studio-quote", sent.public_id)]),
    ):
        client.force_login(user)
        for name, key in names:
            assert client.get(reverse(name, args=[key])).status_code == 404, (user, name)
            assert client.post(reverse(name, args=[key]), {"action": "accept"}).status_code == 404, (user, name)
    client.logout()
    assert client.get(reverse("quotes:rfq-list")).status_code == 302
    assert sent.status == "sent" and Quote.objects.get().status == "sent"
    assert PASSWORD


def test_list_page_query_budget(client, django_assert_max_num_queries):
    weaver()
    weaver()
    request = rfq()
    for recipient in request.recipients.all():
        quote(request=request, artisan=recipient.artisan)
    login(client, request.buyer)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("quotes:rfq-list")).status_code == 200


def test_one_conversation_per_quote_for_its_two_parties(client):
    from orders.conversations.models import Thread

    maker = weaver()
    sent = quote(request=rfq(artisan=maker), artisan=maker)
    url = reverse("quotes:quote-message", args=[sent.public_id])
    login(client, sent.rfq.buyer)
    first = client.post(url)
    assert first.status_code == 302
    thread = Thread.objects.get()
    assert (thread.kind, thread.quote_id, thread.subject_label) == ("quote", sent.pk, sent.rfq.title)
    assert client.get(first["Location"]).status_code == 200
    login(client, maker.user)
    assert client.post(url)["Location"] == reverse("conversations:studio-thread", args=[thread.public_id])
    login(client, buyer())
    assert client.post(url).status_code == 404
    assert Thread.objects.count() == 1
