from django.contrib import admin

from catalog.models import Category, Product, ProductImage, Variant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_id", "name_en", "parent", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["position", "is_primary", "alt_text", "status", "failure_reason"]
    readonly_fields = ["status", "failure_reason"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "artisan", "category", "status", "price", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "artisan__business_name"]
    raw_id_fields = ["artisan"]
    inlines = [VariantInline, ProductImageInline]
