"""URL patterns the project wires in ``craftmarket/urls.py``."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import URLPattern, re_path

from craftmarket.security.media import public_media


def media_urlpatterns() -> list[URLPattern]:
    """``MEDIA_URL`` → the DEBUG-only public media view (it 404s when DEBUG is off), for a local MEDIA_URL."""
    if not settings.MEDIA_URL.startswith("/"):
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", public_media, name="public-media")]
