"""Moderators' admin for accounts, artisan profiles, the verification queue and certifications.

Profiles and certifications are read-only here: every change goes through an action, i.e. through a service of
``artisans.services``, for one object (the buttons on its page) or many (the change list). Regional moderators see
only their provinces (``artisans.moderation``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from artisans import services
from artisans.models import (
    Artisan,
    ArtisanPhoto,
    ArtisanReviewQueue,
    ArtisanStatusChange,
    Certification,
    StaffProfile,
    User,
)
from artisans.moderation import (
    AuditInline,
    ProvinceScopedAdmin,
    ScopedExportAdmin,
    province_filter,
    run_each,
    with_reason,
)
from craftmarket.common.regions import PROVINCE_CHOICES, province_name

S = Artisan.Status


# --- staff accounts -------------------------------------------------------------------------------------------


class StaffProfileForm(forms.ModelForm):
    provinces = forms.MultipleChoiceField(
        label=gettext_lazy("Provinces covered (Dekranasda moderators)"),
        choices=PROVINCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = StaffProfile
        fields = ["provinces"]


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    form = StaffProfileForm
    can_delete = False
    extra = 0
    max_num = 1
    verbose_name_plural = gettext_lazy("Regional moderation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "email_verified", "date_joined"]
    search_fields = ["email", "name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "email_verified", "groups"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (gettext_lazy("Personal info"), {"fields": ("name", "language", "email_verified")}),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)
    inlines = [StaffProfileInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None and obj.is_staff else []


# --- artisans -------------------------------------------------------------------------------------------------


class ArtisanResource(resources.ModelResource):
    status = fields.Field(attribute="get_status_display", column_name="status")
    province_name = fields.Field(attribute="province_name", column_name="province_name")
    business_type = fields.Field(attribute="get_business_type_display", column_name="business_type")

    class Meta:
        model = Artisan
        fields = (
            "id",
            "business_name",
            "status",
            "province",
            "province_name",
            "regency",
            "business_type",
            "workers",
            "verified_at",
            "created_at",
        )
        export_order = fields


class ArtisanPhotoInline(admin.TabularInline):
    model = ArtisanPhoto
    extra = 0
    fields = ["kind", "preview", "alt_text", "status", "failure_reason"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj: ArtisanPhoto) -> str:
        return thumbnail(obj.url, obj.alt_text)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0
    fields = ["name", "issuer", "number", "valid_until", "document_link", "checked_by", "checked_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("document"))
    def document_link(self, obj: Certification) -> str:
        if not obj.pk:
            return "—"
        url = reverse("studio:certification-document", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(AuditInline):
    model = ArtisanStatusChange


def thumbnail(url: str, alt: str) -> str:
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" class="moderation-thumb" width="64" height="64">', url, alt)


class ArtisanModeration(ScopedExportAdmin):
    """The decisions on artisans, shared by the full list and the verification queue."""

    actions = ["verify", "request_changes", "suspend", "reinstate"]
    resource_classes = [ArtisanResource]

    def moderation_buttons(self, request, obj: Artisan) -> list[tuple[str, str]]:
        return {
            S.SUBMITTED: [("verify", _("Verify")), ("request_changes", _("Request changes"))],
            S.VERIFIED: [("suspend", _("Suspend"))],
            S.SUSPENDED: [("reinstate", _("Reinstate"))],
        }.get(obj.status, [])

    @admin.action(description=gettext_lazy("Verify (the profile becomes public)"), permissions=["moderate"])
    def verify(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda artisan: services.artisan_verify(artisan=artisan, by=request.user),
            _("%(n)d artisan(s) verified."),
        )

    @admin.action(description=gettext_lazy("Request changes (with a reason)"), permissions=["moderate"])
    def request_changes(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Request changes: tell the artisan what to change"),
            call=lambda artisan, reason: services.artisan_request_changes(
                artisan=artisan, by=request.user, reason=reason
            ),
            done=_("Changes requested from %(n)d artisan(s)."),
        )

    @admin.action(
        description=gettext_lazy("Suspend (hides the artisan and all its products)"), permissions=["moderate"]
    )
    def suspend(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Suspend: tell the artisan why"),
            call=lambda artisan, reason: services.artisan_suspend(artisan=artisan, by=request.user, reason=reason),
            done=_("%(n)d artisan(s) suspended."),
        )

    @admin.action(description=gettext_lazy("Reinstate (public again)"), permissions=["moderate"])
    def reinstate(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda artisan: services.artisan_reinstate(artisan=artisan, by=request.user),
            _("%(n)d artisan(s) reinstated."),
        )


@admin.register(Artisan)
class ArtisanAdmin(ArtisanModeration):
    list_display = ["business_name", "province_label", "business_type", "status", "outstanding_since", "created_at"]
    list_filter = [
        "status",
        province_filter("province"),
        "business_type",
        "categories",
        ("outstanding_since", admin.EmptyFieldListFilter),
    ]
    search_fields = ["business_name", "user__email", "nib", "regency"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "business_name",
                    "status",
                    "province",
                    "regency",
                    "user",
                    "verified_at",
                    "outstanding_since",
                    "created_at",
                ]
            },
        ),
        (
            gettext_lazy("Business (private: owner and moderators)"),
            {"fields": ["business_type", "nib", "address", "district", "postal_code", "phone", "whatsapp"]},
        ),
        (
            gettext_lazy("Public profile"),
            {
                "fields": [
                    "story",
                    "categories",
                    "year_founded",
                    "workers",
                    "techniques",
                    "materials",
                    "capacity_per_month",
                    "lead_time_days",
                    "export_experience",
                    "export_markets",
                    "slug",
                    "updated_at",
                ]
            },
        ),
    ]
    readonly_fields = [field for _title, options in fieldsets for field in options["fields"]]
    inlines = [ArtisanPhotoInline, CertificationInline, StatusChangeInline]

    @admin.display(description=gettext_lazy("province"), ordering="province")
    def province_label(self, obj: Artisan) -> str:
        return province_name(obj.province)


def _submitted_at(history_model, subject: str, status: str):
    latest = (
        history_model.objects.filter(**{subject: OuterRef("pk")}, to_status=status)
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return Coalesce(Subquery(latest), "created_at")


@admin.register(ArtisanReviewQueue)
class ArtisanReviewQueueAdmin(ArtisanModeration):
    """Artisans waiting for verification, oldest submission first."""

    list_display = ["logo", "business_name", "province_label", "craft", "business_type", "submitted", "waiting"]
    list_display_links = ["business_name"]
    list_filter = [province_filter("province"), "business_type", "categories"]
    search_fields = ["business_name", "user__email", "nib", "regency"]
    actions = ["verify", "request_changes"]
    list_per_page = 50

    def annotate(self, queryset):
        return (
            queryset.filter(status=S.SUBMITTED)
            .annotate(submitted_at=_submitted_at(ArtisanStatusChange, "artisan", S.SUBMITTED))
            .prefetch_related("photos", "categories")
        )

    def get_ordering(self, request):
        return ["submitted_at", "pk"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("artisans.view_artisan")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The queue lists; the decision page is the artisan's own page (same scoping, same actions).
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect("admin:artisans_artisan_change", obj.pk)

    @admin.display(description=gettext_lazy("logo"))
    def logo(self, obj: Artisan) -> str:
        photo = next((p for p in obj.photos.all() if p.kind == ArtisanPhoto.Kind.LOGO), None)
        return thumbnail(photo.url if photo else "", obj.business_name)

    @admin.display(description=gettext_lazy("province"), ordering="province")
    def province_label(self, obj: Artisan) -> str:
        return province_name(obj.province)

    @admin.display(description=gettext_lazy("crafts"))
    def craft(self, obj: Artisan) -> str:
        return ", ".join(c.name_id for c in obj.categories.all()) or "—"

    @admin.display(description=gettext_lazy("submitted"), ordering="submitted_at")
    def submitted(self, obj: Artisan):
        return obj.submitted_at

    @admin.display(description=gettext_lazy("waiting"))
    def waiting(self, obj: Artisan) -> str:
        return timesince(obj.submitted_at, timezone.now())


# --- certifications -------------------------------------------------------------------------------------------


class ExpiryFilter(admin.SimpleListFilter):
    """Moderators' view of what expires this month (and what already has): the badge goes at expiry."""

    title = gettext_lazy("expiry")
    parameter_name = "expires"

    def lookups(self, request, model_admin):
        return [("this_month", gettext_lazy("Expires this month")), ("expired", gettext_lazy("Expired"))]

    def queryset(self, request, queryset):
        if self.value() == "this_month":
            return queryset.filter(pk__in=services.certifications_expiring_this_month().values("pk"))
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=timezone.localdate())
        return queryset


@admin.register(Certification)
class CertificationAdmin(ProvinceScopedAdmin):
    province_lookup = "artisan__province"
    list_display = ["name", "artisan", "issuer", "valid_until", "checked_at"]
    list_filter = [ExpiryFilter, "checked_at", "valid_until", province_filter("artisan__province")]
    search_fields = ["name", "number", "artisan__business_name"]
    list_select_related = ["artisan"]
    fields = ["artisan", "name", "issuer", "number", "valid_until", "document_type", "document_link", "checked_by"]
    fields += ["checked_at"]
    readonly_fields = fields
    actions = ["check_certifications"]

    @admin.display(description=gettext_lazy("document"))
    def document_link(self, obj: Certification) -> str:
        url = reverse("studio:certification-document", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def moderation_buttons(self, request, obj: Certification) -> list[tuple[str, str]]:
        return [] if obj.checked_at else [("check_certifications", _("Mark as checked"))]

    @admin.action(description=gettext_lazy("Mark the selected certifications as checked"), permissions=["moderate"])
    def check_certifications(self, request, queryset):
        run_each(
            self,
            request,
            queryset.select_related("artisan"),
            lambda certification: services.certification_check(certification=certification, by=request.user),
            _("%(n)d certification(s) checked."),
        )
