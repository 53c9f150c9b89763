"""Benchmark: renditions per second for a 24-megapixel phone JPEG (6000×4000, EXIF orientation and GPS).

Runs the pipeline of craftmarket.common.images without the database or storage: probe, draft-mode decode,
orientation, sRGB conversion, then the three sizes in WebP and JPEG. Usage::

    python -m bench.renditions [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftmarket.settings")
django.setup()

from PIL import Image, ImageFilter  # noqa: E402

from craftmarket.common import images  # noqa: E402


def phone_photo(width: int = 6000, height: int = 4000) -> bytes:
    base = Image.effect_noise((width // 8, height // 8), 64).convert("RGB").resize((width, height))
    base = base.filter(ImageFilter.GaussianBlur(2))
    exif = Image.Exif()
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (7.0, 47.0, 50.22)
    out = io.BytesIO()
    base.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def one_run(data: bytes) -> int:
    width, height = images._probe(data)
    targets = images._target_sizes(width, height)
    source = images._decode(data, max(targets))
    made = 0
    for w, h in sorted(targets, reverse=True):
        if source.size != (w, h):
            source = source.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for _ext, fmt, _mime in images.FORMATS:
            images._encode(source.copy(), fmt)
            made += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = phone_photo()
    one_run(data)  # warm up
    started = time.perf_counter()
    made = sum(one_run(data) for _ in range(args.runs))
    elapsed = time.perf_counter() - started
    print(f"24 MP JPEG ({len(data) / 1e6:.1f} MB): {args.runs} photos, {made} renditions in {elapsed:.2f} s")
    print(f"{made / elapsed:.1f} renditions/s, {elapsed / args.runs:.3f} s per photo (all 6 renditions)")


if __name__ == "__main__":
    main()
