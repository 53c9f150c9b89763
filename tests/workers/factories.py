"""Factories and image fixtures for the workers tests."""

from __future__ import annotations

import io

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
