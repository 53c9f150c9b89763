"""Listing lifecycle: draft → pending → published | rejected → draft on edit; published → archived."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from artisans.models import Artisan
from catalog import services
from catalog.models import Product, ProductStatusChange
from craftmarket.common.errors import ConflictError, NotFound, PermissionDenied, TransitionNotAllowed
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db
S = Product.Status


def _history(product):
    return list(ProductStatusChange.objects.filter(product=product).values_list("from_status", "to_status", "reason"))


def test_new_product_is_a_draft_with_a_default_variant_and_the_artisans_province():
    owner = f.artisan(province="ID-JB")
    product = f.draft(owner=owner, stock=7)
    assert product.status == S.DRAFT
    assert product.province == "ID-JB"
    assert [(v.is_default, v.price, v.stock) for v in product.variants.all()] == [(True, 250_000, 7)]
    assert product.images.get().is_primary is True


def test_verified_owner_submits_a_draft_and_history_records_it():
    product = f.draft()
    services.product_submit(product=product, by=product.artisan.user)
    product.refresh_from_db()
    assert product.status == S.PENDING
    change = ProductStatusChange.objects.get(product=product)
    assert (change.from_status, change.to_status, change.actor) == ("draft", "pending", product.artisan.user)


@pytest.mark.parametrize("status", [Artisan.Status.SUBMITTED, Artisan.Status.SUSPENDED, Artisan.Status.DRAFT])
def test_unverified_artisan_cannot_submit(status):
    product = f.draft(owner=f.artisan(status=status))
    with pytest.raises(PermissionDenied):
        services.product_submit(product=product, by=product.artisan.user)
    product.refresh_from_db()
    assert product.status == S.DRAFT
    assert _history(product) == []


def test_submit_needs_a_photo():
    product = f.draft(images=0)
    with pytest.raises(Exception) as exc:
        services.product_submit(product=product, by=product.artisan.user)
    assert exc.value.field == "images"
    product.refresh_from_db()
    assert product.status == S.DRAFT


def test_staff_approves_pending_and_the_artisan_is_told():
    product = f.draft()
    services.product_submit(product=product, by=product.artisan.user)
    moderator = f.staff()
    with mock.patch("catalog.services.notify") as notify:
        services.product_approve(product=product, by=moderator)
    product.refresh_from_db()
    assert product.status == S.PUBLISHED
    assert product.published_at is not None
    notify.assert_called_once()
    assert notify.call_args.kwargs["event"] == "listing_approved"
    assert notify.call_args.kwargs["users"] == [product.artisan.user]
    assert _history(product)[-1] == ("pending", "published", "")


def test_non_staff_cannot_approve():
    product = f.draft()
    services.product_submit(product=product, by=product.artisan.user)
    with pytest.raises(PermissionDenied):
        services.product_approve(product=product, by=product.artisan.user)
    product.refresh_from_db()
    assert product.status == S.PENDING


def test_approve_refused_when_artisan_was_suspended_meanwhile():
    product = f.draft()
    services.product_submit(product=product, by=product.artisan.user)
    Artisan.objects.filter(pk=product.artisan_id).update(status=Artisan.Status.SUSPENDED)
    with pytest.raises(PermissionDenied):
        services.product_approve(product=product, by=f.staff())
    product.refresh_from_db()
    assert product.status == S.PENDING


def test_reject_needs_a_reason_and_records_it():
    product = f.draft()
    services.product_submit(product=product, by=product.artisan.user)
    moderator = f.staff()
    with pytest.raises(ValidationError) as exc:
        services.product_reject(product=product, by=moderator, reason="  ")
    assert exc.value.message_dict == {"reason": [gettext("Tell the artisan why the listing is rejected.")]}
    product.refresh_from_db()
    assert product.status == S.PENDING
    with mock.patch("catalog.services.notify") as notify:
        services.product_reject(product=product, by=moderator, reason="Foto buram")
    product.refresh_from_db()
    assert (product.status, product.rejection_reason) == (S.REJECTED, "Foto buram")
    assert notify.call_args.kwargs["event"] == "listing_rejected"
    assert notify.call_args.kwargs["context"]["reason"] == "Foto buram"
    assert _history(product)[-1] == ("pending", "rejected", "Foto buram")


def test_editing_a_rejected_product_returns_it_to_draft():
    product = f.draft()
    services.product_submit(product=product, by=product.artisan.user)
    services.product_reject(product=product, by=f.staff(), reason="Foto buram")
    services.product_update(product=product, by=product.artisan.user, fields={"description": "Foto baru."})
    product.refresh_from_db()
    assert (product.status, product.rejection_reason) == (S.DRAFT, "")


@pytest.mark.parametrize(
    "fields",
    [{"name": "Tas Rotan Baru"}, {"description": "Lain"}, {"category": "bambu"}],
    ids=["name", "description", "category"],
)
def test_content_edit_of_published_product_goes_back_to_review(fields):
    product = f.published()
    if "category" in fields:
        fields = {"category": f.cat(fields["category"])}
    services.product_update(product=product, by=product.artisan.user, fields=fields)
    product.refresh_from_db()
    assert product.status == S.PENDING
    assert _history(product)[-1][:2] == ("published", "pending")


def test_adding_an_image_to_a_published_product_goes_back_to_review():
    product = f.published()
    services.product_image_add(product=product, by=product.artisan.user, file=f.upload())
    product.refresh_from_db()
    assert product.status == S.PENDING


def test_price_and_stock_edits_keep_a_published_product_published():
    product = f.published()
    services.product_update(product=product, by=product.artisan.user, fields={"price": 300_000}, stock=9)
    variant = product.variants.get()
    services.variant_update_stock_price(variant=variant, by=product.artisan.user, price=310_000, stock=4)
    product.refresh_from_db()
    variant.refresh_from_db()
    assert product.status == S.PUBLISHED
    assert (product.price, variant.price, variant.stock) == (310_000, 310_000, 4)


def test_owner_archives_a_published_product():
    product = f.published()
    services.product_archive(product=product, by=product.artisan.user)
    product.refresh_from_db()
    assert product.status == S.ARCHIVED
    assert _history(product)[-1][:2] == ("published", "archived")


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ("draft", "archive"),
        ("draft", "approve"),
        ("draft", "reject"),
        ("pending", "submit"),
        ("pending", "archive"),
        ("published", "submit"),
        ("published", "approve"),
        ("archived", "submit"),
        ("archived", "approve"),
        ("rejected", "approve"),
    ],
)
def test_refused_transitions_change_nothing(setup, action):
    product = f.draft()
    owner = product.artisan.user
    moderator = f.staff()
    if setup != "draft":
        services.product_submit(product=product, by=owner)
    if setup in ("published", "archived"):
        services.product_approve(product=product, by=moderator)
    if setup == "archived":
        services.product_archive(product=product, by=owner)
    if setup == "rejected":
        services.product_reject(product=product, by=moderator, reason="x")
    before = _history(product)
    calls = {
        "submit": lambda: services.product_submit(product=product, by=owner),
        "approve": lambda: services.product_approve(product=product, by=moderator),
        "reject": lambda: services.product_reject(product=product, by=moderator, reason="x"),
        "archive": lambda: services.product_archive(product=product, by=owner),
    }
    with pytest.raises(TransitionNotAllowed):
        calls[action]()
    product.refresh_from_db()
    assert product.status == setup
    assert _history(product) == before


def test_archived_product_can_be_relisted_as_a_draft():
    product = f.published()
    services.product_archive(product=product, by=product.artisan.user)
    services.product_relist(product=product, by=product.artisan.user)
    product.refresh_from_db()
    assert product.status == S.DRAFT


def test_archived_product_cannot_be_edited():
    product = f.published()
    services.product_archive(product=product, by=product.artisan.user)
    with pytest.raises(ConflictError):
        services.product_update(product=product, by=product.artisan.user, fields={"name": "X"})


def test_another_artisan_cannot_touch_the_product():
    product = f.draft()
    other = f.artisan().user
    for call in (
        lambda: services.product_submit(product=product, by=other),
        lambda: services.product_update(product=product, by=other, fields={"name": "Dicuri"}),
        lambda: services.product_archive(product=product, by=other),
        lambda: services.product_duplicate(product=product, by=other),
        lambda: services.product_delete(product=product, by=other),
    ):
        with pytest.raises(NotFound):
            call()
    product.refresh_from_db()
    assert (product.status, product.name) == (S.DRAFT, "Tas Anyaman Rotan")


def test_duplicate_makes_a_new_draft_with_variants_and_image_copies():
    product = f.published()
    copy = services.product_duplicate(product=product, by=product.artisan.user)
    assert copy.pk != product.pk and copy.slug != product.slug
    assert copy.status == S.DRAFT
    assert copy.name == gettext("%s (copy)") % "Tas Anyaman Rotan"
    assert copy.variants.count() == 1 and copy.variants.get().sku != product.variants.get().sku
    assert copy.images.count() == 1
    assert copy.images.get().original.name != product.images.get().original.name
    assert copy.images.get().original.storage.exists(copy.images.get().original.name)


def test_delete_draft_removes_its_files_but_published_cannot_be_deleted(django_capture_on_commit_callbacks):
    product = f.draft()
    name = product.images.get().original.name
    storage = product.images.get().original.storage
    live = f.published()
    with pytest.raises(ConflictError):
        services.product_delete(product=live, by=live.artisan.user)
    assert Product.objects.filter(pk=live.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.product_delete(product=product, by=product.artisan.user)
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not storage.exists(name)


def test_product_price_mirrors_the_cheapest_variant():
    product = f.published()
    services.product_update(
        product=product,
        by=product.artisan.user,
        fields={},
        variants=[services.VariantInput(name="Kecil", price=150_000, stock=2)],
    )
    product.refresh_from_db()
    assert product.price == 150_000
    services.product_update(product=product, by=product.artisan.user, fields={"price": 999_000})
    product.refresh_from_db()
    assert product.price == 150_000
    assert product.status == S.PUBLISHED
