"""seed_demo's working state (craftmarket.demo): every moderation queue has work, the demo buyer has an address
and orders in every state, the demo artisan has incoming orders; a second run changes nothing; the summary lists
every demo account with its email and role."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from artisans.models import Artisan, ArtisanStatusChange, Certification, User
from catalog.models import Product, ProductStatusChange, Report
from orders.models import Address, CartLine, Order, OrderStatusChange, Purchase

pytestmark = pytest.mark.django_db

BUYER, ARTISAN, MODERATOR = (
    "pembeli@craftmarket.test",
    "rotan-tegalwangi@craftmarket.test",
    "moderator@craftmarket.test",
)


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", products=42, stdout=out)
    return out.getvalue()


def state_rows() -> list[int]:
    models = (User, Artisan, ArtisanStatusChange, Product, ProductStatusChange, Report, Certification, Address)
    return [m.objects.count() for m in models] + [m.objects.count() for m in (Purchase, Order, OrderStatusChange)]


def test_every_moderation_queue_has_work_waiting():
    seed()
    submitted = Artisan.objects.filter(status=Artisan.Status.SUBMITTED)
    assert sorted(submitted.values_list("slug", flat=True)) == ["gerabah-kasongan-lestari", "tenun-gringsing-tenganan"]
    # submitted through the service: a history row from draft, by the owner
    assert ArtisanStatusChange.objects.filter(artisan__in=submitted, to_status="submitted").count() == 2
    pending = Product.objects.filter(status=Product.Status.PENDING)
    assert pending.count() == 3
    assert all(p.images.exists() for p in pending)
    assert pending.filter(artisan__slug="rotan-tegalwangi").count() == 1
    report = Report.objects.get()
    assert report.status == Report.Status.OPEN and report.product.artisan.slug == "kulit-garut-pusaka"
    certification = Certification.objects.get()
    assert certification.artisan.slug == "rotan-tegalwangi" and certification.checked_at is None
    assert certification.document_type == "application/pdf"


def test_the_buyer_has_an_address_and_orders_in_every_state():
    seed()
    buyer = User.objects.get(email=BUYER)
    assert Address.objects.filter(user=buyer).count() == 1
    purchases = Purchase.objects.filter(buyer=buyer)
    assert sorted(purchases.values_list("status", flat=True)) == sorted(
        [Purchase.Status.AWAITING_PAYMENT, *[Purchase.Status.PAID] * 4]
    )
    orders = Order.objects.filter(purchase__buyer=buyer)
    assert sorted(orders.values_list("status", flat=True)) == sorted(
        ["awaiting_payment", "paid", "shipped", "delivered", "completed"]
    )
    # every order is the demo artisan's: their studio has incoming orders
    assert set(orders.values_list("artisan__slug", flat=True)) == {"rotan-tegalwangi"}
    # the buyer's cart is empty again after the checkouts
    assert not CartLine.objects.filter(cart__user=buyer).exists()


def test_the_demo_pages_show_the_state(client):
    seed()
    client.force_login(User.objects.get(email=ARTISAN))
    studio_orders = client.get(reverse("orders:studio-orders"))
    assert studio_orders.status_code == 200
    for order in Order.objects.filter(artisan__slug="rotan-tegalwangi"):
        assert order.number in studio_orders.content.decode()
    client.force_login(User.objects.get(email=BUYER))
    assert client.get(reverse("orders:checkout")).status_code in (200, 302)  # no "add an address" dead end
    assert "Jl. Cikini Raya" in client.get(reverse("account")).content.decode()


def test_a_second_run_changes_nothing():
    seed()
    before = state_rows()
    sent = len(mail.outbox)
    summary = seed()
    assert state_rows() == before
    assert len(mail.outbox) == sent
    assert "0 artisans and 0 products waiting for review" in summary


def test_the_summary_lists_each_account_with_its_email_and_role():
    summary = seed()
    lines = {line.split()[-1]: line for line in summary.splitlines() if "@craftmarket.test" in line}
    assert set(lines) == {BUYER, ARTISAN, MODERATOR}
    assert lines[BUYER].strip().startswith("buyer")
    assert lines[ARTISAN].strip().startswith("artisan")
    assert lines[MODERATOR].strip().startswith("Dekranas moderator")
    assert "password craftmarket-demo" in summary
    for email in (BUYER, ARTISAN, MODERATOR):
        assert User.objects.get(email=email).check_password("craftmarket-demo")
