"""The API shape of an image's renditions, shared by product images and artisan photos: the pipeline's status
(pending, ready, failed with a reason code), and the WebP renditions with their JPEG fallback (a ``url`` of the
widest and a ``srcset``). Works on any row with the ``craftmarket.common.images`` shape (``status``,
``failure_reason``, ``renditions``); reads only the row, so a prefetched list costs no query."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from craftmarket.common import images

FAILURE_CODES = {
    images.REASON_UNREADABLE: "unreadable",
    images.REASON_TOO_LARGE: "too_large",
    images.REASON_MISSING: "missing",
    images.REASON_TEMPORARY: "temporary",
}


def failure_code(row: Any) -> str | None:
    """A stable code for a failed row (``other`` for a reason this module does not know), None otherwise."""
    if row.status != "failed":
        return None
    return FAILURE_CODES.get(row.failure_reason, "other")


def rendition_set(row: Any, fmt: str) -> dict[str, str] | None:
    """The ready renditions of ``row`` in ``fmt``: the widest one's URL and a ``srcset``; None when there are
    none (pending, failed, or no rendition in that format)."""
    if row.status != "ready":
        return None
    by_width: dict[int, str] = {}
    for entry in row.renditions or []:
        if not isinstance(entry, dict) or entry.get("format") != fmt or not entry.get("width"):
            continue
        url = entry.get("url") or (default_storage.url(entry["name"]) if entry.get("name") else "")
        if url:
            by_width[int(entry["width"])] = url
    if not by_width:
        return None
    widths = sorted(by_width)
    return {"url": by_width[widths[-1]], "srcset": ", ".join(f"{by_width[w]} {w}w" for w in widths)}


class RenditionSetOutput(serializers.Serializer):
    url = serializers.CharField(help_text="The widest rendition.")
    srcset = serializers.CharField()


class RenditionsOutput(serializers.Serializer):
    """``status`` of the worker's renditions; when ``failed``, ``failure_code`` (unreadable, too_large, missing,
    temporary — retried hourly — or other) and ``failure_reason`` in the client's language; when ``ready``, the
    ``webp`` renditions and the ``jpeg`` fallback."""

    status = serializers.ChoiceField(choices=["pending", "ready", "failed"])
    failure_code = serializers.SerializerMethodField()
    failure_reason = serializers.SerializerMethodField()
    webp = serializers.SerializerMethodField()
    jpeg = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(choices=[*FAILURE_CODES.values(), "other"], allow_null=True),
    )
    def get_failure_code(self, row: Any) -> str | None:
        return failure_code(row)

    def get_failure_reason(self, row: Any) -> str:
        return gettext(row.failure_reason) if row.status == "failed" and row.failure_reason else ""

    @extend_schema_field(RenditionSetOutput(allow_null=True))
    def get_webp(self, row: Any) -> dict[str, str] | None:
        return rendition_set(row, "webp")

    @extend_schema_field(RenditionSetOutput(allow_null=True))
    def get_jpeg(self, row: Any) -> dict[str, str] | None:
        return rendition_set(row, "jpeg")
