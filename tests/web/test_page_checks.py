"""Every page of the shared design: html lang, alt text on images, a label on every input, no inline script."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from catalog.models import ProductImage
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.web.checks import problems, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    artisan = ArtisanFactory(business_name="Perak Kotagede", province="ID-YO")
    ready = ProductFactory(artisan=artisan, name="Cincin Perak Filigri", price=1_250_000)
    ProductImage.objects.create(
        product=ready,
        original="originals/a.jpg",
        is_primary=True,
        status=ProductImage.Status.READY,
        alt_text="Cincin perak filigri di atas kain",
        renditions=[
            {"width": 320, "format": "webp", "url": "/media/r/a-320.webp"},
            {"width": 640, "format": "webp", "url": "/media/r/a-640.webp"},
            {"width": 640, "format": "jpeg", "url": "/media/r/a-640.jpg"},
        ],
    )
    pending = ProductFactory(artisan=artisan, name="Kalung Perak")
    ProductImage.objects.create(product=pending, original="originals/b.jpg", is_primary=True)
    ProductFactory(artisan=artisan, name="Bros Perak")  # no image at all


@pytest.mark.parametrize("language", ["id", "en"])
def test_home_page_passes_the_page_checks(client, catalogue, language):
    client.cookies["django_language"] = language
    response = client.get("/")
    assert response.status_code == 200
    assert problems(response.content.decode()) == []
    assert soup_of(response).html["lang"] == language


def test_login_page_passes_the_page_checks(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert problems(response.content.decode()) == []


@override_settings(DEBUG=False)
def test_not_found_page_is_designed_and_passes_the_page_checks(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert problems(response.content.decode()) == []
    soup = soup_of(response)
    assert soup.select_one(".site-header .brand") is not None
    assert soup.select_one(".error-page h1") is not None


@pytest.mark.parametrize(
    ("handler", "status", "css"),
    [
        ("craftmarket.views.server_error", 500, ".error-page"),
        ("craftmarket.views.bad_request", 400, ".error-page"),
        ("craftmarket.views.permission_denied", 403, ".error-page"),
    ],
)
def test_error_pages_are_designed_and_pass_the_page_checks(rf, handler, status, css):
    from django.contrib.auth.models import AnonymousUser
    from django.utils.module_loading import import_string

    request = rf.get("/x/")
    request.user = AnonymousUser()
    view = import_string(handler)
    response = view(request) if status == 500 else view(request, exception=None)
    assert response.status_code == status
    assert problems(response.content.decode()) == []
    assert soup_of(response).select_one(css) is not None


def test_server_error_page_falls_back_to_plain_html_when_the_layout_cannot_render(rf, monkeypatch):
    from craftmarket import views

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(views, "render", broken)
    response = views.server_error(rf.get("/x/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_api_errors_stay_json(client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_product_cards_show_renditions_placeholders_and_maker(client, catalogue):
    soup = soup_of(client.get("/"))
    cards = {card.select_one(".product-card-title").get_text(strip=True): card for card in soup.select(".product-card")}
    assert set(cards) == {"Cincin Perak Filigri", "Kalung Perak", "Bros Perak"}

    ring = cards["Cincin Perak Filigri"]
    img = ring.select_one("img")
    assert img["src"] == "/media/r/a-640.webp"
    assert img["srcset"] == "/media/r/a-320.webp 320w, /media/r/a-640.webp 640w"
    assert img["alt"] == "Cincin perak filigri di atas kain"
    assert ring.select_one(".product-card-price").get_text(strip=True) == "Rp 1.250.000"
    assert "Perak Kotagede" in ring.select_one(".product-card-maker").get_text()
    assert "DI Yogyakarta" in ring.select_one(".product-card-maker").get_text()

    assert cards["Kalung Perak"].select_one(".img-placeholder")["aria-label"] != ""
    assert cards["Kalung Perak"].select_one("img") is None
    assert cards["Bros Perak"].select_one(".img-placeholder") is not None


def test_home_page_shows_only_public_products_and_artisans(client):
    hidden_artisan = ArtisanFactory(business_name="Belum Terverifikasi", status="submitted")
    ProductFactory(artisan=hidden_artisan, name="Produk Tersembunyi")
    ProductFactory(name="Draf Saja", status="draft")
    ProductFactory(name="Tas Rotan Terbit")
    html = client.get("/").content.decode()
    assert "Tas Rotan Terbit" in html
    assert "Produk Tersembunyi" not in html
    assert "Draf Saja" not in html
    assert "Belum Terverifikasi" not in html


def test_header_shows_studio_link_to_artisans_and_log_out_to_signed_in_users(client):
    artisan = ArtisanFactory()
    client.force_login(artisan.user)
    soup = soup_of(client.get("/"))
    actions = soup.select_one(".header-actions").get_text(" ", strip=True)
    assert "Studio" in actions
    assert soup.select_one(f".header-actions form[action='{reverse('logout')}']") is not None
    assert soup.select_one(f".header-actions a[href='{reverse('login')}']") is None


def test_header_for_a_buyer_has_no_studio_link(client):
    client.force_login(UserFactory())
    client.cookies["django_language"] = "en"
    actions = soup_of(client.get("/")).select_one(".header-actions").get_text(" ", strip=True)
    assert "Studio" not in actions


def test_language_switch_form_posts_to_set_language_with_the_current_page(client):
    soup = soup_of(client.get("/accounts/login/?next=/x/"))
    form = soup.select_one("form.lang-switch")
    assert form["action"] == reverse("set_language")
    assert form.select_one("input[name=next]")["value"] == "/accounts/login/?next=/x/"
    assert {o["value"] for o in form.select("select[name=language] option")} == {"id", "en"}


def test_set_language_remembers_the_choice_in_a_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 3600
    assert soup_of(client.get("/")).html["lang"] == "en"


def test_category_nav_marks_the_current_family(client, settings):
    from craftmarket.common.templatetags.ui import category_url

    response = client.get(category_url("anyaman"))  # no category page yet: the 404 page has the same header
    current = soup_of(response).select(".category-nav a[aria-current=page]")
    assert [a["href"] for a in current] == [category_url("anyaman")]
