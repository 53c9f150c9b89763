"""The moderation dashboard: what waits, median decision times, artisans per province, products per family,
orders and sales per month, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artisans.models import ArtisanStatusChange
from catalog.models import ProductStatusChange
from orders.services.payments import payment_confirm
from tests.factories import UserFactory
from tests.moderation import factories as f
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db


def _decided(artisan, *, submitted_hours_ago: float, decided_hours_ago: float) -> None:
    now = timezone.now()
    ArtisanStatusChange.objects.create(
        artisan=artisan,
        from_status="draft",
        to_status="submitted",
        created_at=now - timedelta(hours=submitted_hours_ago),
    )
    ArtisanStatusChange.objects.create(
        artisan=artisan,
        from_status="submitted",
        to_status="verified",
        created_at=now - timedelta(hours=decided_hours_ago),
    )


def test_dashboard_numbers(client):
    f.submitted_artisan(province=f.YOGYA)
    a, b, c = (f.verified_artisan(province=p) for p in (f.YOGYA, f.BALI, f.BALI))
    _decided(a, submitted_hours_ago=20, decided_hours_ago=10)  # 10 h
    _decided(b, submitted_hours_ago=30, decided_hours_ago=26)  # 4 h
    _decided(c, submitted_hours_ago=24 * 40, decided_hours_ago=24 * 35)  # older than 30 days: not counted
    f.product(status="pending", artisan=a)
    published = f.product(artisan=b)
    now = timezone.now()
    ProductStatusChange.objects.create(
        product=published, from_status="draft", to_status="pending", created_at=now - timedelta(hours=5)
    )
    ProductStatusChange.objects.create(
        product=published, from_status="pending", to_status="published", created_at=now - timedelta(hours=2)
    )
    buyer = UserFactory()
    purchase = checkout(buyer, AddressFactory(user=buyer), (published.variants.get(), 2))
    payment_confirm(purchase=purchase, by=f.national(email="kasir@dekranas.id"))

    client.force_login(f.national())
    dashboard = client.get("/admin/dashboard/").context["dashboard"]
    assert dashboard.waiting == {"artisans": 1, "products": 1, "reports": 0, "certifications": 0, "transfers": 0}
    assert dashboard.median_hours == {"artisans": 7.0, "products": 3.0}
    assert dashboard.decisions == {"artisans": 2, "products": 1}
    assert [(r["province"], r["name"], r["total"], r["verified"]) for r in dashboard.artisans_by_province] == [
        (f.BALI, "Bali", 2, 2),
        (f.YOGYA, "DI Yogyakarta", 2, 1),
    ]
    assert [(r["family"], r["total"], r["published"]) for r in dashboard.products_by_family] == [("Anyaman", 2, 1)]
    order = purchase.orders.get()
    assert [(r["orders"], r["sales"]) for r in dashboard.orders_by_month] == [(1, order.items_total)]


def test_dashboard_query_count_does_not_grow_with_the_data(client):
    client.force_login(f.national())
    f.product(status="pending")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/dashboard/").status_code == 200
    for province in (f.BALI, "ID-JB", "ID-JT"):
        f.product(status="pending", province=province)
        f.submitted_artisan(province=province)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/admin/dashboard/").status_code == 200
    # 16 for the dashboard itself, plus the two-factor and staff-session middleware of the security layer, plus
    # one for the requests-for-quotation line (orders.quotes).
    assert len(large.captured_queries) == len(small.captured_queries) <= 19


def test_the_dashboard_renders_for_a_regional_moderator_without_national_figures(client):
    client.force_login(f.regional())
    response = client.get("/admin/dashboard/")
    assert response.status_code == 200
    assert "transfers" not in response.context["dashboard"].waiting
