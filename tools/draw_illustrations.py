"""Draw the home page illustrations (the four craft families and the hero) into static/img/ with Pillow.

No network, no fonts: simple geometric motifs in the design's warm palette. Run from the repository root:
``.venv/bin/python tools/draw_illustrations.py``; the WebP files it writes are committed.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
W, H = 800, 600
SCALE = 2  # draw at 2x, downsample for smooth edges


def canvas(bg: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (W * SCALE, H * SCALE), bg)
    return img, ImageDraw.Draw(img)


def save(img: Image.Image, name: str, size: tuple[int, int] = (W, H)) -> None:
    img = img.resize(size, Image.Resampling.LANCZOS)
    img.save(OUT / name, "WEBP", quality=78, method=6)


def s(v: float) -> int:
    return int(v * SCALE)


def metal() -> None:
    """Hammered brass bowl and a silver filigree ring on deep teal."""
    img, d = canvas("#134e4a")
    rnd = random.Random(1)
    for _ in range(140):
        x, y, r = rnd.uniform(0, W), rnd.uniform(0, H), rnd.uniform(2, 6)
        d.ellipse([s(x - r), s(y - r), s(x + r), s(y + r)], fill="#17605a")
    # bowl
    d.chord([s(170), s(150), s(630), s(560)], 0, 180, fill="#c58b2a")
    d.ellipse([s(170), s(320), s(630), s(400)], fill="#e2b04a")
    d.ellipse([s(200), s(332), s(600), s(388)], fill="#8a5a14")
    for i in range(9):
        x = 230 + i * 42
        d.arc([s(x - 18), s(420), s(x + 18), s(470)], 200, 340, fill="#e9c46a", width=s(4))
    d.rectangle([s(330), s(548), s(470), s(566)], fill="#a16f1f")
    # filigree ring
    cx, cy = 610, 150
    for k in range(3):
        r = 70 - k * 18
        d.ellipse([s(cx - r), s(cy - r), s(cx + r), s(cy + r)], outline="#e5e7eb", width=s(5))
    for a in range(0, 360, 30):
        x = cx + 70 * math.cos(math.radians(a))
        y = cy + 70 * math.sin(math.radians(a))
        d.ellipse([s(x - 8), s(y - 8), s(x + 8), s(y + 8)], outline="#e5e7eb", width=s(3))
    save(img, "family-logam.webp")


def woven() -> None:
    """Rattan over-under weave in ochre and straw."""
    img, d = canvas("#7c4a12")
    band = 50
    for row in range(H // band + 1):
        for col in range(W // band + 1):
            x, y = col * band, row * band
            horizontal = (row + col) % 2 == 0
            base = "#e9c46a" if horizontal else "#d4a23a"
            d.rounded_rectangle([s(x + 3), s(y + 3), s(x + band - 3), s(y + band - 3)], radius=s(10), fill=base)
            for k in range(1, 4):
                if horizontal:
                    d.line([s(x + 8), s(y + k * 12), s(x + band - 8), s(y + k * 12)], fill="#c08a2c", width=s(2))
                else:
                    d.line([s(x + k * 12), s(y + 8), s(x + k * 12), s(y + band - 8)], fill="#a8741f", width=s(2))
    save(img.filter(ImageFilter.SMOOTH), "family-anyaman.webp")


def wood() -> None:
    """Teak grain with a carved Javanese-style floral medallion."""
    img, d = canvas("#8b5a2b")
    rnd = random.Random(3)
    for i in range(0, H, 9):
        wobble = [(x, i + 6 * math.sin(x / 90 + i / 40) + rnd.uniform(-1, 1)) for x in range(0, W + 20, 20)]
        d.line([(s(x), s(y)) for x, y in wobble], fill="#7a4b22" if i % 18 else "#a0693a", width=s(3))
    cx, cy = W / 2, H / 2
    d.ellipse([s(cx - 200), s(cy - 200), s(cx + 200), s(cy + 200)], fill="#5c3617")
    d.ellipse([s(cx - 185), s(cy - 185), s(cx + 185), s(cy + 185)], fill="#b7793f")
    for a in range(0, 360, 45):
        rad = math.radians(a)
        x, y = cx + 105 * math.cos(rad), cy + 105 * math.sin(rad)
        d.ellipse([s(x - 55), s(y - 55), s(x + 55), s(y + 55)], fill="#8b5a2b", outline="#5c3617", width=s(4))
        d.ellipse([s(x - 22), s(y - 22), s(x + 22), s(y + 22)], fill="#d19a5b")
    d.ellipse([s(cx - 60), s(cy - 60), s(cx + 60), s(cy + 60)], fill="#5c3617")
    d.ellipse([s(cx - 35), s(cy - 35), s(cx + 35), s(cy + 35)], fill="#e0ac6e")
    save(img, "family-kayu.webp")


def kawung(d: ImageDraw.ImageDraw, w: int, h: int, cell: int, fg: str, dot: str) -> None:
    for row in range(-1, h // cell + 2):
        for col in range(-1, w // cell + 2):
            cx, cy = col * cell + (cell / 2 if row % 2 else 0), row * cell
            r = cell * 0.42
            for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0)):
                ex, ey = cx + dx * r * 0.55, cy + dy * r * 0.55
                rx, ry = (r * 0.32, r * 0.5) if dx == 0 else (r * 0.5, r * 0.32)
                d.ellipse([s(ex - rx), s(ey - ry), s(ex + rx), s(ey + ry)], fill=fg)
            d.ellipse([s(cx - 5), s(cy - 5), s(cx + 5), s(cy + 5)], fill=dot)


def fashion() -> None:
    """Batik kawung in indigo and soga brown."""
    img, d = canvas("#1e3a5f")
    kawung(d, W, H, 100, "#c9864a", "#f3e3c3")
    save(img, "family-fesyen.webp")


def hero() -> None:
    """A wide, quiet batik field for the hero, low contrast so that text on top stays readable."""
    big = Image.new("RGB", (s(1200), s(480)), "#7c2d12")
    dd = ImageDraw.Draw(big)
    kawung(dd, 1200, 480, 120, "#8a3616", "#9c4420")
    save(big, "hero-batik.webp", (1200, 480))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    metal()
    woven()
    wood()
    fashion()
    hero()
    for path in sorted(OUT.glob("*.webp")):
        print(path.name, path.stat().st_size)
