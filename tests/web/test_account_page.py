"""The account page: delivery addresses (list, add, delete), the language preference, the notifications link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orders.models import Address
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory
from tests.web.checks import problems, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(client):
    user = UserFactory(language="id")
    client.force_login(user)
    return user


def test_account_lists_addresses_and_links_to_notifications_and_orders(client, buyer):
    AddressFactory(user=buyer, recipient="Sari Wulandari")
    response = client.get(reverse("account"))
    assert response.status_code == 200
    soup = soup_of(response)
    assert "Sari Wulandari" in soup.select_one(".address-list").get_text()
    hrefs = {a["href"] for a in soup.select(".account-links a")}
    assert {reverse("notifications"), reverse("orders:order-list")} <= hrefs
    assert problems(response.content.decode()) == []


def test_deleting_an_address_from_the_account_comes_back_to_the_account(client, buyer):
    address = AddressFactory(user=buyer)
    response = client.post(reverse("orders:address-delete", args=[address.public_id]), {"next": reverse("account")})
    assert response["Location"] == reverse("account")
    assert not Address.objects.filter(pk=address.pk).exists()


def test_address_delete_ignores_a_foreign_next(client, buyer):
    address = AddressFactory(user=buyer)
    response = client.post(
        reverse("orders:address-delete", args=[address.public_id]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("orders:checkout")


def test_add_address_link_returns_to_the_account(client, buyer):
    soup = soup_of(client.get(reverse("account")))
    link = soup.select_one("a[href^='/addresses/new/']")["href"]
    form = soup_of(client.get(link)).select_one("main form input[name=next]")
    assert form["value"] == reverse("account")


def test_language_preference_is_saved_on_the_user_and_in_the_cookie(client, buyer):
    response = client.post(reverse("account-language"), {"language": "en"})
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.language == "en"
    assert response.cookies["django_language"].value == "en"
    assert soup_of(client.get(reverse("account"))).html["lang"] == "en"


def test_unknown_language_is_refused_and_nothing_changes(client, buyer):
    response = client.post(reverse("account-language"), {"language": "fr"})
    assert response.status_code == 200
    assert soup_of(response).select_one(".field-invalid") is not None
    buyer.refresh_from_db()
    assert buyer.language == "id"
    assert "django_language" not in response.cookies
