"""Moderators read RFQs, quotes and quote orders (with history) only for their provinces; the dashboard line."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orders.quotes import services
from orders.quotes.models import QuoteOrder
from orders.quotes.selectors import rfq_dashboard
from tests.moderation.factories import national, regional

from .factories import quote, weaver

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted():
    weaver(province="ID-JI")
    sent = quote(sample_included=False, sample_lead_days=None)
    services.quote_accept(quote=sent, by=sent.rfq.buyer)
    return sent


def test_regional_moderators_see_only_their_provinces_and_pages_are_read_only(client, accepted):
    made = QuoteOrder.objects.get()
    pages = [
        reverse("admin:quotes_rfq_change", args=[accepted.rfq_id]),
        reverse("admin:quotes_quote_change", args=[accepted.pk]),
        reverse("admin:quotes_quoteorder_change", args=[made.pk]),
    ]
    client.force_login(regional(provinces=["ID-JI"], email="jatim@dekranasda.id"))
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        assert b'name="_save"' not in page.content
    assert accepted.rfq.title in client.get(reverse("admin:quotes_rfq_changelist")).content.decode()
    client.force_login(regional(provinces=["ID-BA"], email="bali@dekranasda.id"))
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert accepted.rfq.title not in client.get(reverse("admin:quotes_rfq_changelist")).content.decode()
    assert client.post(pages[0], {"title": "x"}).status_code in (403, 404)


def test_dashboard_line(client, accepted):
    months = rfq_dashboard(user=national())
    assert len(months) == 1
    row = months[0]
    assert (row["rfqs"], row["response_rate"], row["conversion"]) == (1, 100, 100)
    assert row["median_hours"] is not None
    assert rfq_dashboard(user=regional(provinces=["ID-BA"], email="b@dekranasda.id")) == []
    client.force_login(national(email="n2@dekranas.id"))
    page = client.get(reverse("moderation-dashboard"))
    assert page.status_code == 200
    assert "100 %" in page.content.decode()
