"""The client's IP address, trusting ``X-Forwarded-For`` only as far as ``TRUSTED_PROXY_COUNT`` proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """With N trusted proxies in front, the client is the N-th address from the right of X-Forwarded-For (the
    left part is written by the client and may be forged). With none, REMOTE_ADDR."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return request.META.get("REMOTE_ADDR")
