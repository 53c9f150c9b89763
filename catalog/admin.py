from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import search, selectors, services
from catalog.models import Category, Product, ProductImage, ProductStatusChange, Variant
from craftmarket.common.errors import DomainError


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_id", "name_en", "parent", "position"]
    list_filter = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.category_tree_invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.category_tree_invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        selectors.category_tree_invalidate()


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    readonly_fields = ["sku", "name", "price", "stock", "is_default"]
    can_delete = False


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["position", "is_primary", "alt_text", "status", "failure_reason"]
    readonly_fields = ["position", "is_primary", "alt_text", "status", "failure_reason"]
    can_delete = False


class StatusChangeInline(admin.TabularInline):
    model = ProductStatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RejectForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for the artisan"), widget=forms.Textarea, max_length=2000)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """Moderation: status changes only through the approve / reject / archive actions (the listing services)."""

    list_display = ["name", "artisan", "category", "status", "price", "featured", "created_at"]
    list_filter = ["status", "featured", "category__parent", "province"]
    search_fields = ["name", "slug", "artisan__business_name"]
    raw_id_fields = ["artisan"]
    readonly_fields = ["status", "rejection_reason", "published_at", "slug", "price"]
    exclude = ["search_vector"]
    inlines = [VariantInline, ProductImageInline, StatusChangeInline]
    actions = ["approve", "reject", "archive", "feature", "unfeature"]

    def has_add_permission(self, request):
        return False  # artisans create products in the studio

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search.refresh_search_vectors(product_ids=[obj.pk])  # a moderator's wording fix must be findable

    def _each(self, request, queryset, action, done: str) -> None:
        ok = 0
        for product in queryset:
            try:
                action(product=product, by=request.user)
                ok += 1
            except (DomainError, ValidationError) as exc:
                messages.error(request, f"{product}: {getattr(exc, 'message', exc)}")
        if ok:
            messages.success(request, done % {"n": ok})

    @admin.action(description=gettext_lazy("Approve and publish"))
    def approve(self, request, queryset):
        self._each(request, queryset, services.product_approve, _("%(n)d product(s) published."))

    @admin.action(description=gettext_lazy("Reject with a reason"))
    def reject(self, request, queryset):
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                self._each(
                    request,
                    queryset,
                    lambda product, by: services.product_reject(product=product, by=by, reason=reason),
                    _("%(n)d product(s) rejected."),
                )
                return None
        else:
            form = RejectForm()
        return render(
            request,
            "admin/catalog/reject.html",
            {"form": form, "products": queryset, "action": "reject", "opts": self.model._meta},
        )

    @admin.action(description=gettext_lazy("Archive"))
    def archive(self, request, queryset):
        self._each(request, queryset, services.product_archive, _("%(n)d product(s) archived."))

    @admin.action(description=gettext_lazy("Feature on the home page"))
    def feature(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda product, by: services.product_set_featured(product=product, by=by, featured=True),
            _("%(n)d product(s) featured."),
        )

    @admin.action(description=gettext_lazy("Stop featuring"))
    def unfeature(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda product, by: services.product_set_featured(product=product, by=by, featured=False),
            _("%(n)d product(s) no longer featured."),
        )
