"""The rendition pipeline: orientation, metadata stripping, sizes, colour modes, idempotence and failures."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from PIL import Image, ImageCms

from catalog.models import ProductImage
from catalog.tasks import render_product_image
from craftmarket.common import images
from craftmarket.common.tasks import render_image_row
from tests.workers.factories import ProductImageFactory, encode, swapped_primaries_icc, two_colour_jpeg

pytestmark = pytest.mark.django_db


def public_files() -> list[str]:
    found = []

    def walk(folder: str) -> None:
        dirs, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{f}" for f in files)
        for d in dirs:
            walk(f"{folder}/{d}")

    if default_storage.exists(images.RENDITION_FOLDER):
        walk(images.RENDITION_FOLDER)
    return sorted(found)


def opened(name: str) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def render(image: ProductImage) -> ProductImage:
    assert render_product_image.delay(image.pk).get() in {"ready", "failed", "unchanged"}
    image.refresh_from_db()
    return image


def test_renditions_have_the_three_long_sides_in_webp_and_jpeg():
    image = render(ProductImageFactory(content=two_colour_jpeg(3000, 2000)))

    assert image.status == ProductImage.Status.READY
    assert image.failure_reason == ""
    assert [(r["width"], r["height"], r["format"]) for r in image.renditions] == [
        (320, 213, "jpeg"),
        (320, 213, "webp"),
        (640, 427, "jpeg"),
        (640, 427, "webp"),
        (1280, 853, "jpeg"),
        (1280, 853, "webp"),
    ]
    for rendition in image.renditions:
        stored = opened(rendition["name"])
        assert stored.size == (rendition["width"], rendition["height"])
        assert stored.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition["format"]]
        assert rendition["url"] == default_storage.url(rendition["name"])
    assert public_files() == sorted(r["name"] for r in image.renditions)


def test_small_original_is_never_enlarged():
    image = render(ProductImageFactory(content=two_colour_jpeg(500, 250)))

    assert sorted({(r["width"], r["height"]) for r in image.renditions}) == [(320, 160), (500, 250)]
    assert len(image.renditions) == 4


def test_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the viewer rotates 90° clockwise, so the red left half is on top.
    image = render(ProductImageFactory(content=two_colour_jpeg(400, 200, orientation=6)))

    largest = [r for r in image.renditions if r["format"] == "webp"][-1]
    assert (largest["width"], largest["height"]) == (200, 400)
    pixels = opened(largest["name"]).convert("RGB")
    top, bottom = pixels.getpixel((100, 50)), pixels.getpixel((100, 350))
    assert top[0] > 180 and top[2] < 60
    assert bottom[2] > 180 and bottom[0] < 60


def test_no_public_file_carries_exif_gps_xmp_or_icc():
    image = render(ProductImageFactory(content=two_colour_jpeg(1600, 1200, orientation=3)))

    names = public_files()
    assert len(names) == 6
    for name in names:
        stored = opened(name)
        assert dict(stored.getexif()) == {}, name
        assert not stored.info.get("exif"), name
        assert "icc_profile" not in stored.info, name
        assert "xmp" not in stored.info and "XML:com.adobe.xmp" not in stored.info, name
        with default_storage.open(name) as handle:
            raw = handle.read()
        for marker in (b"Exif", b"GPS", b"PhoneMaker", b"xmpmeta", b"ICC_PROFILE"):
            assert marker not in raw, (name, marker)
    # The original (with its GPS position) stays in private storage and is never among the public files.
    assert image.original.storage is not default_storage
    assert image.original.name not in names


def test_cmyk_jpeg_becomes_rgb_with_the_right_colours():
    cmyk = Image.new("CMYK", (800, 600), (0, 255, 255, 0))  # pure red in CMYK
    image = render(ProductImageFactory(content=encode(cmyk, "JPEG", quality=95)))

    assert image.status == ProductImage.Status.READY
    for rendition in image.renditions:
        stored = opened(rendition["name"])
        assert stored.mode == "RGB"
        red, green, blue = stored.getpixel((10, 10))
        assert red > 200 and green < 60 and blue < 60


def test_icc_tagged_photo_is_converted_through_its_profile_to_srgb():
    # In the embedded profile the first channel is green, so what the bytes call (200, 20, 20) is green in sRGB.
    tagged = Image.new("RGB", (640, 480), (200, 20, 20))
    image = render(ProductImageFactory(content=encode(tagged, "JPEG", quality=95, icc_profile=swapped_primaries_icc())))

    assert image.status == ProductImage.Status.READY
    for rendition in image.renditions:
        stored = opened(rendition["name"]).convert("RGB")
        assert "icc_profile" not in stored.info
        red, green, blue = stored.getpixel((5, 5))
        assert green > 170 and red < 60 and blue < 60, rendition["name"]


def test_srgb_tagged_photo_keeps_its_colours():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    rgb = Image.new("RGB", (640, 480), (10, 200, 30))
    image = render(ProductImageFactory(content=encode(rgb, "JPEG", quality=95, icc_profile=profile.tobytes())))

    stored = opened(image.renditions[-1]["name"]).convert("RGB")
    red, green, blue = stored.getpixel((5, 5))
    assert abs(red - 10) < 12 and abs(green - 200) < 12 and abs(blue - 30) < 12


def test_png_alpha_kept_in_webp_and_flattened_on_white_in_jpeg():
    rgba = Image.new("RGBA", (700, 700), (0, 0, 0, 0))
    rgba.paste((0, 128, 0, 255), (0, 0, 350, 700))
    image = render(ProductImageFactory(content=encode(rgba, "PNG")))

    assert image.status == ProductImage.Status.READY
    webp = opened(next(r["name"] for r in image.renditions if r["format"] == "webp" and r["width"] == 700))
    jpeg = opened(next(r["name"] for r in image.renditions if r["format"] == "jpeg" and r["width"] == 700))
    assert webp.mode == "RGBA"
    assert webp.getpixel((600, 350))[3] == 0
    assert jpeg.mode == "RGB"
    assert min(jpeg.getpixel((600, 350))) > 245  # transparent became white, not black


def test_palette_png_with_transparency_is_handled():
    palette = Image.new("P", (400, 300), 1)
    palette.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
    palette.paste(0, (0, 0, 100, 300))
    image = render(ProductImageFactory(content=encode(palette, "PNG", transparency=0)))

    assert image.status == ProductImage.Status.READY
    jpeg = opened(next(r["name"] for r in image.renditions if r["format"] == "jpeg" and r["width"] == 400))
    red, green, blue = jpeg.getpixel((300, 150))
    assert red > 170 and green < 70 and blue < 70


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped():
    grey16 = Image.new("I;16", (400, 300), 32768)  # mid grey in 16 bits
    image = render(ProductImageFactory(content=encode(grey16, "PNG")))

    assert image.status == ProductImage.Status.READY
    jpeg = opened(next(r["name"] for r in image.renditions if r["format"] == "jpeg" and r["width"] == 400))
    value = jpeg.convert("L").getpixel((200, 150))
    assert 120 <= value <= 136


@pytest.mark.parametrize(
    "content",
    [b"this is not an image at all", two_colour_jpeg(800, 600)[:900], b"\x89PNG\r\n\x1a\n" + b"\x00" * 200],
    ids=["text", "truncated-jpeg", "broken-png"],
)
def test_corrupt_file_ends_failed_with_a_reason_and_no_public_file(content):
    image = render(ProductImageFactory(content=content))

    assert image.status == ProductImage.Status.FAILED
    assert image.failure_reason == images.REASON_UNREADABLE
    assert image.renditions == []
    assert public_files() == []


def test_missing_original_fails_with_its_own_reason():
    image = ProductImageFactory()
    image.original.storage.delete(image.original.name)

    image = render(image)

    assert image.status == ProductImage.Status.FAILED
    assert image.failure_reason == images.REASON_MISSING


def test_second_run_is_a_no_op_with_the_same_files():
    image = render(ProductImageFactory(content=two_colour_jpeg(1500, 1000)))
    first = list(image.renditions)
    times = {name: default_storage.get_modified_time(name) for name in public_files()}

    outcome = images.render_image(model=ProductImage, pk=image.pk)
    image.refresh_from_db()

    assert outcome == images.Outcome("unchanged", 0)
    assert image.renditions == first
    assert {name: default_storage.get_modified_time(name) for name in public_files()} == times


def test_only_missing_renditions_are_made_again():
    image = render(ProductImageFactory(content=two_colour_jpeg(1500, 1000)))
    lost = image.renditions[2]["name"]
    default_storage.delete(lost)

    outcome = images.render_image(model=ProductImage, pk=image.pk)
    image.refresh_from_db()

    assert outcome == images.Outcome("ready", 1)
    assert default_storage.exists(lost)
    assert len(public_files()) == 6
    assert len(image.renditions) == 6


def test_task_returns_quietly_when_the_row_is_gone():
    image = ProductImageFactory()
    pk = image.pk
    image.delete()

    assert render_product_image.delay(pk).get() == "gone"
    assert render_image_row.delay("catalog.ProductImage", pk).get() == "gone"
    assert public_files() == []


def test_generic_task_renders_any_row_of_the_same_shape():
    image = ProductImageFactory(content=two_colour_jpeg(900, 600))

    assert render_image_row.delay("catalog.ProductImage", image.pk).get() == "ready"
    image.refresh_from_db()
    assert image.status == ProductImage.Status.READY
    assert len(image.renditions) == 6


def test_storage_error_in_eager_mode_records_a_temporary_failure_at_once(monkeypatch):
    image = ProductImageFactory()
    calls = []

    def broken_save(self, name, content, max_length=None):
        calls.append(name)
        raise OSError("storage unavailable")

    monkeypatch.setattr(FileSystemStorage, "save", broken_save)

    assert render_product_image.delay(image.pk).get() == "failed"
    image.refresh_from_db()

    assert len(calls) == 1
    assert image.status == ProductImage.Status.FAILED
    assert image.failure_reason == images.REASON_TEMPORARY
    assert image.renditions == []


def test_file_left_by_a_crashed_run_is_replaced_under_the_same_name():
    image = ProductImageFactory(content=two_colour_jpeg(900, 600))
    expected = images.rendition_name(image, 320, 213, "webp")
    default_storage.save(expected, ContentFile(b"half-written"))

    image = render(image)

    assert expected in [r["name"] for r in image.renditions]
    assert opened(expected).size == (320, 213)
    assert len(public_files()) == 6
