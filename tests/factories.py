"""factory_boy factories shared by the suite (Faker with the Indonesian locale)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from artisans.models import Artisan, User
from catalog.models import Category, Product, Variant

factory.Faker._DEFAULT_LOCALE = "id_ID"

PASSWORD = "kerajinan-rahasia-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.id")
    name = factory.Faker("name")
    email_verified = True
    password = factory.django.Password(PASSWORD)


class ArtisanFactory(DjangoModelFactory):
    class Meta:
        model = Artisan

    user = factory.SubFactory(UserFactory)
    business_name = factory.Sequence(lambda n: f"Sanggar Kriya {n}")
    slug = factory.Sequence(lambda n: f"sanggar-kriya-{n}")
    status = Artisan.Status.VERIFIED
    province = "ID-YO"
    regency = "Kota Yogyakarta"


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kategori-{n}")
    name_id = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    artisan = factory.SubFactory(ArtisanFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Tas Anyaman Rotan {n}")
    slug = factory.Sequence(lambda n: f"tas-anyaman-rotan-{n}")
    description = "Tas anyaman rotan buatan tangan."
    status = Product.Status.PUBLISHED
    price = 250_000
    weight_grams = 800


class VariantFactory(DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    price = factory.LazyAttribute(lambda v: v.product.price)
    stock = 10
    is_default = True
