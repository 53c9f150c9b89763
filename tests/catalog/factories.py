"""Catalogue test data, built through the real services where the path matters."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from artisans.models import Artisan
from catalog import services
from catalog.models import Category, Product, ProductImage, Variant
from tests.factories import ArtisanFactory, UserFactory


def jpeg_bytes(size: tuple[int, int] = (40, 30), color: str = "#a0522d") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "#224466").save(buf, "PNG")
    return buf.getvalue()


def upload(name: str = "foto.jpg", data: bytes | None = None, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes() if data is None else data, content_type=content_type)


def cat(slug: str) -> Category:
    """A category of the migrated tree (the data migration creates them)."""
    return Category.objects.get(slug=slug)


def artisan(**kwargs) -> Artisan:
    return ArtisanFactory(**kwargs)


def staff():
    return UserFactory(is_staff=True)


def draft(*, owner: Artisan | None = None, images: int = 1, stock: int = 5, **fields) -> Product:
    """A draft made by the service (default variant, images, search vector)."""
    owner = owner or artisan()
    data = {
        "name": "Tas Anyaman Rotan",
        "category": cat("rotan"),
        "description": "Tas anyaman rotan buatan tangan dari Cirebon.",
        "materials": "rotan",
        "price": 250_000,
        "weight_grams": 800,
        **fields,
    }
    return services.product_create(
        artisan=owner,
        by=owner.user,
        fields=data,
        stock=stock,
        images=[services.ImageInput(upload(f"foto{i}.jpg"), "") for i in range(images)],
    )


def published(*, owner: Artisan | None = None, **fields) -> Product:
    """A product taken through the real lifecycle: draft, pending, published."""
    product = draft(owner=owner, **fields)
    services.product_submit(product=product, by=product.artisan.user)
    return services.product_approve(product=product, by=staff())


def quick_published(
    *,
    owner: Artisan | None = None,
    category: str = "rotan",
    stock: int = 5,
    published_at=None,
    **fields,
) -> Product:
    """A published product written directly (fast, for browse tests); vectors are refreshed by the caller."""
    owner = owner or artisan()
    defaults = {
        "name": "Produk",
        "slug": None,
        "description": "",
        "price": 100_000,
        "weight_grams": 500,
        "province": owner.province,
    }
    defaults.update(fields)
    if defaults["slug"] is None:
        defaults["slug"] = f"p-{Product.objects.count() + 1}-{owner.pk}"
    product = Product.objects.create(
        artisan=owner,
        category=cat(category),
        status=Product.Status.PUBLISHED,
        published_at=published_at or timezone.now(),
        **defaults,
    )
    Variant.objects.create(product=product, sku=f"T-{product.pk}", price=product.price, stock=stock, is_default=True)
    ProductImage.objects.create(product=product, original="originals/x.jpg", is_primary=True, alt_text=product.name)
    return product
