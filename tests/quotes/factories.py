"""RFQs and quotes built through the real services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from orders.quotes import services
from orders.quotes.models import RFQ, Quote
from tests.factories import ArtisanFactory, CategoryFactory, UserFactory
from tests.wholesale.factories import verified_business

LADDER = [services.Rung(100, 60_000), services.Rung(300, 52_000), services.Rung(500, 48_000)]


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def buyer(**kw: Any):
    return verified_business(UserFactory(language="en", **kw))


def basket_category():
    return CategoryFactory(slug="eceng-gondok", name_id="Eceng gondok", name_en="Water hyacinth")


def weaver(*, category=None, province: str = "ID-JI", capacity: int | None = 1000, **kw: Any):
    artisan = ArtisanFactory(province=province, capacity_per_month=capacity, **kw)
    artisan.categories.add(category or basket_category())
    return artisan


def rfq(*, by: Any = None, artisan: Any = None, category: Any = None, **kw: Any) -> RFQ:
    values = {
        "title": "Water-hyacinth baskets, two sizes, our logo",
        "quantity": 300,
        "destination_country": "NL",
        "destination_place": "Rotterdam",
        "incoterm": "FOB",
        "incoterm_place": "Surabaya",
        "closes_on": in_days(10),
        "sample_wanted": True,
        "target_unit_price": "3.50",
        "target_currency": "EUR",
    }
    values.update(kw)
    return services.rfq_create(
        buyer=by or buyer(), artisan=artisan, category=category or (None if artisan else basket_category()), **values
    )


def terms(**kw: Any) -> dict[str, Any]:
    values = {
        "quantity": 300,
        "ladder": list(LADDER),
        "production_lead_days": 45,
        "incoterm": "FOB",
        "incoterm_place": "Tanjung Perak, Surabaya",
        "sample_included": True,
        "sample_price": 350_000,
        "sample_lead_days": 10,
        "deposit_percent": 50,
        "notes": "Ukuran 30 cm dan 40 cm",
    }
    values.update(kw)
    return values


def quote(*, request: RFQ | None = None, artisan: Any = None, send: bool = True, **kw: Any) -> Quote:
    request = request or rfq()
    artisan = artisan or request.recipients.select_related("artisan__user").first().artisan
    drafted = services.quote_draft(rfq=request, by=artisan.user, **terms(**kw))
    if send:
        drafted = services.quote_send(quote=drafted, by=artisan.user)
    return Quote.objects.select_related("rfq__buyer", "artisan__user").get(pk=drafted.pk)
