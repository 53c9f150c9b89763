"""Studio product pages: create with several photos, edit, submit, archive, duplicate, quick price/stock edit."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from catalog import selectors, services
from catalog.models import Product
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    artisan = f.artisan(province="ID-NT")
    client.force_login(artisan.user)
    return artisan


def test_create_with_several_photos_then_submit(client, owner):
    response = client.post(
        reverse("catalog:studio-create"),
        {
            "name": "Kain Tenun Ikat",
            "category": f.cat("tenun").pk,
            "description": "Tenun ikat Sumba.",
            "materials": "Katun, pewarna alam",
            "price": "1250000",
            "weight_grams": "450",
            "min_order_quantity": "1",
            "stock": "3",
            "image_alt": "Kain tenun merah",
            "images": [f.upload("a.jpg"), f.upload("b.png", f.png_bytes(), "image/png")],
        },
    )
    product = Product.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("catalog:studio-edit", args=[product.slug])
    assert (product.status, product.province, product.materials) == ("draft", "ID-NT", "katun,pewarna alam")
    assert [(i.position, i.is_primary, i.alt_text) for i in product.images.all()] == [
        (0, True, "Kain tenun merah"),
        (1, False, "Kain tenun merah"),
    ]
    assert client.post(reverse("catalog:studio-submit", args=[product.slug])).status_code == 302
    product.refresh_from_db()
    assert product.status == "pending"


def test_quick_edit_changes_price_and_stock_without_review(client, owner):
    product = f.published(owner=owner)
    variant = product.variants.get()
    response = client.post(
        reverse("catalog:studio-quick-edit", args=[product.slug]),
        {"variant": variant.pk, "price": "199000", "stock": "12"},
    )
    assert response.status_code == 302
    variant.refresh_from_db()
    product.refresh_from_db()
    assert (variant.price, variant.stock, product.price, product.status) == (199_000, 12, 199_000, "published")


def test_quick_edit_refuses_negative_stock(client, owner):
    product = f.published(owner=owner)
    variant = product.variants.get()
    response = client.post(
        reverse("catalog:studio-quick-edit", args=[product.slug]),
        {"variant": variant.pk, "price": "199000", "stock": "-1"},
        follow=True,
    )
    assert gettext("Stock cannot be negative.") in response.content.decode()
    variant.refresh_from_db()
    assert variant.stock == 5


def test_edit_name_of_published_product_sends_it_to_review(client, owner):
    product = f.published(owner=owner)
    data = {
        "name": "Tas Rotan Baru",
        "category": product.category_id,
        "description": product.description,
        "price": product.price,
        "weight_grams": product.weight_grams,
        "min_order_quantity": 1,
        "province": product.province,
    }
    response = client.post(reverse("catalog:studio-edit", args=[product.slug]), data, follow=True)
    assert gettext("Saved. The changes go to Dekranas for review.") in response.content.decode()
    product.refresh_from_db()
    assert (product.name, product.status) == ("Tas Rotan Baru", "pending")


def test_archive_and_duplicate(client, owner):
    product = f.published(owner=owner)
    client.post(reverse("catalog:studio-archive", args=[product.slug]))
    product.refresh_from_db()
    assert product.status == "archived"
    client.post(reverse("catalog:studio-duplicate", args=[product.slug]))
    assert Product.objects.filter(artisan=owner, status="draft").count() == 1


def test_remove_and_promote_images(client, owner):
    product = f.draft(owner=owner, images=3)
    first, second, third = product.images.all()
    client.post(reverse("catalog:studio-image-primary", args=[product.slug, third.pk]))
    assert [(i.pk, i.is_primary) for i in product.images.all()] == [
        (third.pk, True),
        (first.pk, False),
        (second.pk, False),
    ]
    client.post(reverse("catalog:studio-image-remove", args=[product.slug, third.pk]))
    assert [(i.pk, i.is_primary) for i in product.images.all()] == [(first.pk, True), (second.pk, False)]


def test_moderator_approves_and_rejects_in_the_admin(client):
    moderator = f.staff()
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)
    good, bad = f.draft(name="Bagus"), f.draft(name="Buram")
    for p in (good, bad):
        services.product_submit(product=p, by=p.artisan.user)
    url = reverse("admin:catalog_product_changelist")
    client.post(url, {"action": "approve", "_selected_action": [good.pk]})
    client.post(url, {"action": "reject", "_selected_action": [bad.pk], "apply": "1", "reason": "Foto buram"})
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == "published"
    assert (bad.status, bad.rejection_reason) == ("rejected", "Foto buram")


def test_renaming_a_category_in_the_admin_refreshes_the_tree(client):
    moderator = f.staff()
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)
    rotan = f.cat("rotan")
    url = reverse("admin:catalog_category_change", args=[rotan.pk])
    assert [c.name_id for c in selectors.category_by_slug("anyaman").children][0] == "Rotan"
    response = client.post(
        url,
        {"parent": rotan.parent_id, "slug": "rotan", "name_id": "Rotan Alam", "name_en": "Rattan", "position": 0},
    )
    assert response.status_code == 302
    assert [c.name_id for c in selectors.category_by_slug("anyaman").children][0] == "Rotan Alam"


def test_add_a_variant_from_the_edit_page_without_review(client, owner):
    product = f.published(owner=owner, price=250_000)
    page = client.get(reverse("catalog:studio-edit", args=[product.slug]))
    assert gettext("Add a variant").encode() in page.content
    assert b'id="id_variant-name"' in page.content and b'id="id_name"' in page.content  # no clashing ids

    response = client.post(
        reverse("catalog:studio-variant-add", args=[product.slug]),
        {"variant-name": "Ukuran L", "variant-price": "275000", "variant-stock": "4", "variant-sku": ""},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    added = product.variants.get(name="Ukuran L")
    assert (added.price, added.stock, added.is_default) == (275_000, 4, False)
    assert added.sku  # numbered by the service
    assert product.status == "published"  # a variant is not reviewed content
    assert product.price == 250_000  # the cheapest variant's price
    shop = client.get(product.get_absolute_url())
    assert b"Ukuran L" in shop.content


def test_a_refused_variant_shows_messages_at_its_fields_and_adds_nothing(client, owner):
    product = f.published(owner=owner)
    taken = product.variants.get().sku
    url = reverse("catalog:studio-variant-add", args=[product.slug])

    bad = client.post(url, {"variant-name": "", "variant-price": "0", "variant-stock": "-2"})
    assert bad.status_code == 400
    assert set(bad.context["variant_form"].errors) == {"name", "price", "stock"}
    duplicate = client.post(
        url, {"variant-name": "Biru", "variant-price": "100000", "variant-stock": "1", "variant-sku": taken}
    )
    assert duplicate.status_code == 400
    assert duplicate.context["variant_form"].errors["sku"] == [gettext("This SKU is already used.")]
    assert product.variants.count() == 1


def test_no_one_else_adds_a_variant(client, owner):
    product = f.published(owner=owner)
    client.force_login(f.artisan().user)
    data = {"variant-name": "Ukuran L", "variant-price": "275000", "variant-stock": "4"}
    assert client.post(reverse("catalog:studio-variant-add", args=[product.slug]), data).status_code == 404
    client.logout()
    assert client.post(reverse("catalog:studio-variant-add", args=[product.slug]), data).status_code == 302  # login
    assert product.variants.count() == 1
