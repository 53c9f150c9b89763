"""seed_demo: verified artisans in many provinces, published products in every subcategory, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from artisans.models import Artisan, User
from catalog.models import Category, Product, ProductImage, Variant

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_browsable_catalogue_and_is_idempotent(client):
    call_command("seed_demo", products=126, stdout=io.StringIO())
    artisans = Artisan.objects.filter(status=Artisan.Status.VERIFIED, slug__in=[a.slug for a in Artisan.objects.all()])
    assert artisans.count() >= 12
    assert artisans.values("province").distinct().count() >= 8
    assert Product.objects.public().count() == 126
    leaves = Category.objects.filter(parent__isnull=False)
    assert set(Product.objects.public().values_list("category__slug", flat=True)) == set(
        leaves.values_list("slug", flat=True)
    )
    assert Variant.objects.filter(product__slug__startswith="demo-", is_default=True).count() == 126
    assert (
        ProductImage.objects.filter(product__slug__startswith="demo-", is_primary=True, status="ready").count() == 126
    )
    assert User.objects.filter(email="rotan-tegalwangi@craftmarket.test").get().check_password("craftmarket-demo")
    image = ProductImage.objects.first()
    assert image.original.storage.exists(image.original.name)

    def counts():
        return [m.objects.count() for m in (Product, Variant, ProductImage, User)]

    before = counts()
    call_command("seed_demo", products=126, stdout=io.StringIO())
    assert counts() == before
    assert client.get("/c/kayu/").status_code == 200
