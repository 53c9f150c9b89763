"""Public media in development. Production serves media from object storage or the web server; Django serves
nothing under MEDIA_URL unless DEBUG is on, and even then only files of the public (default) storage."""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpRequest

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"})


def public_media(request: HttpRequest, path: str) -> FileResponse:
    if not settings.DEBUG:
        raise Http404
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage) or "\x00" in path or "\\" in path:
        raise Http404
    name = posixpath.normpath(path).lstrip("/")
    if name in ("", ".") or name == ".." or name.startswith("../"):
        raise Http404
    root = Path(storage.location).resolve()
    full = (root / name).resolve()
    if not full.is_relative_to(root) or not full.is_file():
        raise Http404
    content_type, _encoding = mimetypes.guess_type(full.name)
    content_type = content_type or "application/octet-stream"
    response = FileResponse(full.open("rb"), content_type=content_type, as_attachment=content_type not in INLINE_TYPES)
    # A stored file is data, never a page: no script runs even if someone managed to store HTML.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
