"""The RFQ and quote API: every step, the errors as JSON with field messages, and who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from orders.quotes.models import RFQ, Quote, QuoteRevision
from tests.factories import UserFactory

from .factories import basket_category, buyer, in_days, quote, rfq, weaver

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


RFQ_BODY = {
    "title": "Water-hyacinth baskets",
    "quantity": 300,
    "destination_country": "NL",
    "destination_place": "Rotterdam",
    "incoterm": "FOB",
    "incoterm_place": "Surabaya",
    "category": "eceng-gondok",
    "sample_wanted": True,
    "target_unit_price": "3.50",
    "target_currency": "EUR",
}

QUOTE_BODY = {
    "quantity": 300,
    "ladder": [{"min_quantity": 100, "unit_price": 60000}, {"min_quantity": 300, "unit_price": 52000}],
    "production_lead_days": 45,
    "incoterm": "FOB",
    "incoterm_place": "Surabaya",
    "sample_included": True,
    "sample_price": 350000,
    "sample_lead_days": 10,
}


def test_the_whole_round_through_the_api():
    maker = weaver()
    basket_category()
    importer = buyer()
    body = {**RFQ_BODY, "closes_on": str(in_days(10))}
    created = client_for(importer).post(reverse("api-rfqs"), body, format="json")
    assert created.status_code == 201, created.json()
    rfq_id = created.json()["id"]
    assert created.json()["mode"] == "open"
    artisan_api = client_for(maker.user)
    incoming = artisan_api.get(reverse("api-studio-rfqs")).json()
    assert [r["id"] for r in incoming] == [rfq_id]
    assert "buyer" not in incoming[0] and "company_name" not in str(incoming[0])
    sent = artisan_api.post(reverse("api-rfq-quotes", args=[rfq_id]), {**QUOTE_BODY, "send": True}, format="json")
    assert sent.status_code == 201, sent.json()
    quote_id = sent.json()["id"]
    assert sent.json()["status"] == "sent"
    assert sent.json()["revisions"][0]["unit_price"] == 52000
    buyer_api = client_for(importer)
    countered = buyer_api.post(reverse("api-quote-counter", args=[quote_id]), {"unit_price": 50000}, format="json")
    assert countered.status_code == 200 and countered.json()["status"] == "countered"
    early = buyer_api.post(reverse("api-quote-accept", args=[quote_id]), {}, format="json")
    assert early.status_code == 409
    revised = artisan_api.post(
        reverse("api-quote-revise", args=[quote_id]),
        {**QUOTE_BODY, "ladder": [{"min_quantity": 1, "unit_price": 51000}]},
        format="json",
    )
    assert revised.status_code == 200 and revised.json()["revision"] == 3
    listed = buyer_api.get(reverse("api-rfqs")).json()
    assert [len(q["revisions"]) for q in listed[0]["quotes"]] == [3]
    accepted = buyer_api.post(reverse("api-quote-accept", args=[quote_id]), {"revision": 3}, format="json")
    assert accepted.status_code == 200 and accepted.json()["accepted_revision"] == 3
    again = buyer_api.post(reverse("api-quote-accept", args=[quote_id]), {"revision": 3}, format="json")
    assert again.status_code == 200
    assert RFQ.objects.get().status == "awarded"


def test_bad_rfq_is_a_400_with_field_messages_and_writes_nothing():
    weaver()
    basket_category()
    api = client_for(buyer())
    response = api.post(reverse("api-rfqs"), {**RFQ_BODY, "quantity": None, "closes_on": "2020-01-01"}, format="json")
    assert response.status_code == 400
    assert "quantity" in response.json()
    past = api.post(reverse("api-rfqs"), {**RFQ_BODY, "closes_on": "2020-01-01"}, format="json")
    assert past.status_code == 400 and "closes_on" in past.json()
    no_destination = {k: v for k, v in RFQ_BODY.items() if k != "destination_country"}
    assert (
        api.post(reverse("api-rfqs"), {**no_destination, "closes_on": str(in_days(5))}, format="json").status_code
        == 400
    )
    assert not RFQ.objects.exists()


def test_without_a_business_profile_the_answer_is_403():
    weaver()
    basket_category()
    response = client_for(UserFactory()).post(
        reverse("api-rfqs"), {**RFQ_BODY, "closes_on": str(in_days(5))}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "business_required"


def test_bad_quote_is_a_400_with_the_ladder_message():
    maker = weaver()
    request = rfq()
    response = client_for(maker.user).post(
        reverse("api-rfq-quotes", args=[request.public_id]),
        {**QUOTE_BODY, "ladder": [{"min_quantity": 300, "unit_price": 1}, {"min_quantity": 100, "unit_price": 2}]},
        format="json",
    )
    assert response.status_code == 400 and "ladder" in response.json()
    negative = client_for(maker.user).post(
        reverse("api-rfq-quotes", args=[request.public_id]),
        {**QUOTE_BODY, "ladder": [{"min_quantity": 1, "unit_price": -1}]},
        format="json",
    )
    assert negative.status_code == 400
    assert not Quote.objects.exists() and not QuoteRevision.objects.exists()


def test_access_rules_on_every_endpoint():
    maker = weaver()
    other_maker = weaver(business_name="Bukan Penerima")
    request = rfq(artisan=maker)
    sent = quote(request=request, artisan=maker)
    owner = request.buyer
    stranger = buyer()
    r, q = str(request.public_id), str(sent.public_id)
    # another buyer: nothing exists
    api = client_for(stranger)
    assert api.get(reverse("api-rfq", args=[r])).status_code == 404
    assert api.get(reverse("api-quote", args=[q])).status_code == 404
    for name in ("api-quote-accept", "api-quote-counter", "api-quote-decline"):
        assert api.post(reverse(name, args=[q]), {"reason": "x", "unit_price": 1}, format="json").status_code == 404
    assert api.post(reverse("api-rfq-close", args=[r]), {}, format="json").status_code == 404
    assert api.get(reverse("api-rfqs")).json() == []
    # an artisan the RFQ was not sent to
    api = client_for(other_maker.user)
    assert api.get(reverse("api-rfq", args=[r])).status_code == 404
    assert api.get(reverse("api-quote", args=[q])).status_code == 404
    assert api.post(reverse("api-rfq-quotes", args=[r]), QUOTE_BODY, format="json").status_code == 404
    for name in ("api-quote-send", "api-quote-revise", "api-quote-withdraw"):
        assert api.post(reverse(name, args=[q]), QUOTE_BODY, format="json").status_code == 404
    assert api.get(reverse("api-studio-rfqs")).json() == []
    # the artisan cannot answer as the buyer, nor the buyer as the artisan
    assert client_for(maker.user).post(reverse("api-quote-accept", args=[q]), {}, format="json").status_code == 404
    assert client_for(owner).post(reverse("api-quote-withdraw", args=[q]), {}, format="json").status_code == 404
    # a regional moderator of another province cannot invite
    from tests.moderation.factories import regional

    assert (
        client_for(regional(provinces=["ID-PA"]))
        .post(reverse("api-rfq-invite", args=[r]), {"artisan": other_maker.slug}, format="json")
        .status_code
        == 403
    )
    # anonymous
    assert APIClient().get(reverse("api-rfq", args=[r])).status_code in (401, 403)
    # the owners see it
    assert client_for(owner).get(reverse("api-rfq", args=[r])).status_code == 200
    assert client_for(maker.user).get(reverse("api-quote", args=[q])).status_code == 200
    assert sent.status == "sent"


def test_a_draft_is_invisible_to_the_buyer():
    maker = weaver()
    draft = quote(send=False, artisan=maker, request=rfq(artisan=maker))
    assert client_for(draft.rfq.buyer).get(reverse("api-quote", args=[draft.public_id])).status_code == 404


def test_list_query_budget(django_assert_max_num_queries):
    weaver()
    weaver()
    request = rfq()
    for recipient in request.recipients.all():
        quote(request=request, artisan=recipient.artisan)
    api = client_for(request.buyer)
    with django_assert_max_num_queries(12):
        assert len(api.get(reverse("api-rfqs")).json()[0]["quotes"]) == 2
