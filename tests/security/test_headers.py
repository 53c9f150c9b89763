"""Security headers on HTML, API and media responses, and pages that satisfy their own CSP."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.core.test_settings import PRODUCTION_ENV, ROOT

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\xa1\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _assert_common_headers(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp or "sandbox" in csp


def _assert_page_csp(response) -> None:
    csp = response["Content-Security-Policy"]
    # The nonce appears only on pages that use it; never 'unsafe-inline'.
    assert "script-src 'self';" in csp or "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "style-src 'self';" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/", "/api/v1/docs/"])
def test_html_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    _assert_common_headers(response)
    _assert_page_csp(response)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/schema/"),
        ("get", "/api/v1/no-such-thing/"),
        ("post", "/api/v1/auth/token/"),
        ("get", "/healthz"),
    ],
)
def test_api_responses_carry_the_security_headers(client, method, path):
    response = getattr(client, method)(path, content_type="application/json") if method == "post" else client.get(path)
    assert response.status_code in (200, 400, 404)
    _assert_common_headers(response)


def test_public_media_carries_the_security_headers_and_a_sandbox(client, settings):
    settings.DEBUG = True
    name = default_storage.save("products/tas.png", ContentFile(PNG))

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    _assert_common_headers(response)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"


def test_media_that_is_not_an_image_is_a_download(client, settings):
    settings.DEBUG = True
    name = default_storage.save("products/notes.html", ContentFile(b"<script>alert(1)</script>"))

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_hsts_is_sent_on_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_settings_turn_on_hsts_and_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.OTP_ADMIN_REQUIRED, s.AXES_ENABLED)"
    )
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="craftmarket.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True", "True"]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/", "/api/v1/docs/"])
def test_pages_have_no_inline_script_or_style_that_the_csp_would_block(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0] if "'nonce-" in csp else None
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") or (nonce and script.get("nonce") == nonce), f"inline script without nonce on {path}"
    assert soup.find_all("style") == [], f"<style> element on {path}"
    assert soup.select("[style]") == [], f"style= attribute on {path}"
    for tag in soup.find_all(True):
        assert not any(attr.startswith("on") for attr in tag.attrs), f"inline event handler on {path}: {tag.name}"
