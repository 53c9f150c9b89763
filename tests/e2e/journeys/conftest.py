"""Fixtures of the four browser journeys (issue 8): data the flushed test database lacks, English pages, media.

- ``reference_data``: a transactional test starts from an empty database, so the data migrations' categories, moderator
  groups and shipping rates are put back before each journey.
- ``english(probe)``: the language cookie set to English, so that journeys 1–3 read stable English labels while
  the Indonesian catalogue is being written (journey 4 is the one about Indonesian).
- ``serve_media(probe)``: the browser gets ``MEDIA_URL`` files straight from the test's storage folder, as a CDN
  would in production (the live server runs with DEBUG off, where Django serves no media).
- ``assert_page_ok(probe)``: html lang, alt on every img, a label on every control, one h1, the skip link
  (``tests.web.checks.problems``) on the page the probe shows.
"""

from __future__ import annotations

import importlib
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage

from tests.celery_worker import celery_worker  # noqa: F401  (fixture)
from tests.e2e.conftest import Probe
from tests.web.checks import problems

MODERATOR_GRANTS = [
    ("orders.reviews.migrations.0002_moderator_permissions", "grant"),
    ("orders.conversations.migrations.0002_moderator_permissions", "grant"),
    ("orders.paymethods.migrations.0002_national_moderators_view_charges", "grant_view"),
    ("orders.money.migrations.0003_national_moderators_money", "grant"),
    ("orders.complaints.migrations.0002_moderator_permissions", "grant"),
    ("orders.documents.migrations.0004_moderator_permissions", "grant"),
    ("orders.migrations.0010_seed_shipping_zones", "grant"),
]


def seed_reference_data() -> None:
    """What the data migrations wrote and a transactional test's flush removed: categories, moderator groups,
    shipping rates (each only when missing)."""
    from django.contrib.auth.models import Group

    from catalog.models import Category
    from orders.models import ShippingRate

    if not Category.objects.exists():
        importlib.import_module("catalog.migrations.0003_category_tree").create_tree(apps, None)
    if not Group.objects.filter(name="Dekranas moderator").exists():
        importlib.import_module("artisans.migrations.0006_moderator_groups").create_groups(apps, None)
        # The later apps' data migrations that give the moderator groups their permissions.
        for module, grant in MODERATOR_GRANTS:
            getattr(importlib.import_module(module), grant)(apps, None)
    if not ShippingRate.objects.exists():
        importlib.import_module("orders.migrations.0002_seed_shipping_rates").seed(apps, None)
        importlib.import_module("orders.migrations.0010_seed_shipping_zones").seed(apps, None)
    from orders.documents.models import OriginScheme

    if not OriginScheme.objects.exists():
        importlib.import_module("orders.documents.migrations.0002_seed_origin_schemes").seed(apps, None)


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    seed_reference_data()


def english(probe: Probe) -> Probe:
    probe.page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": probe.base_url}])
    return probe


def serve_media(probe: Probe) -> Probe:
    prefix = probe.url(settings.MEDIA_URL)

    def fulfil(route: Any) -> None:
        name = route.request.url.removeprefix(prefix).split("?")[0]
        if ".." in name or not default_storage.exists(name):
            route.fulfill(status=404, body="")
            return
        path = Path(default_storage.path(name))
        route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0] or "")

    probe.page.context.route(f"{prefix}**", fulfil)
    return probe


def assert_page_ok(probe: Probe) -> None:
    """The shared page checks on the HTML the server sends for the page the probe shows now (not the live DOM,
    where scripts and the browser add attributes; not for the Django admin's own pages)."""
    response = probe.page.request.get(probe.page.url)
    assert response.status == 200, f"{probe.page.url}: {response.status}"
    found = problems(response.text())
    assert found == [], f"{probe.page.url}: {found}"


def field(scope: Any, label: str) -> Any:
    """The control labelled ``label`` in ``scope``, whether Django wrote "Label:", "Label *" or "Label"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?( \*)?$"))


def moderator() -> Any:
    """A national Dekranas moderator: staff in the "Dekranas moderator" group (the data migration's permissions)."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(email="dewi@dekranas.id", name="Dewi Moderator", is_staff=True, language="en")
    user.groups.add(Group.objects.get(name="Dekranas moderator"))
    return user


def search_for(probe: Probe, text: str) -> None:
    """Type into the search box the page shows (the home page's own on a phone, else the header's) and submit."""
    box = probe.page.get_by_role("searchbox").filter(visible=True).first
    box.fill(text)
    box.press("Enter")


def csrf_token(probe: Probe) -> str:
    """The CSRF token of a form on the current page (the footer's language form has one on every page)."""
    return probe.page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")


@pytest.fixture
def jpeg(tmp_path: Path) -> Callable[..., Path]:
    from PIL import Image, ImageDraw

    def _make(name: str, colour: str, size: tuple[int, int] = (900, 700)) -> Path:
        image = Image.new("RGB", size, colour)
        ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), "#f4e9d8")
        path = tmp_path / name
        image.save(path, "JPEG", quality=85)
        return path

    return _make
