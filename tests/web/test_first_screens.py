"""The first screens of issue 14: the cart line's thumbnail and link, the browse filters folded behind a "Filter"
disclosure with removable chips (no script needed), and the footer's links per visitor role."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import ProductImage
from tests.factories import ArtisanFactory, CategoryFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import cart_with
from tests.web.checks import problems, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def woven():
    family = CategoryFactory(slug="anyaman", name_id="Kerajinan Anyaman", name_en="Woven crafts")
    child = CategoryFactory(slug="rotan", name_id="Rotan", name_en="Rattan", parent=family)
    artisan = ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB")
    product = ProductFactory(artisan=artisan, category=child, name="Tas Rotan Bulat", slug="tas-rotan-bulat")
    VariantFactory(product=product, stock=10)
    ProductImage.objects.create(
        product=product,
        original="originals/p.jpg",
        is_primary=True,
        status=ProductImage.Status.READY,
        alt_text="Tas rotan bulat",
        renditions=[{"width": 320, "format": "webp", "url": "/media/r/tas-rotan-bulat-320.webp"}],
    )
    return family, child, product


# ---- cart ---------------------------------------------------------------------------------------------------------


def test_cart_line_shows_the_products_thumbnail_and_links_to_it(client, woven, django_assert_max_num_queries):
    _family, _child, product = woven
    buyer = UserFactory()
    second = ProductFactory(artisan=product.artisan, category=product.category, name="Keranjang Rotan")
    VariantFactory(product=second, stock=5)  # no photo: a placeholder, not a broken image
    cart_with(buyer, (product.variants.first(), 1), (second.variants.first(), 2))
    client.force_login(buyer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("orders:cart"))

    soup = soup_of(response)
    first, other = soup.select(".cart-table tbody tr")
    thumb = first.select_one(".cart-thumb img")
    assert thumb["src"] == "/media/r/tas-rotan-bulat-320.webp"
    assert [a["href"] for a in first.select("a")] == [product.get_absolute_url()] * 2
    assert first.select_one(".cart-item-text a").get_text(strip=True) == str(product.variants.first())
    assert other.select_one(".cart-thumb .img-placeholder") is not None
    assert other.select_one(".cart-item-text a")["href"] == second.get_absolute_url()
    assert problems(response.content.decode()) == []


def test_cart_thumbnails_cost_one_query_whatever_the_number_of_lines(client, woven):
    _family, child, product = woven
    buyer = UserFactory()
    cart = cart_with(buyer, (product.variants.first(), 1))
    client.force_login(buyer)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("orders:cart"))
    for n in range(4):
        extra = ProductFactory(artisan=ArtisanFactory(), category=child)
        VariantFactory(product=extra, stock=5)
        ProductImage.objects.create(product=extra, original=f"o/{n}.jpg", is_primary=True)
        cart_with(buyer, (extra.variants.first(), 1))
    assert cart.lines.count() == 5
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("orders:cart"))
    assert len(five) == len(one)


# ---- browse filters -----------------------------------------------------------------------------------------------


def _chips(response) -> dict[str, str]:
    return {a.get_text(" ", strip=True): a["href"] for a in soup_of(response).select(".filter-chips a.chip")}


def test_filters_fold_behind_a_filter_disclosure_that_needs_no_script(client, woven):
    family, _child, _product = woven
    response = client.get(family.get_absolute_url())
    soup = soup_of(response)
    panel = soup.select_one("aside details.filter-panel")
    assert panel is not None and not panel.has_attr("open")  # folded on first view; app.js opens it on desktop
    assert panel.select_one("summary").get_text(strip=True) == "Saring"
    form = panel.select_one("form.filters")
    assert form["method"] == "get" and form.select_one("button[type=submit]") is not None
    assert soup.select(".filter-chips") == []  # nothing active, no chips
    assert problems(response.content.decode()) == []


def test_checkboxes_sit_beside_their_labels(client, woven):
    family, _child, _product = woven
    soup = soup_of(client.get(family.get_absolute_url()))
    for name in ("in_stock", "made_to_order"):
        box = soup.select_one(f"input[name={name}]")
        assert box.parent.name == "div" and "field-checkbox" in box.parent["class"]
        assert box.find_next_sibling("label")["for"] == box["id"]


def test_active_filters_show_as_chips_that_each_drop_one_filter(client, woven):
    family, _child, _product = woven
    url = family.get_absolute_url() + "?province=ID-JB&in_stock=on&price_min=100000&sort=newest&page=2"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
    chips = _chips(response)
    assert set(chips) == {
        "Hapus filter: Provinsi: Jawa Barat ×",
        "Hapus filter: Stok tersedia ×",
        "Hapus filter: Mulai Rp 100.000 ×",
        "Hapus semua",
    }
    dropped_province = urlsplit(chips["Hapus filter: Provinsi: Jawa Barat ×"])
    assert dropped_province.path == family.get_absolute_url()
    # the other filters and the sort stay, the page goes back to 1
    assert parse_qs(dropped_province.query) == {"in_stock": ["on"], "price_min": ["100000"], "sort": ["newest"]}
    assert chips["Hapus semua"] == family.get_absolute_url()
    # the count on the button says how many filters are on
    assert soup_of(response).select_one("summary .filter-count").get_text(strip=True) == "(3)"

    # following a chip really drops that filter: its page has the two other chips
    after = _chips(client.get(chips["Hapus filter: Stok tersedia ×"]))
    assert set(after) == {"Hapus filter: Provinsi: Jawa Barat ×", "Hapus filter: Mulai Rp 100.000 ×", "Hapus semua"}


def test_search_chips_name_the_query_and_the_category(client, woven):
    _family, child, _product = woven
    response = client.get(reverse("catalog:search") + "?q=tas&category=rotan", HTTP_ACCEPT_LANGUAGE="id")
    chips = _chips(response)
    assert set(chips) == {"Hapus filter: Cari: tas ×", "Hapus filter: Kategori: Rotan ×", "Hapus semua"}
    assert parse_qs(urlsplit(chips["Hapus filter: Cari: tas ×"]).query) == {"category": ["rotan"]}


def test_a_refused_filter_value_is_no_chip_and_opens_the_form(client, woven):
    family, _child, _product = woven
    response = client.get(family.get_absolute_url() + "?price_min=abc&province=ID-JB")
    assert response.status_code == 200
    chips = _chips(response)
    assert len(chips) == 1 and "Jawa Barat" in next(iter(chips))
    assert soup_of(response).select_one("details.filter-panel").has_attr("open")  # the error is visible


def test_subcategory_chips_are_a_plain_list_of_links(client, woven, settings):
    family, child, _product = woven
    soup = soup_of(client.get(family.get_absolute_url()))
    links = soup.select("ul.subcategories > li > a.badge")
    assert child.get_absolute_url() in [a["href"] for a in links]
    # the list is styled as chips, without bullets
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    rule = re.search(r"^[^{}]*\.subcategories[^{}]*\{([^}]*)\}", css, re.M)
    assert rule and "list-style: none" in rule.group(1)


# ---- footer per role ----------------------------------------------------------------------------------------------


def _footer_links(client) -> tuple[str, set[str]]:
    footer = soup_of(client.get(reverse("home"))).select_one("footer.site-footer")
    role = footer.select_one("[data-footer-role]")["data-footer-role"]
    links = {a["href"] for a in footer.select("a")}
    buttons = {b.get_text(strip=True) for b in footer.select("form[action$='logout/'] button")}
    return role, links | {f"button:{b}" for b in buttons}


def test_footer_for_an_anonymous_visitor_offers_sign_up_and_log_in(client):
    role, links = _footer_links(client)
    assert role == "anonymous"
    assert {reverse("signup"), reverse("login")} <= links
    assert reverse("studio:dashboard") not in links and "button:Keluar" not in links


def test_footer_for_a_buyer_offers_opening_a_shop_and_their_account(client):
    client.force_login(UserFactory())
    role, links = _footer_links(client)
    assert role == "buyer"
    assert {reverse("apply"), reverse("account"), reverse("orders:order-list"), "button:Keluar"} <= links
    assert reverse("signup") not in links and reverse("studio:dashboard") not in links


def test_footer_for_an_artisan_links_the_studio_not_open_your_shop(client):
    artisan = ArtisanFactory()
    client.force_login(artisan.user)
    role, links = _footer_links(client)
    assert role == "artisan"
    assert {reverse("studio:dashboard"), reverse("catalog:studio-products"), reverse("orders:studio-orders")} <= links
    assert reverse("signup") not in links and reverse("apply") not in links
    assert "button:Keluar" in links


def test_footer_for_staff_links_the_moderation_tools(client, settings):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Dekranas moderator"))
    client.force_login(staff)
    role, links = _footer_links(client)
    assert role == "staff"
    assert {f"/{settings.ADMIN_URL}", reverse("moderation-dashboard")} <= links
    assert reverse("signup") not in links and reverse("apply") not in links


def test_chip_links_leave_out_the_empty_fields_of_a_submitted_form(client, woven):
    family, _child, _product = woven
    response = client.get(family.get_absolute_url() + "?q=&material=&province=ID-JB&price_min=&price_max=&sort=")
    assert _chips(response) == {"Hapus filter: Provinsi: Jawa Barat ×": family.get_absolute_url()}
