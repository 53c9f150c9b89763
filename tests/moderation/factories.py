"""Moderators of each kind, and artisans and products in two provinces (DI Yogyakarta and Bali)."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from artisans.models import Artisan, ArtisanStatusChange, StaffProfile
from catalog.models import Product, ProductImage, ProductStatusChange
from tests.factories import ArtisanFactory, CategoryFactory, ProductFactory, UserFactory, VariantFactory

YOGYA, BALI = "ID-YO", "ID-BA"


def national(email: str = "nasional@dekranas.id"):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Dekranas moderator"))
    return user


def regional(provinces=(YOGYA,), email: str = "yogya@dekranasda.id"):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Dekranasda moderator"))
    StaffProfile.objects.create(user=user, provinces=list(provinces))
    return user


def staff_without_permissions(email: str = "staf@dekranas.id"):
    return UserFactory(email=email, is_staff=True)


def submitted_artisan(province: str = YOGYA, **kwargs) -> Artisan:
    artisan = ArtisanFactory(status=Artisan.Status.SUBMITTED, province=province, **kwargs)
    ArtisanStatusChange.objects.create(artisan=artisan, from_status="draft", to_status="submitted", actor=artisan.user)
    return artisan


def verified_artisan(province: str = YOGYA, **kwargs) -> Artisan:
    return ArtisanFactory(status=Artisan.Status.VERIFIED, province=province, **kwargs)


def product(status: str = Product.Status.PUBLISHED, province: str = YOGYA, artisan=None, **kwargs) -> Product:
    family = CategoryFactory(slug="anyaman", name_id="Anyaman", name_en="Woven crafts")
    category = CategoryFactory(slug="rotan", name_id="Rotan", name_en="Rattan", parent=family)
    artisan = artisan or verified_artisan(province=province)
    item = ProductFactory(artisan=artisan, status=status, province=artisan.province, category=category, **kwargs)
    VariantFactory(product=item)
    if status == Product.Status.PENDING:
        ProductStatusChange.objects.create(product=item, from_status="draft", to_status="pending", actor=artisan.user)
    return item


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    original = "originals/products/x.jpg"
    is_primary = True
    status = ProductImage.Status.READY
    renditions = factory.LazyFunction(lambda: [{"width": 200, "url": "/media/renditions/x-200.webp"}])
