"""DRF's rate limits key on the real client address: a forged X-Forwarded-For does not buy new attempts."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_forged_forwarded_for_does_not_escape_the_auth_rate_limit(client):
    statuses = [
        client.post(
            "/api/v1/auth/token/",
            {"email": "sari@example.id", "password": "salah"},
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(11)
    ]
    assert statuses == [400] * 10 + [429]  # THROTTLE_AUTH is 10/minute


def test_with_a_trusted_proxy_the_forwarded_client_address_is_used(client, settings):
    from craftmarket.security.ip import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = client.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", REMOTE_ADDR="10.0.0.1").wsgi_request
    assert client_ip(request) == "203.0.113.9"  # the address our one proxy appended, not the client-written one
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
