"""The Dekranas admin and the journey pages, rendered in Indonesian, show no English UI text: no msgid of the
project's catalogue, of Django's own or of the admin's that has an Indonesian translation, and none of
``checks.ENGLISH_UI_PHRASES`` (Django's "- Select an option -", import-export's "Export", app headings).
The same check on the English admin finds those strings: it can fail."""

from __future__ import annotations

from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.models import Category
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.i18n.conftest import ID_PO
from tests.web.checks import english_ui_texts, untranslated_ui

pytestmark = pytest.mark.django_db

DJANGO = Path(django.__file__).parent
CATALOGUES = (
    ID_PO,
    DJANGO / "conf" / "locale" / "id" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "admin" / "locale" / "id" / "LC_MESSAGES" / "django.po",
)
# The brand and the site title are names, not UI words; the language switch names English in English (lang="en").
ALLOWED = frozenset({"Craftmarket", "Craftmarket · Dekranas", "English"})


@pytest.fixture
def english() -> set[str]:
    return english_ui_texts(*CATALOGUES)


@pytest.fixture
def superuser(client):
    user = UserFactory(email="super@dekranas.id", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.cookies["django_language"] = "id"
    return user


@pytest.fixture
def product():
    family = Category.objects.get(slug="anyaman")
    artisan = ArtisanFactory(province="ID-JB")
    item = ProductFactory(artisan=artisan, category=family.children.first())
    VariantFactory(product=item)
    return item


def admin_pages(product) -> list[str]:
    pages = [reverse("admin:index")]
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    pages += [reverse("admin:app_list", args=[label]) for label in apps]
    pages += [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    pages.append(reverse("admin:catalog_product_change", args=[product.pk]))
    return pages


def test_admin_pages_show_no_english_ui_text_in_indonesian(client, superuser, product, english):
    # The category list shows each category's English name as data (its name_en column).
    names_en = frozenset(Category.objects.values_list("name_en", flat=True))
    found = {}
    for url in admin_pages(product):
        response = client.get(url)
        assert response.status_code == 200, url
        allowed = ALLOWED | names_en if url == reverse("admin:catalog_category_changelist") else ALLOWED
        shown = untranslated_ui(response.content.decode(), english, allowed=allowed)
        if shown:
            found[url] = shown
    assert found == {}


def test_the_check_fails_on_the_english_admin(client, superuser, product, english):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("admin:catalog_product_changelist")).content.decode()
    shown = untranslated_ui(html, english, allowed=ALLOWED)
    assert {"- Select an option -", "Export", "Catalogue", "Action:"} <= set(shown)


def test_journey_pages_show_no_english_ui_text_in_indonesian(client, product, english):
    client.cookies["django_language"] = "id"
    pages = [
        reverse("home"),
        product.category.get_absolute_url(),
        reverse("catalog:search") + "?q=tas&in_stock=on",
        product.get_absolute_url(),
        reverse("login"),
        reverse("signup"),
        reverse("orders:cart"),
    ]
    found = {}
    for url in pages:
        shown = untranslated_ui(client.get(url).content.decode(), english, allowed=ALLOWED)
        if shown:
            found[url] = shown
    assert found == {}
    client.force_login(product.artisan.user)
    for url in (reverse("studio:dashboard"), reverse("catalog:studio-products"), reverse("catalog:studio-create")):
        shown = untranslated_ui(client.get(url).content.decode(), english, allowed=ALLOWED)
        if shown:
            found[url] = shown
    assert found == {}
