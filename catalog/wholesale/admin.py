from django.contrib import admin

from .models import PriceTier, SampleOffer


@admin.register(PriceTier)
class PriceTierAdmin(admin.ModelAdmin):
    """Read-only for staff: artisans set tiers in the studio (the service keeps the rules between rows)."""

    list_display = ["variant", "min_quantity", "unit_price", "business_only"]
    list_select_related = ["variant__product"]
    search_fields = ["variant__sku", "variant__product__name"]
    readonly_fields = ["variant", "min_quantity", "unit_price", "business_only"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SampleOffer)
class SampleOfferAdmin(admin.ModelAdmin):
    """Read-only for staff: artisans set sample terms in the studio (the service checks the rules)."""

    list_display = ["product", "price", "max_units", "lead_days", "credit_on_wholesale", "updated_at"]
    list_select_related = ["product"]
    search_fields = ["product__name"]
    readonly_fields = ["product", "price", "max_units", "lead_days", "credit_on_wholesale", "updated_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
