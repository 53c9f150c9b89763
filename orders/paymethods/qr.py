"""QR codes drawn on the server from the gateway's QR string (segno: pure Python, no external service)."""

from __future__ import annotations

import io

import segno

# 8 px per module and the standard 4-module quiet zone: a QRIS payload (~150 characters) is about 350 px wide,
# large enough for a phone camera from a laptop screen.
SCALE = 8
BORDER = 4


def qr_svg(data: str, *, title: str = "") -> bytes:
    """An SVG image of ``data`` as a QR code (error correction M, as QRIS acquirers use)."""
    buffer = io.BytesIO()
    segno.make_qr(data, error="m").save(
        buffer, kind="svg", scale=SCALE, border=BORDER, xmldecl=True, svgns=True, title=title or None
    )
    return buffer.getvalue()
