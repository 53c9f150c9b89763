from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from catalog.categories_data import WOOD_FAMILY
from craftmarket.common import ratings
from craftmarket.common.regions import PROVINCE_CHOICES, province_name
from craftmarket.common.storage import private_storage
from craftmarket.common.validators import (
    INTEGER_MAX,
    LEAD_TIME_DAYS_MAX,
    PRICE_MAX,
    QUANTITY_MAX,
    SMALLINT_MAX,
    WEIGHT_GRAMS_MAX,
    hs_code_validator,
    int_range,
)


def _english() -> bool:
    return (get_language() or "id").startswith("en")


class Category(models.Model):
    """A node of the category tree: four craft families at the top (logam, anyaman, kayu, fesyen)."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=int_range(0, SMALLINT_MAX))

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_id"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the visitor's language (English visitors get ``name_en``)."""
        return self.name_en if _english() and self.name_en else self.name_id


class ProductQuerySet(models.QuerySet["Product"]):
    def public(self) -> ProductQuerySet:
        """Published products of verified, unsuspended artisans, not hidden by visitors' reports: the only ones
        anything public shows."""
        return self.filter(
            status=Product.Status.PUBLISHED, artisan__status=Artisan.Status.VERIFIED, hidden_by_reports=False
        )


class TimberDocument(models.TextChoices):
    VLEGAL = "vlegal", _("V-Legal document (SVLK)")
    DKP = "dkp", _("Supplier's declaration of conformity (DKP)")


def in_wood_family(category: Category | None) -> bool:
    """Whether ``category`` is the wood family (kayu) or below it."""
    node = category
    while node is not None:
        if node.slug == WOOD_FAMILY:
            return True
        node = node.parent
    return False


class Product(models.Model):
    """A listing. Writes go through ``catalog.services``; ``price`` mirrors the cheapest variant for browse."""

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
    name_en = models.CharField(_("name (English)"), max_length=140, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    # Tags: lower-case, comma-separated, no spaces around commas ("rotan,pandan"); normalised by the service.
    materials = models.CharField(_("materials"), max_length=255, blank=True)
    technique = models.CharField(_("technique"), max_length=255, blank=True)
    province = models.CharField(_("origin province"), max_length=5, choices=PROVINCE_CHOICES, db_index=True)
    length_cm = models.DecimalField(_("length (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    width_cm = models.DecimalField(_("width (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(_("height (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    price = models.BigIntegerField(_("price (IDR)"), help_text=_("Whole rupiah."), validators=int_range(1, PRICE_MAX))
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), validators=int_range(1, WEIGHT_GRAMS_MAX))
    min_order_quantity = models.PositiveIntegerField(
        _("minimum order quantity"), default=1, validators=int_range(1, QUANTITY_MAX)
    )
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), null=True, blank=True, validators=int_range(1, LEAD_TIME_DAYS_MAX)
    )
    care_instructions = models.TextField(_("care instructions"), blank=True)
    care_instructions_en = models.TextField(_("care instructions (English)"), blank=True)
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True, validators=[hs_code_validator])
    svlk_certified = models.BooleanField(
        _("SVLK timber legality"), default=False, help_text=_("Wood products: V-Legal document or supplier's DKP.")
    )
    svlk_document_number = models.CharField(_("SVLK / DKP document number"), max_length=80, blank=True)
    # Timber legality (wood family): what the V-Legal document and the export documents print per product unit.
    timber_document_kind = models.CharField(
        _("timber legality document"), max_length=8, choices=TimberDocument.choices, blank=True
    )
    timber_species = models.CharField(_("wood species (common name)"), max_length=80, blank=True)
    timber_species_scientific = models.CharField(_("wood species (scientific name)"), max_length=120, blank=True)
    timber_harvest_country = models.CharField(
        _("country of harvest (ISO code)"), max_length=2, blank=True, help_text=_("e.g. ID for Indonesia.")
    )
    timber_volume_m3 = models.DecimalField(
        _("wood volume per unit (m³)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    timber_weight_grams = models.PositiveIntegerField(
        _("wood weight per unit (grams)"), null=True, blank=True, validators=int_range(1, WEIGHT_GRAMS_MAX)
    )
    ships_abroad = models.BooleanField(
        _("ships abroad"), default=False, help_text=_("Wood products need their timber legality data first.")
    )
    featured = models.BooleanField(_("featured on the home page"), default=False, db_index=True)
    # Set by the report service when REPORTS_HIDE_THRESHOLD reports are open, cleared by a moderator's decision.
    hidden_by_reports = models.BooleanField(_("hidden by reports"), default=False)
    popularity = models.IntegerField(_("popularity"), default=0, validators=int_range(0, INTEGER_MAX))
    # The cheapest tier open to every buyer over all variants, and its quantity ("from Rp 72.000 at 200 pcs" on
    # cards, no query), and whether tiers for verified businesses exist: kept by catalog.wholesale.services in
    # the transaction that writes the tiers.
    wholesale_price = models.BigIntegerField(
        _("lowest tier price (IDR)"), null=True, blank=True, editable=False, validators=int_range(1, PRICE_MAX)
    )
    wholesale_quantity = models.PositiveIntegerField(
        _("quantity of the lowest tier"), null=True, blank=True, editable=False, validators=int_range(1, QUANTITY_MAX)
    )
    wholesale_business_only = models.BooleanField(_("has business-only tiers"), default=False, editable=False)
    # Pieces the workshop makes of this product in a month (made to order): the lead time grows with the quantity
    # (catalog.wholesale.selectors.lead_time_days). Empty: the lead time does not depend on the quantity.
    monthly_capacity = models.PositiveIntegerField(
        _("monthly capacity (pieces)"), null=True, blank=True, editable=False, validators=int_range(1, INTEGER_MAX)
    )
    # The aggregate of the product's visible reviews, kept by orders.reviews.services (cards read it: no query).
    rating_count = ratings.count_field()
    rating_sum = ratings.sum_field()
    rating_average = ratings.average_field()
    search_vector = SearchVectorField(_("search vector"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at"]
        constraints = [
            *ratings.rating_constraints("product"),
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=Q(weight_grams__gt=0), name="product_weight_positive"),
            models.CheckConstraint(condition=Q(min_order_quantity__gte=1), name="product_moq_at_least_one"),
            models.CheckConstraint(
                condition=Q(made_to_order=False) | Q(lead_time_days__gte=1), name="product_mto_has_lead_time"
            ),
            models.CheckConstraint(
                condition=Q(svlk_certified=False) | ~Q(svlk_document_number=""), name="product_svlk_has_document"
            ),
            models.CheckConstraint(
                condition=Q(status="rejected") | Q(rejection_reason=""), name="product_reason_only_when_rejected"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="product_status_published"),
            models.Index(fields=["status", "price"], name="product_status_price"),
            models.Index(fields=["status", "-popularity"], name="product_status_popularity"),
            # Browse (docs/performance.md): public rows only (published, not hidden by reports), in each list order,
            # with the category and the artisan as trailing key columns, so that a page's ids, a deep page and a
            # capped count are index-only walks of one index.
            models.Index(
                fields=["-published_at", "-id", "category", "artisan"],
                name="product_pub_newest",
                condition=Q(status="published", hidden_by_reports=False),
            ),
            models.Index(
                fields=["-popularity", "-id", "category", "artisan"],
                name="product_pub_popular",
                condition=Q(status="published", hidden_by_reports=False),
            ),
            models.Index(
                fields=["price", "id", "category", "artisan"],
                name="product_pub_price",
                condition=Q(status="published", hidden_by_reports=False),
            ),
            models.Index(
                fields=["-rating_average", "-rating_count", "-id", "category", "artisan"],
                name="product_pub_rating",
                condition=Q(status="published", hidden_by_reports=False),
            ),
            models.Index(
                fields=["category", "-published_at", "-id", "artisan"],
                name="product_pub_category",
                condition=Q(status="published", hidden_by_reports=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """What visitors read: the artisan's English name for English visitors when they gave one."""
        return self.name_en if _english() and self.name_en else self.name

    @property
    def display_description(self) -> str:
        return self.description_en if _english() and self.description_en else self.description

    @property
    def display_care(self) -> str:
        """Care instructions in the visitor's language; Indonesian when the artisan wrote no English."""
        return self.care_instructions_en if _english() and self.care_instructions_en else self.care_instructions

    @property
    def care_is_fallback(self) -> bool:
        """An English visitor reads the Indonesian care text (the page marks it ``lang="id"``)."""
        return _english() and not self.care_instructions_en and bool(self.care_instructions)

    @property
    def missing_english(self) -> list[str]:
        """The English texts a buyer abroad misses (the studio nudges the artisan to write them)."""
        missing = []
        if not self.name_en:
            missing.append(_("name"))
        if self.description and not self.description_en:
            missing.append(_("description"))
        if self.care_instructions and not self.care_instructions_en:
            missing.append(_("care instructions"))
        return missing

    @property
    def missing_for_abroad(self) -> list[str]:
        """What every line shipped abroad needs (orders.shipping): an HS code and parcel dimensions."""
        missing = []
        if not self.hs_code:
            missing.append(_("HS code"))
        if not (self.length_cm and self.width_cm and self.height_cm):
            missing.append(_("parcel dimensions"))
        return missing

    @property
    def material_list(self) -> list[str]:
        return [t for t in self.materials.split(",") if t]

    @property
    def technique_list(self) -> list[str]:
        return [t for t in self.technique.split(",") if t]

    @property
    def province_name(self) -> str:
        return province_name(self.province)

    def timber_legality_missing(self) -> list[str]:
        """The timber legality fields a wood product still lacks (names of the fields), [] when complete or when
        the product is not wood."""
        if not in_wood_family(self.category):
            return []
        missing = [
            name
            for name in ("timber_species", "timber_species_scientific", "timber_harvest_country")
            if not getattr(self, name).strip()
        ]
        if not self.timber_volume_m3 and not self.timber_weight_grams:
            missing.append("timber_volume_m3")
        if not self.svlk_certified or not self.svlk_document_number.strip() or not self.timber_document_kind:
            missing.append("svlk_document_number")
        return missing

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.artisan.status == Artisan.Status.VERIFIED
            and not self.hidden_by_reports
        )


class ProductStatusChange(models.Model):
    """History of the listing lifecycle: who moved a product from which status to which, when and why."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("product")
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Product.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Product.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("product status change")
        verbose_name_plural = _("product status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.from_status} → {self.to_status}"


class Variant(models.Model):
    """What the cart and orders hold. A product without variants has one default variant."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants", verbose_name=_("product"))
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(
        _("name"), max_length=80, blank=True, help_text=_("e.g. size or colour; empty for the default.")
    )
    price = models.BigIntegerField(_("price (IDR)"), validators=int_range(1, PRICE_MAX))
    stock = models.IntegerField(_("stock"), default=0, validators=int_range(0, INTEGER_MAX))
    is_default = models.BooleanField(_("default variant"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=int_range(0, SMALLINT_MAX))

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
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=int_range(0, SMALLINT_MAX))
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

    def _rendition_urls(self) -> list[tuple[int, str]]:
        """Renditions as (width, url), narrowest first. Entries are dicts with ``width`` and ``url`` or ``name``
        (a path in the public storage), as the workers' pipeline writes them."""
        by_width: dict[int, str] = {}
        for entry in self.renditions or []:
            if not isinstance(entry, dict) or "width" not in entry:
                continue
            url = entry.get("url") or (default_storage.url(entry["name"]) if entry.get("name") else "")
            # One URL per width; WebP wins over other formats when the worker wrote both.
            if url and (int(entry["width"]) not in by_width or entry.get("format") == "webp"):
                by_width[int(entry["width"])] = url
        return sorted(by_width.items())

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self._rendition_urls())

    @property
    def url(self) -> str:
        """The widest rendition, or an empty string while the worker has not made any."""
        urls = self._rendition_urls()
        return urls[-1][1] if urls else ""

    @property
    def thumb_url(self) -> str:
        urls = self._rendition_urls()
        return urls[0][1] if urls else ""

    @property
    def srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for width, url in self._rendition_urls())


class Report(models.Model):
    """A visitor's report of a listing. Open reports wait for a moderator; enough of them hide the product."""

    class Reason(models.TextChoices):
        COUNTERFEIT = "counterfeit", _("Counterfeit or copied design")
        PROHIBITED = "prohibited", _("Prohibited item")
        WRONG_CATEGORY = "wrong_category", _("Wrong category")
        OFFENSIVE = "offensive", _("Offensive content")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Upheld (listing taken down)")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reports", verbose_name=_("product"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    # A keyed hash of the visitor's IP address (never the address): one open report per visitor and product.
    reporter_key = models.CharField(_("reporter key"), max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "reporter_key"], condition=Q(status="open"), name="report_one_open_per_reporter"
            ),
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True) | (~Q(status="open") & Q(decided_at__isnull=False)),
                name="report_decided_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["status", "product"], name="report_status_product")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.product_id}"


class ProductReviewQueue(Product):
    """The admin's queue of products waiting for review (a proxy: same rows, its own list page)."""

    class Meta:
        proxy = True
        verbose_name = _("product waiting for review")
        verbose_name_plural = _("products waiting for review")


class SearchTerm(models.Model):
    """A word of the catalogue's product names, materials and techniques, with the number of products that use
    it: the vocabulary a search with no match is spell-corrected against (catalog.search). Kept by
    ``search.refresh_search_terms``; a trigram GIN index on ``word`` (PostgreSQL only, migration 0007)."""

    word = models.CharField(_("word"), max_length=64, primary_key=True)
    documents = models.PositiveIntegerField(_("products"), default=1, validators=int_range(0, INTEGER_MAX))

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.word


class VocabularyTerm(models.Model):
    """A material or technique with its Indonesian and English names (rotan / rattan, ukir / carving). Artisans
    still type free tags: a tag with a term shows in the visitor's language, an unknown one as typed, and
    moderators add the missing translations in the admin (catalog.vocabulary)."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("Material")
        TECHNIQUE = "technique", _("Technique")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_id = models.CharField(_("Indonesian name"), max_length=64, help_text=_("As artisans type it, e.g. rotan."))
    name_en = models.CharField(_("English name"), max_length=64, help_text=_("e.g. rattan."))

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        ordering = ["kind", "name_id"]
        constraints = [
            models.UniqueConstraint(Lower("name_id"), "kind", name="vocabularyterm_unique_kind_name_id"),
        ]

    def __str__(self) -> str:
        return f"{self.name_id} / {self.name_en}"
