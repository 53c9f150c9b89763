"""Renditions of a 24-megapixel JPEG through the real pipeline.

Each iteration attaches the photo to a new ProductImage and runs the pipeline in-process
(``craftmarket.common.images.render_image`` if it exists, else the task ``apply``-ed locally; no broker: the time
is the worker's, not the queue's). "Per rendition" divides the time of one image by the renditions it recorded.
It is "n/a" while the pipeline leaves the image without renditions. A plain-Pillow reference (draft mode,
320/640/1280 px, WebP and JPEG) is measured too, to show what the machine can do.
"""

from __future__ import annotations

import importlib
import io
import time
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageOps

from bench import phase, scenarios

WIDTH, HEIGHT = 6000, 4000  # 24 megapixels, a phone's 3:2 photo
SIZES = (320, 640, 1280)


def photo() -> bytes:
    """A 24 MP JPEG that compresses like a photo: smooth noise, gradients and shapes."""
    noise = Image.effect_noise((WIDTH // 8, HEIGHT // 8), 40).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    grad = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    image = Image.merge("RGB", (noise, grad, grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 397) % WIDTH, (i * 211) % HEIGHT
        draw.ellipse((x, y, x + 600, y + 400), fill=((i * 53) % 255, (i * 97) % 255, (i * 31) % 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def pillow_reference(data: bytes, iterations: int) -> dict[str, Any]:
    timings = []
    outputs = 0
    for _ in range(iterations):
        started = time.perf_counter()
        outputs = 0
        for size in SIZES:
            with Image.open(io.BytesIO(data)) as im:
                im.draft("RGB", (size, size))
                im = ImageOps.exif_transpose(im)
                im.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
                for fmt in ("WEBP", "JPEG"):
                    im.save(io.BytesIO(), fmt, quality=80)
                    outputs += 1
        timings.append(time.perf_counter() - started)
    per_image = sum(timings) / len(timings)
    return {
        "seconds_per_image": round(per_image, 3),
        "renditions_per_image": outputs,
        "seconds_per_rendition": round(per_image / outputs, 3),
    }


def _renderer() -> tuple[Any, str] | tuple[None, str]:
    """The shared pipeline's entry point if it exists, else the catalogue's task, else a reason."""
    ProductImage = scenarios.apps.get_model("catalog", "ProductImage")
    try:
        images = importlib.import_module("craftmarket.common.images")
    except ImportError:
        images = None
    if images is not None and hasattr(images, "render_image"):
        return (lambda pk: images.render_image(model=ProductImage, pk=pk)), "craftmarket.common.images.render_image"
    try:
        from catalog.tasks import render_product_image
    except ImportError as exc:
        return None, f"neither craftmarket.common.images.render_image nor catalog.tasks.render_product_image: {exc}"
    return (lambda pk: render_product_image.apply(args=[pk]).get()), "catalog.tasks.render_product_image"


def pipeline(data: bytes, iterations: int) -> dict[str, Any]:
    render, via = _renderer()
    if render is None:
        return {"status": "n/a", "reason": via}
    ProductImage = scenarios.apps.get_model("catalog", "ProductImage")
    product = scenarios.public_products().order_by("pk").first()
    if product is None:
        return {"status": "n/a", "reason": "no public product to attach the photo to", "via": via}
    timings: list[float] = []
    counts: list[int] = []
    for i in range(iterations):
        image = ProductImage(product=product, alt_text="bench 24 MP", position=900 + i)
        image.original.save(f"bench-24mp-{i}.jpg", ContentFile(data), save=False)
        image.save()
        started = time.perf_counter()
        render(image.pk)
        timings.append(time.perf_counter() - started)
        image.refresh_from_db()
        renditions = image.renditions or []
        counts.append(len(renditions) if isinstance(renditions, list | dict) else 0)
        if not counts[-1]:
            status = getattr(image, "status", "?")
            reason = getattr(image, "failure_reason", "")
            return {
                "status": "n/a",
                "via": via,
                "reason": f"{via} left the image {status!r} with no renditions {reason}".strip(),
            }
    per_image = sum(timings) / len(timings)
    per = max(counts)
    return {
        "status": "ok",
        "via": via,
        "iterations": iterations,
        "seconds_per_image": round(per_image, 3),
        "max_seconds_per_image": round(max(timings), 3),
        "renditions_per_image": per,
        "seconds_per_rendition": round(per_image / per, 3),
        "renditions_per_second": round(per / per_image, 2),
        "images_per_second": round(1 / per_image, 2),
    }


def main() -> None:
    args = phase.setup(__doc__ or "")
    data = photo()
    iterations = 2 if args.quick else 5
    try:
        result = pipeline(data, iterations)
    except Exception as exc:  # a failing pipeline is a finding to report
        result = {"status": "n/a", "reason": f"the pipeline failed: {exc.__class__.__name__}: {exc}"}
    result["source"] = {"width": WIDTH, "height": HEIGHT, "bytes": len(data)}
    result["pillow_reference"] = pillow_reference(data, 1 if args.quick else iterations)
    phase.write(args.out, result)


if __name__ == "__main__":
    main()
