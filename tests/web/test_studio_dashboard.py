"""The studio dashboard: products by status, open orders, this month's sales, the verification step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from orders.models import Order
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout
from tests.web.checks import problems, soup_of

pytestmark = pytest.mark.django_db


def place_order(artisan, *, status: str, paid_at, items_total: int) -> Order:
    buyer = UserFactory()
    variant = VariantFactory(product=ProductFactory(artisan=artisan), stock=50)
    order = checkout(buyer, AddressFactory(user=buyer), (variant, 1)).orders.get()
    Order.objects.filter(pk=order.pk).update(status=status, paid_at=paid_at, items_total=items_total)
    return order


@pytest.fixture
def shop():
    artisan = ArtisanFactory(business_name="Rotan Tegalwangi")
    ProductFactory(artisan=artisan, status=Product.Status.DRAFT)
    ProductFactory(artisan=artisan, status=Product.Status.PENDING)
    now = timezone.now()
    place_order(artisan, status=Order.Status.PAID, paid_at=now, items_total=1_250_000)
    place_order(artisan, status=Order.Status.PROCESSING, paid_at=now, items_total=500_000)
    place_order(artisan, status=Order.Status.CANCELLED, paid_at=now, items_total=9_000_000)
    place_order(artisan, status=Order.Status.COMPLETED, paid_at=now - timedelta(days=40), items_total=7_000_000)
    return artisan


def stats(soup) -> dict[str, str]:
    return {s.select_one(".muted").get_text(strip=True): s.select_one("strong").get_text(strip=True)
            for s in soup.select(".stat")}  # fmt: skip


def test_dashboard_shows_open_orders_sales_this_month_and_products_by_status(client, shop):
    client.cookies["django_language"] = "en"
    client.force_login(shop.user)
    response = client.get(reverse("studio:dashboard"))
    assert response.status_code == 200
    soup = soup_of(response)
    numbers = stats(soup)
    assert numbers["Orders to handle"] == "2"
    assert [v for k, v in numbers.items() if k.startswith("Sales in")] == ["Rp 1.750.000"]
    # the orders placed by the fixture add four published products to the two of the fixture
    assert numbers["Products"] == str(Product.objects.filter(artisan=shop).count())
    counts = [li.get_text(" ", strip=True) for li in soup.select(".status-counts li")]
    assert "Draft 1" in counts and "Pending review 1" in counts
    assert len(soup.select("#dashboard-orders ~ * tbody tr, .table-wrap tbody tr")) == 2
    assert soup.select_one(".studio-nav [aria-current=page]")["href"] == "/studio/"
    assert problems(response.content.decode()) == []


def test_dashboard_keeps_the_verification_card(client):
    artisan = ArtisanFactory(status="draft")
    client.force_login(artisan.user)
    soup = soup_of(client.get(reverse("studio:dashboard")))
    assert "Complete your profile" in soup.get_text() or "Lengkapi" in soup.get_text()


def test_dashboard_sends_a_buyer_to_the_artisan_application(client):
    client.force_login(UserFactory())
    response = client.get(reverse("studio:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("apply")


def test_dashboard_query_count_does_not_grow_with_orders_and_products(client, shop, django_assert_max_num_queries):
    client.force_login(shop.user)
    client.get(reverse("studio:dashboard"))
    for _ in range(3):
        place_order(shop, status=Order.Status.PAID, paid_at=timezone.now(), items_total=100_000)
        ProductFactory(artisan=shop, status=Product.Status.REJECTED)
    with django_assert_max_num_queries(14):  # 12, the header's unread messages, the performance snapshots (1)
        assert client.get(reverse("studio:dashboard")).status_code == 200
