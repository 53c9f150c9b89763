"""seed_demo at scale on PostgreSQL (issue 21): rows streamed with COPY while the secondary indexes are dropped,
vectors built by two connections, then the indexes back. The rows equal what the ORM path writes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from catalog import search, selectors
from catalog.management.commands import seed_demo
from catalog.models import Category, Product, ProductImage, Variant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

COUNT = seed_demo.BULK_THRESHOLD + 250  # the COPY path, and a last batch shorter than the others


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('catalog_product', 'catalog_variant', "
            "'catalog_productimage')"
        )
        return {row[0] for row in cursor.fetchall()}


def test_a_large_seed_copies_rows_equal_to_the_orm_path_and_restores_every_index():
    indexes = index_names()
    out = io.StringIO()
    call_command("seed_demo", products=COUNT, stdout=out)
    assert "rows copied" in out.getvalue()
    assert index_names() == indexes
    demo = Product.objects.filter(slug__startswith="demo-")
    assert demo.count() == COUNT
    assert not demo.filter(search_vector__isnull=True).exists()
    assert Variant.objects.filter(product__in=demo, is_default=True).count() == COUNT
    assert ProductImage.objects.filter(product__in=demo, is_primary=True, status="ready").count() == COUNT

    # Product 7 as the ORM path would build it, field by field.
    artisans = {a.pk: a for a in seed_demo.Artisan.objects.all()}
    makers = {sub: [] for sub in seed_demo.PRODUCTS}
    for slug, *_rest, subcats in seed_demo.ARTISANS:
        artisan = next(a for a in artisans.values() if a.slug == slug)
        for sub in subcats:
            makers[sub].append(artisan)
    categories = {c.slug: c for c in Category.objects.filter(slug__in=seed_demo.PRODUCTS)}
    values, stock, _sub, _i = seed_demo._product_row(7, makers=makers, categories=categories, now=timezone.now())
    stored = Product.objects.get(slug=values["slug"])
    for name, value in values.items():
        if name in ("published_at", "created_at", "updated_at"):
            continue
        assert getattr(stored, name) == value, name
    assert stored.variants.get(is_default=True).stock == stock
    photo = stored.images.get(is_primary=True)
    assert photo.renditions and all(r["name"].startswith("renditions/products/demo/") for r in photo.renditions)
    assert photo.alt_text == values["name"]
    word = values["name"].split()[0]
    found = selectors.product_search_public(filters={"q": word}).products
    assert found.filter(pk=stored.pk).exists() or found.count() >= search.RESULT_LIMIT

    before = [m.objects.count() for m in (Product, Variant, ProductImage)]
    call_command("seed_demo", products=COUNT, stdout=io.StringIO())  # idempotent
    assert [m.objects.count() for m in (Product, Variant, ProductImage)] == before
