"""Moderators' admin for the catalogue: products, the review queue, visitors' reports, categories.

Products and reports are read-only here: decisions are actions that call ``catalog.services`` (approve, reject,
feature, dismiss reports, take down), for one object (the buttons on its page) or many (the change list).
Regional moderators see only the products and reports of their provinces' artisans (``artisans.moderation``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Case, Count, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from artisans.moderation import (
    AuditInline,
    ProvinceScopedAdmin,
    ScopedExportAdmin,
    province_filter,
    run_each,
    with_reason,
)
from catalog import search, selectors, services
from catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductReviewQueue,
    ProductStatusChange,
    Report,
    Variant,
    VocabularyTerm,
)
from catalog.vocabulary import vocabulary_term_changed
from craftmarket.common.regions import province_name

S = Product.Status


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_id", "name_en", "parent", "position"]
    list_filter = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.category_tree_invalidate()
        if change and {"name_id", "name_en", "parent"} & set(form.changed_data):
            # Category names are part of the products' search text (weight B), also for the children's products.
            node = selectors.category_by_slug(obj.slug)
            ids = Product.objects.filter(category_id__in=node.descendant_ids()).values_list("pk", flat=True)
            search.refresh_search_vectors(product_ids=ids)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.category_tree_invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        selectors.category_tree_invalidate()


def thumbnail(url: str, alt: str) -> str:
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" class="moderation-thumb" width="64" height="64">', url, alt)


class FamilyFilter(admin.SimpleListFilter):
    """The four craft families (top-level categories), not every subcategory."""

    title = gettext_lazy("craft family")
    parameter_name = "family"

    def lookups(self, request, model_admin):
        return [(str(c.pk), c.name_id) for c in Category.objects.filter(parent=None).order_by("position", "name_id")]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        family = int(self.value())
        return queryset.filter(
            Q(category_id=family) | Q(category__parent_id=family) | Q(category__parent__parent_id=family)
        )


class ProductResource(resources.ModelResource):
    artisan = fields.Field(attribute="artisan__business_name", column_name="artisan")
    artisan_province = fields.Field(attribute="artisan__province", column_name="artisan_province")
    artisan_province_name = fields.Field(column_name="artisan_province_name")
    status = fields.Field(attribute="get_status_display", column_name="status")
    origin_province = fields.Field(attribute="province", column_name="origin_province")
    category = fields.Field(attribute="category__name_id", column_name="category")
    family = fields.Field(column_name="family")

    class Meta:
        model = Product
        fields = (
            "id",
            "name",
            "artisan",
            "artisan_province",
            "artisan_province_name",
            "status",
            "origin_province",
            "category",
            "family",
            "price",
            "featured",
            "hidden_by_reports",
            "published_at",
            "created_at",
        )
        export_order = fields

    def dehydrate_artisan_province_name(self, product: Product) -> str:
        return province_name(product.artisan.province)

    def dehydrate_family(self, product: Product) -> str:
        parent = product.category.parent
        return (parent or product.category).name_id

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("artisan", "category__parent")


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ["sku", "name", "price", "stock", "is_default"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["preview", "position", "is_primary", "alt_text", "status", "failure_reason"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj: ProductImage) -> str:
        return thumbnail(obj.thumb_url, obj.alt_text)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(AuditInline):
    model = ProductStatusChange


class ReportInline(AuditInline):
    model = Report
    fields = ["created_at", "reason", "note", "status", "decided_by", "decided_at", "decision_note"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Visitors' reports and their decisions")

    def get_queryset(self, request):
        return super(AuditInline, self).get_queryset(request).select_related("decided_by")


class ProductModeration(ScopedExportAdmin):
    """The decisions on products, shared by the full list and the review queue."""

    province_lookup = "artisan__province"
    actions = ["approve", "reject", "feature", "unfeature", "dismiss_reports", "take_down"]
    resource_classes = [ProductResource]
    list_select_related = ["artisan", "category"]

    def get_queryset(self, request):
        primary = Prefetch("images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images")
        return super().get_queryset(request).prefetch_related(primary)

    def moderation_buttons(self, request, obj: Product) -> list[tuple[str, str]]:
        buttons = []
        if obj.status == S.PENDING:
            buttons += [("approve", _("Approve and publish")), ("reject", _("Reject"))]
        if obj.status == S.PUBLISHED:
            buttons.append(("unfeature", _("Stop featuring")) if obj.featured else ("feature", _("Feature")))
        if obj.hidden_by_reports or obj.reports.filter(status=Report.Status.OPEN).exists():
            buttons += [("dismiss_reports", _("Dismiss the reports")), ("take_down", _("Take down"))]
        return buttons

    @admin.display(description=gettext_lazy("photo"))
    def photo(self, obj: Product) -> str:
        images = getattr(obj, "primary_images", None)
        image = images[0] if images else None
        return thumbnail(image.thumb_url if image else "", obj.name)

    @admin.display(description=gettext_lazy("province"), ordering="artisan__province")
    def province_label(self, obj: Product) -> str:
        return province_name(obj.artisan.province)

    @admin.action(description=gettext_lazy("Approve and publish"), permissions=["moderate"])
    def approve(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda product: services.product_approve(product=product, by=request.user),
            _("%(n)d product(s) published."),
        )

    @admin.action(description=gettext_lazy("Reject (with a reason)"), permissions=["moderate"])
    def reject(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Reject: tell the artisan why"),
            call=lambda product, reason: services.product_reject(product=product, by=request.user, reason=reason),
            done=_("%(n)d product(s) rejected."),
        )

    def _set_featured(self, request, queryset, featured: bool, done: str) -> None:
        def call(product: Product) -> None:
            services.product_set_featured(product=product, by=request.user, featured=featured)
            self.log_change(request, product, [{"changed": {"fields": ["featured"]}}])

        run_each(self, request, queryset, call, done)

    @admin.action(description=gettext_lazy("Feature on the home page"), permissions=["moderate"])
    def feature(self, request, queryset):
        self._set_featured(request, queryset.filter(status=S.PUBLISHED), True, _("%(n)d product(s) featured."))

    @admin.action(description=gettext_lazy("Stop featuring"), permissions=["moderate"])
    def unfeature(self, request, queryset):
        self._set_featured(request, queryset, False, _("%(n)d product(s) no longer featured."))

    @admin.action(description=gettext_lazy("Dismiss the open reports (visible again)"), permissions=["moderate"])
    def dismiss_reports(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda product: services.product_reports_dismiss(product=product, by=request.user),
            _("Reports dismissed for %(n)d product(s)."),
        )

    @admin.action(description=gettext_lazy("Take down after reports (with a reason)"), permissions=["moderate"])
    def take_down(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Take down: tell the artisan why"),
            call=lambda product, reason: services.product_take_down(product=product, by=request.user, reason=reason),
            done=_("%(n)d product(s) taken down."),
        )


class TimberLegalityFilter(admin.SimpleListFilter):
    """Wood listings without complete timber legality data (species, harvest country, volume or weight, V-Legal
    or DKP number): they cannot ship abroad until the artisan adds it."""

    title = gettext_lazy("timber legality")
    parameter_name = "timber"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [("missing", gettext_lazy("Wood, data missing"))]

    def queryset(self, request: Any, queryset: Any) -> Any:
        if self.value() == "missing":
            return queryset.filter(pk__in=selectors.wood_products_missing_legality().values("pk"))
        return queryset


@admin.register(Product)
class ProductAdmin(ProductModeration):
    list_display = [
        "photo",
        "name",
        "artisan",
        "province_label",
        "category",
        "status",
        "is_featured",
        "is_hidden",
        "price",
        "created_at",
    ]
    list_display_links = ["name"]
    list_filter = [
        "status",
        FamilyFilter,
        "featured",
        "hidden_by_reports",
        province_filter("artisan__province"),
        TimberLegalityFilter,
    ]
    search_fields = ["name", "slug", "artisan__business_name"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "artisan",
                    "category",
                    "status",
                    "rejection_reason",
                    "featured",
                    "hidden_by_reports",
                    "public_link",
                    "created_at",
                    "published_at",
                ]
            },
        ),
        (gettext_lazy("Description"), {"fields": ["description", "name_en", "description_en", "care_instructions"]}),
        (
            gettext_lazy("Facts"),
            {
                "fields": [
                    "price",
                    "materials",
                    "technique",
                    "province",
                    "length_cm",
                    "width_cm",
                    "height_cm",
                    "weight_grams",
                    "min_order_quantity",
                    "made_to_order",
                    "lead_time_days",
                    "hs_code",
                    "svlk_certified",
                    "svlk_document_number",
                    "timber_document_kind",
                    "timber_species",
                    "timber_species_scientific",
                    "timber_harvest_country",
                    "timber_volume_m3",
                    "timber_weight_grams",
                    "ships_abroad",
                    "slug",
                ]
            },
        ),
    ]
    readonly_fields = [f.name for f in Product._meta.fields if f.name != "search_vector"] + ["public_link"]

    @admin.display(description=gettext_lazy("featured"), boolean=True, ordering="featured")
    def is_featured(self, obj: Product) -> bool:
        return obj.featured

    @admin.display(description=gettext_lazy("hidden"), boolean=True, ordering="hidden_by_reports")
    def is_hidden(self, obj: Product) -> bool:
        return obj.hidden_by_reports

    @admin.display(description=gettext_lazy("public page"))
    def public_link(self, obj: Product) -> str:
        if not obj.is_public:
            return _("Not public")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Open"))

    inlines = [VariantInline, ProductImageInline, StatusChangeInline, ReportInline]


def _submitted_at():
    latest = (
        ProductStatusChange.objects.filter(product=OuterRef("pk"), to_status=S.PENDING)
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return Coalesce(Subquery(latest), "created_at")


@admin.register(ProductReviewQueue)
class ProductReviewQueueAdmin(ProductModeration):
    """Products waiting for review, oldest submission first."""

    list_display = ["photo", "name", "artisan", "province_label", "category", "submitted", "waiting"]
    list_display_links = ["name"]
    list_filter = [FamilyFilter, province_filter("artisan__province"), "made_to_order"]
    search_fields = ["name", "slug", "artisan__business_name"]
    actions = ["approve", "reject"]
    list_per_page = 50

    def annotate(self, queryset):
        return queryset.filter(status=S.PENDING).annotate(submitted_at=_submitted_at())

    def get_ordering(self, request):
        return ["submitted_at", "pk"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("catalog.view_product")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The queue lists; the decision page is the product's own page (same scoping, same actions).
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect("admin:catalog_product_change", obj.pk)

    @admin.display(description=gettext_lazy("submitted"), ordering="submitted_at")
    def submitted(self, obj: Product):
        return obj.submitted_at

    @admin.display(description=gettext_lazy("waiting"))
    def waiting(self, obj: Product) -> str:
        return timesince(obj.submitted_at, timezone.now())


@admin.register(Report)
class ReportAdmin(ProvinceScopedAdmin):
    """Visitors' reports, open ones first and oldest first. Decisions apply to the reported products."""

    province_lookup = "product__artisan__province"
    list_display = ["created_at", "product_link", "reason", "note", "status", "open_reports", "hidden"]
    list_filter = ["status", "reason", province_filter("product__artisan__province")]
    search_fields = ["product__name", "product__artisan__business_name", "note"]
    list_select_related = ["product", "product__artisan"]
    fields = ["product", "reason", "note", "status", "created_at", "decided_by", "decided_at", "decision_note"]
    readonly_fields = fields
    actions = ["dismiss_reports", "take_down"]

    def annotate(self, queryset):
        open_count = Count("product__reports", filter=Q(product__reports__status=Report.Status.OPEN))
        closed = Case(When(status=Report.Status.OPEN, then=Value(0)), default=Value(1))
        return queryset.annotate(open_count=open_count, closed=closed)

    def get_ordering(self, request):
        return ["closed", "created_at", "pk"]  # open reports first, oldest first

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("catalog.change_report") and request.user.has_perm("catalog.change_product")

    def moderation_buttons(self, request, obj: Report) -> list[tuple[str, str]]:
        if obj.status != Report.Status.OPEN:
            return []
        return [("dismiss_reports", _("Dismiss the reports")), ("take_down", _("Take down"))]

    @admin.display(description=gettext_lazy("product"), ordering="product__name")
    def product_link(self, obj: Report) -> str:
        url = reverse("admin:catalog_product_change", args=[obj.product_id])
        return format_html('<a href="{}">{}</a> <span class="quiet">({})</span>', url, obj.product, obj.product.artisan)

    @admin.display(description=gettext_lazy("open reports"), ordering="open_count")
    def open_reports(self, obj: Report) -> int:
        return obj.open_count

    @admin.display(description=gettext_lazy("hidden"), boolean=True)
    def hidden(self, obj: Report) -> bool:
        return obj.product.hidden_by_reports

    def _products(self, queryset):
        # ``queryset`` is already scoped: only the products of reports this moderator may see.
        return Product.objects.filter(pk__in=queryset.values("product_id")).select_related("artisan")

    @admin.action(
        description=gettext_lazy("Dismiss the reports of these listings (visible again)"), permissions=["moderate"]
    )
    def dismiss_reports(self, request, queryset):
        run_each(
            self,
            request,
            self._products(queryset),
            lambda product: services.product_reports_dismiss(product=product, by=request.user),
            _("Reports dismissed for %(n)d product(s)."),
        )

    @admin.action(description=gettext_lazy("Take these listings down (with a reason)"), permissions=["moderate"])
    def take_down(self, request, queryset):
        handled: set[int] = set()

        def call(report: Report, reason: str) -> None:
            if report.product_id in handled:  # several selected reports of one listing: one decision
                return
            handled.add(report.product_id)
            services.product_take_down(product=report.product, by=request.user, reason=reason)

        return with_reason(
            self,
            request,
            queryset,
            title=_("Take down: tell the artisan why"),
            call=call,
            done=_("Listings taken down for %(n)d report(s)."),
        )


@admin.register(VocabularyTerm)
class VocabularyTermAdmin(admin.ModelAdmin):
    """Materials and techniques with their English names: moderators add a translation for a tag artisans typed.
    Every change retires the cached vocabulary (catalog.vocabulary)."""

    list_display = ["name_id", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_id", "name_en"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        vocabulary_term_changed(name_id=obj.name_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        vocabulary_term_changed(name_id=obj.name_id)

    def delete_queryset(self, request, queryset):
        names = list(queryset.values_list("name_id", flat=True))
        super().delete_queryset(request, queryset)
        for name_id in names:
            vocabulary_term_changed(name_id=name_id)
