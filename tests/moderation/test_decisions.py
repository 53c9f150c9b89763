"""The effects of each decision taken in the admin: status, public visibility, the artisan's notification and the
audit row; single (object page) and bulk (change list) run the same service; a reason is required."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from artisans.models import Artisan, ArtisanStatusChange
from catalog.models import Product, ProductStatusChange
from craftmarket.common.models import Notification
from tests.moderation import factories as f

pytestmark = pytest.mark.django_db


def _public(product: Product) -> bool:
    return Product.objects.public().filter(pk=product.pk).exists()


def _page(product: Product) -> int:
    return Client().get(product.get_absolute_url()).status_code


def test_verify_from_the_queue_makes_the_artisan_public_notifies_and_records(client):
    artisan = f.submitted_artisan()
    mod = f.national()
    client.force_login(mod)
    client.post("/admin/artisans/artisanreviewqueue/", {"action": "verify", "_selected_action": [artisan.pk]})
    assert Artisan.objects.public().filter(pk=artisan.pk).exists()
    change = ArtisanStatusChange.objects.filter(artisan=artisan).latest("pk")
    assert (change.from_status, change.to_status, change.actor) == ("submitted", "verified", mod)
    assert Notification.objects.filter(recipient=artisan.user, event="profile_verified").count() == 1


def test_request_changes_needs_a_reason_and_the_artisan_reads_it(client):
    artisan = f.submitted_artisan()
    client.force_login(f.national())
    url = f"/admin/artisans/artisan/{artisan.pk}/moderate/"
    form = client.post(url, {"action": "request_changes"})
    assert form.status_code == 200 and b'name="reason"' in form.content
    refused = client.post(url, {"action": "request_changes", "apply": "1", "reason": "   "})
    assert refused.status_code == 200 and b"errorlist" in refused.content
    assert Artisan.objects.get(pk=artisan.pk).status == "submitted"
    assert not Notification.objects.filter(recipient=artisan.user).exists()
    done = client.post(url, {"action": "request_changes", "apply": "1", "reason": "Lengkapi NIB."})
    assert done.status_code == 302 and done["Location"] == f"/admin/artisans/artisan/{artisan.pk}/change/"
    assert Artisan.objects.get(pk=artisan.pk).status == "changes_requested"
    assert ArtisanStatusChange.objects.filter(artisan=artisan).latest("pk").reason == "Lengkapi NIB."
    note = Notification.objects.get(recipient=artisan.user, event="profile_changes_requested")
    assert "Lengkapi NIB." in note.body


def test_suspend_hides_every_product_at_once_and_reinstate_brings_them_back(client):
    artisan = f.verified_artisan()
    products = [f.product(artisan=artisan), f.product(artisan=artisan)]
    mod = f.national()
    client.force_login(mod)
    client.post(
        "/admin/artisans/artisan/",
        {"action": "suspend", "_selected_action": [artisan.pk], "apply": "1", "reason": "Produk palsu"},
    )
    assert Artisan.objects.get(pk=artisan.pk).status == "suspended"
    assert [_public(p) for p in products] == [False, False]
    assert _page(products[0]) == 404
    assert Notification.objects.filter(recipient=artisan.user, event="profile_suspended").count() == 1
    client.post(f"/admin/artisans/artisan/{artisan.pk}/moderate/", {"action": "reinstate"})
    assert [_public(p) for p in products] == [True, True]
    assert _page(products[0]) == 200
    steps = list(ArtisanStatusChange.objects.filter(artisan=artisan).order_by("pk").values_list("to_status", "actor"))
    assert steps == [("suspended", mod.pk), ("verified", mod.pk)]


def test_suspend_without_a_reason_is_refused(client):
    artisan = f.verified_artisan()
    client.force_login(f.national())
    client.post("/admin/artisans/artisan/", {"action": "suspend", "_selected_action": [artisan.pk], "apply": "1"})
    assert Artisan.objects.get(pk=artisan.pk).status == "verified"


def test_approve_publishes_notifies_and_records(client):
    item = f.product(status=Product.Status.PENDING)
    mod = f.regional()
    client.force_login(mod)
    client.post(f"/admin/catalog/product/{item.pk}/moderate/", {"action": "approve"})
    assert _public(item) and _page(item) == 200
    change = ProductStatusChange.objects.filter(product=item).latest("pk")
    assert (change.from_status, change.to_status, change.actor) == ("pending", "published", mod)
    assert Notification.objects.filter(recipient=item.artisan.user, event="listing_approved").count() == 1


def test_reject_needs_a_reason_then_rejects_with_it(client):
    items = [f.product(status=Product.Status.PENDING), f.product(status=Product.Status.PENDING)]
    client.force_login(f.national())
    pks = [p.pk for p in items]
    client.post("/admin/catalog/productreviewqueue/", {"action": "reject", "_selected_action": pks, "apply": "1"})
    assert set(Product.objects.filter(pk__in=pks).values_list("status", flat=True)) == {"pending"}
    client.post(
        "/admin/catalog/productreviewqueue/",
        {"action": "reject", "_selected_action": pks, "apply": "1", "reason": "Foto buram"},
    )
    assert set(Product.objects.filter(pk__in=pks).values_list("status", "rejection_reason")) == {
        ("rejected", "Foto buram")
    }
    assert ProductStatusChange.objects.filter(product__in=pks, to_status="rejected", reason="Foto buram").count() == 2
    assert Notification.objects.filter(event="listing_rejected").count() == 2


def test_a_refused_transition_is_reported_and_the_others_go_on(client):
    pending = f.product(status=Product.Status.PENDING)
    published = f.product()
    client.force_login(f.national())
    response = client.post(
        "/admin/catalog/product/", {"action": "approve", "_selected_action": [pending.pk, published.pk]}, follow=True
    )
    assert Product.objects.get(pk=pending.pk).status == "published"
    assert gettext("%(n)d product(s) published.") % {"n": 1} in response.content.decode()
    assert ProductStatusChange.objects.filter(product=published).count() == 0


def test_feature_and_unfeature(client):
    item = f.product()
    client.force_login(f.national())
    client.post("/admin/catalog/product/", {"action": "feature", "_selected_action": [item.pk]})
    assert Product.objects.get(pk=item.pk).featured is True
    client.post(f"/admin/catalog/product/{item.pk}/moderate/", {"action": "unfeature"})
    assert Product.objects.get(pk=item.pk).featured is False


def test_the_object_page_offers_the_decisions_that_apply(client):
    artisan = f.submitted_artisan()
    client.force_login(f.national())
    html = client.get(f"/admin/artisans/artisan/{artisan.pk}/change/").content.decode()
    assert 'value="verify"' in html and 'value="request_changes"' in html and 'value="suspend"' not in html


def test_the_queues_list_oldest_first_with_time_waiting(en_client):
    client = en_client
    old = f.product(status="pending", name="Lama")
    f.product(status="pending", name="Baru")
    ProductStatusChange.objects.filter(product=old).update(created_at=timezone.now() - timedelta(days=3))
    f.ImageFactory(product=old)
    client.force_login(f.national())
    html = client.get("/admin/catalog/productreviewqueue/").content.decode()
    assert html.index("Lama") < html.index("Baru")
    assert "3\xa0days" in html
    assert "/media/renditions/x-200.webp" in html


def test_get_on_the_moderate_url_is_refused(client):
    artisan = f.submitted_artisan()
    client.force_login(f.national())
    assert client.get(f"/admin/artisans/artisan/{artisan.pk}/moderate/?action=verify").status_code == 405
    assert Artisan.objects.get(pk=artisan.pk).status == "submitted"
