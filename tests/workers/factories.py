"""Factories and image fixtures for the workers tests."""

from __future__ import annotations

import io
import struct

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from PIL import Image, ImageCms

from catalog.models import ProductImage
from craftmarket.common.models import Notification
from tests.factories import ProductFactory, UserFactory

GPS_LATITUDE = ((7, 1), (47, 1), (5022, 100))  # Yogyakarta, as a phone writes it


def exif_with_gps(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone X"
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (7.0, 47.0, 50.22)
    gps[3] = "E"
    gps[4] = (110.0, 21.0, 42.5)
    return exif.tobytes()


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="7,47.837S"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def two_colour_jpeg(width: int = 400, height: int = 200, *, orientation: int = 1, gps: bool = True) -> bytes:
    """Left half red, right half blue; with EXIF orientation, GPS, XMP and an sRGB ICC profile."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    out = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    kwargs = {"exif": exif_with_gps(orientation)} if gps else {}
    image.save(out, "JPEG", quality=90, icc_profile=icc, xmp=XMP, **kwargs)
    return out.getvalue()


def encode(image: Image.Image, fmt: str, **kwargs) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


class ProductImageFactory(DjangoModelFactory):
    class Meta:
        model = ProductImage

    class Params:
        content = factory.LazyFunction(two_colour_jpeg)

    product = factory.SubFactory(ProductFactory)
    alt_text = "Tas anyaman rotan"
    original = factory.LazyAttribute(lambda o: ContentFile(o.content, name="phone-photo.jpg"))


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    event = "order_shipped"
    title = "Order CM-1 has been shipped"
    body = "Your order CM-1 is on its way."
    url = "/orders/1/"


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def swapped_primaries_icc() -> bytes:
    """A valid ICC v2 RGB profile whose red and green colorants are swapped: its (200, 20, 20) is green in sRGB.

    Used to prove that renditions are converted through the embedded profile rather than copied as if sRGB.
    """
    red, green, blue = (0.3851, 0.7169, 0.0971), (0.4361, 0.2225, 0.0139), (0.1431, 0.0606, 0.7141)
    d50 = (0.9642, 1.0, 0.8249)

    def xyz(values):
        return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, int(2.2 * 256)) + b"\0\0"
    text = b"Swapped primaries\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0\0\0" + b"\0" * 67
    desc += b"\0" * (-len(desc) % 4)
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(d50)),
        (b"rXYZ", xyz(red)),
        (b"gXYZ", xyz(green)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0No copyright\0\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + b"\0\0\0\0"
        + b"".join(_s15(v) for v in d50)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
