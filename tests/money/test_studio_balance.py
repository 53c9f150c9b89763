"""The studio's balance pages: balances, statement with filters and CSV/XLSX export, the earnings chart, payouts and
the payout bank account (password again, a mail, the number's shape per bank)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from craftmarket.common.models import Notification
from orders.money.models import BankAccount, Payout
from orders.money.services.payouts import payout_record_sent, payout_run
from orders.services.payments import payment_confirm
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.money.helpers import bank_account, complete
from tests.orders.factories import AddressFactory, checkout
from tests.web.checks import problems

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-perajin-1"


@pytest.fixture
def artisan():
    artisan = ArtisanFactory()
    artisan.user.set_password(PASSWORD)
    artisan.user.save()
    return artisan


def _sale(artisan, price=150_000):
    buyer = UserFactory()
    variant = VariantFactory(product=ProductFactory(artisan=artisan), price=price, stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    order = purchase.orders.select_related("artisan__user", "buyer").get()
    complete(order)
    return order


def test_the_balance_page_shows_balances_statement_chart_and_payouts(client, artisan, django_assert_max_num_queries):
    order = _sale(artisan)
    bank_account(artisan)
    payout_run(minimum=1)
    payout_record_sent(payout=Payout.objects.get(), by=UserFactory(is_staff=True), reference="BCA-99")
    _sale(artisan, price=90_000)
    client.force_login(artisan.user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("money:studio-balance"))
    assert response.status_code == 200
    html = response.content.decode()
    assert problems(html) == []
    assert order.number in html and "BCA-99" in html and "<svg" in html
    assert response.context["balances"]["paid_out"] == Payout.objects.get().amount
    assert response.context["balances"]["available"] > 0
    # More orders do not add queries (no query per row).
    for _ in range(3):
        _sale(artisan)
    with django_assert_max_num_queries(16):
        client.get(reverse("money:studio-balance"))


def test_the_statement_filters_by_account_and_exports_csv_and_xlsx(client, artisan):
    order = _sale(artisan)
    client.force_login(artisan.user)
    response = client.get(reverse("money:studio-balance"), {"account": "held"})
    assert {e.account.kind for e in response.context["entries"]} == {"held"}
    csv_text = client.get(reverse("money:studio-statement-export", args=["csv"]), {"account": "available"})
    assert csv_text["Content-Type"].startswith("text/csv")
    body = csv_text.content.decode("utf-8-sig").splitlines()
    assert len(body) == 2 and order.number in body[1]
    xlsx = client.get(reverse("money:studio-statement-export", args=["xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert len(rows) == 1 + 3  # the header, then held +, held − and available + (this artisan's only)
    assert client.get(reverse("money:studio-statement-export", args=["pdf"])).status_code == 404


def test_bad_filters_are_refused_at_the_field(client, artisan):
    client.force_login(artisan.user)
    response = client.get(reverse("money:studio-balance"), {"since": "2026-12-05", "until": "2026-12-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["until"]
    response = client.get(reverse("money:studio-balance"), {"since": "kemarin"})
    assert response.context["form"].errors["since"]


def test_a_buyer_has_no_balance_page(client):
    client.force_login(UserFactory())
    assert client.get(reverse("money:studio-balance")).status_code == 404
    assert client.get(reverse("money:studio-bank")).status_code == 404


def test_setting_the_bank_account_needs_the_password_and_mails_the_artisan(
    client, artisan, django_capture_on_commit_callbacks
):
    client.force_login(artisan.user)
    data = {"bank": "bca", "account_number": "123 456 7890", "holder_name": "Siti Aminah", "password": PASSWORD}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("money:studio-bank"), data)
    assert response.status_code == 302
    account = BankAccount.objects.get(artisan=artisan)
    assert (account.bank, account.account_number, account.holder_name) == ("bca", "1234567890", "Siti Aminah")
    assert Notification.objects.filter(recipient=artisan.user, event="bank_account_changed").count() == 1
    assert [m.to for m in mail.outbox] == [[artisan.user.email]]
    page = client.get(reverse("money:studio-balance")).content.decode()
    assert "1234567890" not in page and "7890" in page  # masked


@pytest.mark.parametrize(
    ("bank", "number", "password", "field"),
    [
        ("bca", "12345678901", PASSWORD, "account_number"),  # BCA has 10 digits
        ("mandiri", "1234567890", PASSWORD, "account_number"),  # Mandiri has 13
        ("bri", "12345678901234X", PASSWORD, "account_number"),
        ("bank-antah", "1234567890", PASSWORD, "bank"),
        ("bca", "1234567890", "salah", "password"),
    ],
)
def test_a_refused_bank_account_changes_nothing(client, artisan, bank, number, password, field):
    client.force_login(artisan.user)
    data = {"bank": bank, "account_number": number, "holder_name": "Siti", "password": password}
    response = client.post(reverse("money:studio-bank"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not BankAccount.objects.exists()
    assert not Notification.objects.filter(event="bank_account_changed").exists()


def test_the_bank_page_is_clean(client, artisan):
    client.force_login(artisan.user)
    response = client.get(reverse("money:studio-bank"))
    assert response.status_code == 200 and problems(response.content.decode()) == []
    assert gettext("Your password") in response.content.decode()
