"""The admin as a whole: branding, Indonesian by default with English available, CSRF on every decision, login
rate limiting by django-axes."""

import pytest
from django.test import Client

from artisans.models import Artisan
from catalog.models import Product
from tests.factories import PASSWORD
from tests.moderation import factories as f

pytestmark = pytest.mark.django_db


def test_the_admin_is_branded_and_indonesian_by_default_even_for_an_english_browser():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(f.national())
    html = client.get("/admin/").content.decode()
    assert '<html lang="id"' in html
    assert "Craftmarket · Dekranas" in html
    assert "Keluar" in html  # Django's own "Log out", in Indonesian
    assert 'href="/admin/dashboard/"' in html


def test_a_staff_member_switches_the_admin_to_english():
    client = Client()
    client.force_login(f.national())
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    html = client.get("/admin/").content.decode()
    assert '<html lang="en"' in html and "Log out" in html


def test_the_staff_members_own_language_applies_without_a_cookie():
    user = f.national()
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    assert '<html lang="en"' in client.get("/admin/").content.decode()


def test_admin_actions_and_decisions_are_csrf_protected():
    artisan = f.submitted_artisan()
    item = f.product(status=Product.Status.PENDING)
    client = Client(enforce_csrf_checks=True)
    client.force_login(f.national())
    assert (
        client.post("/admin/artisans/artisan/", {"action": "verify", "_selected_action": [artisan.pk]}).status_code
        == 403
    )
    assert client.post(f"/admin/catalog/product/{item.pk}/moderate/", {"action": "approve"}).status_code == 403
    assert client.post("/admin/catalog/product/export/", {"format": "0"}).status_code == 403
    assert Artisan.objects.get(pk=artisan.pk).status == "submitted"
    assert Product.objects.get(pk=item.pk).status == "pending"
    # With the token from the page the same decision goes through.
    page = client.get(f"/admin/catalog/product/{item.pk}/change/")
    token = page.context["csrf_token"]
    client.post(f"/admin/catalog/product/{item.pk}/moderate/", {"action": "approve", "csrfmiddlewaretoken": token})
    assert Product.objects.get(pk=item.pk).status == "published"


def test_the_admin_login_is_rate_limited_by_axes(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    user = f.national()
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(3):
        client.post("/admin/login/", {"username": user.email, "password": "salah-sekali"})
    locked = client.post("/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    fresh = Client(REMOTE_ADDR="10.2.2.2")
    settings.AXES_ENABLED = False
    assert fresh.post("/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD}).status_code == 302
