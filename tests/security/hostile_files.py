"""Hostile uploads, as reusable test data: each is (id, filename, bytes). The names lie on purpose (``.jpg``):
the format must be decided by content. Later rounds post these to every upload endpoint and expect a 400 with a
message and nothing stored."""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

from PIL import Image


def _png(width: int, height: int, color=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 60, 30)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@cache
def decompression_bomb() -> bytes:
    """A 1-bit 30 000 × 30 000 PNG (900 megapixels) that compresses to a few hundred kilobytes."""
    width = height = 30_000
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * (width // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b"")


def png_with_markup_in_text_chunk() -> bytes:
    """A valid PNG whose first chunk after the header is a tEXt chunk holding HTML (sniffable by old browsers)."""
    png = _png(8, 8)
    ihdr_end = 8 + 25
    text = _png_chunk(b"tEXt", b"Comment\x00<html><script>alert(document.cookie)</script></html>")
    return png[:ihdr_end] + text + png[ihdr_end:]


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
)
PSD = b"8BPS\x00\x01" + b"\x00" * 6 + b"\x00\x03" + struct.pack(">II", 8, 8) + b"\x00\x08\x00\x03" + b"\x00" * 64
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 8 8\nnewpath 0 0 moveto 8 8 lineto stroke\nshowpage\n%%EOF\n"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def hostile_images() -> list[tuple[str, str, bytes]]:
    """Files that must be refused wherever an image is expected."""
    return [
        ("empty", "foto.jpg", b""),
        ("html-renamed", "foto.jpg", HTML),
        ("svg-renamed", "foto.jpg", SVG),
        ("psd-renamed", "foto.jpg", PSD),
        ("eps-renamed", "foto.jpg", EPS),
        ("gif", "foto.gif", GIF),
        ("pdf-as-image", "foto.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("png-html-polyglot", "foto.png", _png(16, 16) + HTML),
        ("jpeg-html-polyglot", "foto.jpg", _jpeg() + HTML),
        ("png-markup-in-text-chunk", "foto.png", png_with_markup_in_text_chunk()),
        ("truncated-jpeg", "foto.jpg", _jpeg()[:200]),
        ("truncated-png", "foto.png", _png(64, 64)[:60]),
        ("decompression-bomb", "foto.png", decompression_bomb()),
        ("too-large", "foto.jpg", _jpeg() + b"\x00" * (10 * 1024 * 1024)),
        ("random-bytes", "foto.jpg", bytes(range(256)) * 16),
    ]


def hostile_documents() -> list[tuple[str, str, bytes]]:
    """Files that must be refused wherever a document (PDF or image) is expected."""
    return [
        ("empty", "nib.pdf", b""),
        ("html-renamed", "nib.pdf", HTML),
        ("svg-renamed", "nib.pdf", SVG),
        ("eps-renamed", "nib.pdf", EPS),
        ("pdf-truncated", "nib.pdf", b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n"),
        ("too-large", "nib.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"),
        ("png-html-polyglot", "nib.png", _png(16, 16) + HTML),
        ("decompression-bomb", "nib.png", decompression_bomb()),
    ]


def valid_images() -> list[tuple[str, str, bytes, str]]:
    """Control group: (id, name, bytes, expected MIME type). Note the lying names: content decides."""
    webp = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 80)).save(webp, "WEBP")
    return [
        ("jpeg", "foto.jpg", _jpeg(), "image/jpeg"),
        ("png-named-jpg", "foto.jpg", _png(32, 32), "image/png"),
        ("webp", "foto.webp", webp.getvalue(), "image/webp"),
    ]
