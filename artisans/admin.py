from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from artisans import services
from artisans.models import Artisan, ArtisanPhoto, ArtisanStatusChange, Certification, User
from craftmarket.common.errors import DomainError


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "email_verified", "date_joined"]
    search_fields = ["email", "name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "email_verified", "groups"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "language", "email_verified")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)


class ArtisanPhotoInline(admin.TabularInline):
    model = ArtisanPhoto
    extra = 0
    fields = ["kind", "alt_text", "status", "failure_reason"]
    readonly_fields = ["kind", "status", "failure_reason"]
    can_delete = False


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0
    fields = ["name", "issuer", "number", "valid_until", "document_link", "checked_by", "checked_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("document"))
    def document_link(self, obj: Certification) -> str:
        if not obj.pk:
            return "—"
        url = reverse("studio:certification-document", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(admin.TabularInline):
    model = ArtisanStatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _run(modeladmin, request, queryset, service, done: str) -> None:
    ok = 0
    for artisan in queryset:
        try:
            service(artisan=artisan, by=request.user)
            ok += 1
        except (DomainError, ValidationError) as exc:
            text = exc.message if isinstance(exc, DomainError) else "; ".join(exc.messages)
            modeladmin.message_user(request, f"{artisan}: {text}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, done % {"n": ok}, messages.SUCCESS)


@admin.register(Artisan)
class ArtisanAdmin(admin.ModelAdmin):
    list_display = ["business_name", "province", "business_type", "status", "created_at"]
    list_filter = ["status", "province", "business_type"]
    search_fields = ["business_name", "user__email", "nib"]
    # Profiles change only through the services (the owner's studio, the actions below): editing a legal field
    # here would skip the new review, so the change form is read-only and profiles are never added here.
    readonly_fields = [
        "user",
        "business_name",
        "slug",
        "status",
        "business_type",
        "nib",
        "year_founded",
        "workers",
        "categories",
        "story",
        "techniques",
        "materials",
        "capacity_per_month",
        "lead_time_days",
        "export_experience",
        "export_markets",
        "province",
        "regency",
        "district",
        "address",
        "postal_code",
        "phone",
        "whatsapp",
        "verified_at",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [ArtisanPhotoInline, CertificationInline, StatusChangeInline]
    actions = ["verify", "reinstate"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Verify the selected submitted artisans"), permissions=["change"])
    def verify(self, request, queryset):
        _run(self, request, queryset, services.artisan_verify, str(_("%(n)d artisan(s) verified.")))

    @admin.action(description=_("Reinstate the selected suspended artisans"), permissions=["change"])
    def reinstate(self, request, queryset):
        _run(self, request, queryset, services.artisan_reinstate, str(_("%(n)d artisan(s) reinstated.")))


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name", "artisan", "issuer", "valid_until", "checked_at"]
    list_filter = ["checked_at", "valid_until"]
    search_fields = ["name", "number", "artisan__business_name"]
    raw_id_fields = ["artisan"]
    fields = ["artisan", "name", "issuer", "number", "valid_until", "document_type", "checked_by", "checked_at"]
    readonly_fields = fields
    actions = ["check_certifications"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Mark the selected certifications as checked"), permissions=["change"])
    def check_certifications(self, request, queryset):
        ok = 0
        for certification in queryset.select_related("artisan"):
            try:
                services.certification_check(certification=certification, by=request.user)
                ok += 1
            except DomainError as exc:
                self.message_user(request, f"{certification}: {exc.message}", messages.ERROR)
        if ok:
            self.message_user(request, _("%(n)d certification(s) checked.") % {"n": ok}, messages.SUCCESS)
