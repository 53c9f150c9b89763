"""The rendition pipeline: public, metadata-free, sRGB copies of a private original upload.

It works on any model row with the shape of ``catalog.ProductImage`` (``original`` in private storage,
``status`` pending|ready|failed, ``failure_reason``, ``renditions`` JSON list), so artisan photos use it too.

Guarantees of :func:`render_image`:
- the row is locked (``select_for_update``) while it is processed, so two deliveries of one task never race;
- only missing renditions are computed: a second run is a no-op (same files, no duplicates), because file
  names are deterministic per row, original and size;
- every public file has its EXIF orientation applied and carries no metadata at all (no EXIF, GPS, XMP, ICC);
- colours are converted to sRGB (through the embedded ICC profile when there is one; CMYK becomes RGB);
- a file that cannot be decoded marks the row failed with a reason the artisan can read, and is not retried;
- a storage error raises :class:`TransientImageError` so that the task retries it later.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.utils.translation import gettext_noop
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from craftmarket.common.uploads import MAX_IMAGE_PIXELS

logger = logging.getLogger(__name__)

# Long side of each rendition, in pixels. A smaller original is never enlarged.
SIZES = (320, 640, 1280)
FORMATS = (("webp", "WEBP", "image/webp"), ("jpeg", "JPEG", "image/jpeg"))
WEBP_QUALITY = 80
JPEG_QUALITY = 82
RENDITION_FOLDER = "renditions"

# Stored in English and shown through {% translate %}: the artisan reads them in their own language.
REASON_UNREADABLE = gettext_noop(
    "We could not read this photo: the file is damaged or not a JPEG, PNG or WebP image. Please upload it again."
)
REASON_TOO_LARGE = gettext_noop("This photo has too many pixels (at most 40 megapixels). Please upload a smaller one.")
REASON_MISSING = gettext_noop("The uploaded file is missing. Please upload the photo again.")
REASON_TEMPORARY = gettext_noop("The photo could not be processed because of a temporary error. We will try again.")
PERMANENT_REASONS = (REASON_UNREADABLE, REASON_TOO_LARGE, REASON_MISSING)

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class TransientImageError(Exception):
    """Storage or I/O trouble that may pass: the task retries with backoff."""


class UnreadableImageError(Exception):
    """The bytes are not an image we can decode: permanent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    status: str  # "ready", "failed", "unchanged" or "gone"
    created: int = 0


def rendition_models() -> list[type[models.Model]]:
    """The installed models listed in IMAGE_RENDITION_MODELS (an app that is not installed is skipped)."""
    from django.conf import settings

    found = []
    for label in settings.IMAGE_RENDITION_MODELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def _target_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """Distinct (width, height) pairs for the configured long sides, never larger than the original."""
    long_side = max(width, height)
    result: list[tuple[int, int]] = []
    for size in SIZES:
        target = min(size, long_side)
        scale = target / long_side
        pair = (max(1, round(width * scale)), max(1, round(height * scale)))
        if pair not in result:
            result.append(pair)
    return result


def _base_name(row: models.Model) -> str:
    digest = hashlib.sha256(row.original.name.encode()).hexdigest()[:10]
    return f"{RENDITION_FOLDER}/{row._meta.app_label}/{row._meta.model_name}/{row.pk}-{digest}"


def rendition_name(row: models.Model, width: int, height: int, ext: str) -> str:
    """Deterministic storage name of one rendition: one name per row, original, size and format."""
    return f"{_base_name(row)}-{width}x{height}.{ext}"


def _read_original(row: models.Model) -> bytes:
    field = row.original
    if not field.name:
        raise UnreadableImageError(REASON_MISSING)
    try:
        with field.storage.open(field.name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise UnreadableImageError(REASON_MISSING)
    except OSError as exc:
        raise TransientImageError(str(exc)) from exc


def _to_srgb(image: Image.Image) -> Image.Image:
    """Any mode (CMYK, palette, 16-bit, alpha, ICC-tagged) to RGB or RGBA in sRGB."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        # 16-bit (or float) greyscale: scale to 8 bits instead of clipping everything above 255 to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        icc = None
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode in ("1", "L"):
        image = image.convert("RGB")
    elif image.mode in ("LA", "PA", "La", "RGBa"):
        image = image.convert("RGBA")
    has_alpha = image.mode == "RGBA"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if has_alpha else "RGB"
            if image.mode not in ("RGB", "RGBA", "CMYK"):
                image = image.convert(out_mode)
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            logger.info("ignoring an unusable ICC profile")
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """JPEG has no alpha: composite on white, the colour of the page behind the photo."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _decode(data: bytes, largest: tuple[int, int]) -> Image.Image:
    """Decode just enough pixels for the largest rendition, orient them and convert them to sRGB."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise UnreadableImageError(REASON_TOO_LARGE)
            if image.format == "JPEG":
                # Let libjpeg scale by 1/2, 1/4 or 1/8 while decoding: a 24 MP photo decodes at ~1.5 MP.
                orientation = image.getexif().get(0x0112, 1)
                want = largest if orientation in (1, 2, 3, 4) else (largest[1], largest[0])
                image.draft(image.mode, want)
            image.load()
            icc = image.info.get("icc_profile")
            image = ImageOps.exif_transpose(image)
            if icc:
                image.info["icc_profile"] = icc
            return _to_srgb(image)
    except UnreadableImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadableImageError(REASON_TOO_LARGE)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError):
        raise UnreadableImageError(REASON_UNREADABLE)


def _encode(image: Image.Image, fmt: str) -> bytes:
    # A fresh info dict: nothing of the original's metadata (EXIF, GPS, XMP, ICC, comments) can be written.
    image.info = {}
    out = io.BytesIO()
    if fmt == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=2)  # method 4+ is 3× slower for ~2% smaller files
    else:
        _flatten(image).save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _probe(data: bytes) -> tuple[int, int]:
    """The displayed size of the original (after EXIF orientation), read from the header only."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UnreadableImageError(REASON_TOO_LARGE)
                if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                    width, height = height, width
                return width, height
    except UnreadableImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadableImageError(REASON_TOO_LARGE)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError):
        raise UnreadableImageError(REASON_UNREADABLE)


def _present(storage: Storage, renditions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in renditions if isinstance(r, dict) and r.get("name") and storage.exists(r["name"])}


def _save(storage: Storage, name: str, content: bytes) -> str:
    # A file left by a run that died before recording it is replaced, so the name stays the deterministic one.
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # a concurrent writer; keep ours out of the way rather than publish two names
        storage.delete(saved)
        raise TransientImageError(f"could not store {name}")
    return saved


def _fail(row: models.Model, reason: str) -> None:
    row.status = "failed"
    row.failure_reason = reason
    row.save(update_fields=["status", "failure_reason"])


def render_image(*, model: type[models.Model], pk: Any) -> Outcome:
    """Make the missing renditions of one row and mark it ready (see the module docstring for guarantees)."""
    storage = default_storage
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None:
            return Outcome("gone")
        try:
            data = _read_original(row)
            width, height = _probe(data)
        except UnreadableImageError as exc:
            _fail(row, exc.reason)
            return Outcome("failed")
        try:
            present = _present(storage, list(row.renditions or []))
        except OSError as exc:
            raise TransientImageError(str(exc)) from exc
        wanted = [
            (w, h, ext, fmt, rendition_name(row, w, h, ext))
            for (w, h) in _target_sizes(width, height)
            for (ext, fmt, _mime) in FORMATS
        ]
        missing = [item for item in wanted if item[4] not in present]
        if not missing and row.status == "ready":
            return Outcome("unchanged")
        created = 0
        if missing:
            largest = max((w, h) for (w, h, *_rest) in missing)
            try:
                base = _decode(data, largest)
            except UnreadableImageError as exc:
                _fail(row, exc.reason)
                return Outcome("failed")
            # Largest first, each one reduced from the previous: cheap, and reducing_gap keeps it sharp.
            source = base
            for w, h, _ext, fmt, name in sorted(missing, key=lambda item: (-item[0], item[3])):
                if source.size != (w, h):
                    source = source.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
                try:
                    _save(storage, name, _encode(source.copy(), fmt))
                except OSError as exc:
                    raise TransientImageError(str(exc)) from exc
                created += 1
                present[name] = {}
        records = []
        for w, h, ext, _fmt, name in wanted:
            records.append({"width": w, "height": h, "format": ext, "name": name, "url": storage.url(name)})
        records.sort(key=lambda r: (r["width"], r["format"]))
        row.renditions = records
        row.status = "ready"
        row.failure_reason = ""
        row.save(update_fields=["renditions", "status", "failure_reason"])
    return Outcome("ready", created)


def mark_temporarily_failed(*, model: type[models.Model], pk: Any) -> None:
    """After the last retry of a transient error: the hourly retry job picks the row up again."""
    model.objects.filter(pk=pk).exclude(status="ready").update(status="failed", failure_reason=REASON_TEMPORARY)


def rendition_url(renditions: list[dict[str, Any]], *, width: int, fmt: str = "webp") -> str | None:
    """The URL of the smallest rendition at least ``width`` wide in ``fmt`` (or the largest there is)."""
    candidates = sorted((r for r in renditions if r.get("format") == fmt), key=lambda r: r["width"])
    for rendition in candidates:
        if rendition["width"] >= width:
            return rendition["url"]
    return candidates[-1]["url"] if candidates else None
