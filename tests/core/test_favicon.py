"""Every page has an icon: the site's pages name it, and /favicon.ico (asked for by browsers on pages that name
none) leads to it instead of a 404."""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static


def test_favicon_ico_redirects_to_the_logo(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("img/logo.svg")
    assert "max-age=86400" in response["Cache-Control"]


def test_the_admin_names_its_icon(client):
    response = client.get(f"/{settings.ADMIN_URL}login/")
    assert response.status_code == 200
    assert f'<link rel="icon" href="{static("img/logo.svg")}"'.encode() in response.content
