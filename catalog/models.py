from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from craftmarket.common.storage import private_storage


class Category(models.Model):
    """A node of the category tree: four craft families at the top (logam, anyaman, kayu, fesyen)."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_id"]

    def __str__(self) -> str:
        return self.name_id


class ProductQuerySet(models.QuerySet["Product"]):
    def public(self) -> ProductQuerySet:
        """Published products of verified, unsuspended artisans: the only ones anything public shows."""
        return self.filter(status=Product.Status.PUBLISHED, artisan__status=Artisan.Status.VERIFIED)


class Product(models.Model):
    """A listing. The catalogue issue adds the remaining fields (tags, dimensions, HS code, SVLK…)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="products", verbose_name=_("artisan"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=140)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    price = models.BigIntegerField(_("price (IDR)"), help_text=_("Whole rupiah."))
    weight_grams = models.PositiveIntegerField(_("weight (grams)"))
    min_order_quantity = models.PositiveIntegerField(_("minimum order quantity"), default=1)
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=Q(weight_grams__gt=0), name="product_weight_positive"),
            models.CheckConstraint(condition=Q(min_order_quantity__gte=1), name="product_moq_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.name


class Variant(models.Model):
    """What the cart and orders hold. A product without variants has one default variant."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants", verbose_name=_("product"))
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(
        _("name"), max_length=80, blank=True, help_text=_("e.g. size or colour; empty for the default.")
    )
    price = models.BigIntegerField(_("price (IDR)"))
    stock = models.IntegerField(_("stock"), default=0)
    is_default = models.BooleanField(_("default variant"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
            models.UniqueConstraint(fields=["product"], condition=Q(is_default=True), name="one_default_variant"),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} {self.name}".strip()


class ProductImage(models.Model):
    """An uploaded photo. The original is private; the worker makes public renditions (the workers issue)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product"))
    original = models.FileField(_("original"), upload_to="originals/products/%Y/%m/", storage=private_storage)
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_primary = models.BooleanField(_("primary"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product"], condition=Q(is_primary=True), name="one_primary_image"),
        ]

    def __str__(self) -> str:
        return self.alt_text or f"image {self.pk}"
