"""Reviews in the Dekranas admin: read-only pages, scoped by province for Dekranasda (the reviewed artisan's
province), with the decisions as actions that call ``orders.reviews.services``: hide and restore (with a reason,
written to the review's history) and dismiss the reports."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans.moderation import AuditInline, ProvinceScopedAdmin, province_filter, run_each, with_reason
from catalog.admin import thumbnail
from craftmarket.common.regions import province_name

from . import services
from .models import Review, ReviewPhoto, ReviewReport, ReviewStatusChange

S = Review.Status


class ReviewReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept in the review's history; a hidden review's author is told)"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=2000,
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Write a reason: it is kept in the audit trail."))
        return reason


class ReviewPhotoInline(admin.TabularInline):
    model = ReviewPhoto
    extra = 0
    fields = ["preview", "position", "alt_text", "status", "failure_reason"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj: ReviewPhoto) -> str:
        return thumbnail(obj.thumb_url, obj.alt_text)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReviewStatusChangeInline(AuditInline):
    model = ReviewStatusChange


class ReviewReportInline(AuditInline):
    model = ReviewReport
    fields = ["created_at", "reason", "note", "status", "decided_by", "decided_at"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Visitors' reports and their decisions")

    def get_queryset(self, request):
        return super(AuditInline, self).get_queryset(request).select_related("decided_by")


class ReviewDecisions(ProvinceScopedAdmin):
    """Hide, restore and dismiss, shared by the reviews list and the review reports list (whose rows name the
    review: several selected reports of one review make one decision)."""

    def _review_of(self, obj) -> Review:
        return obj

    def _once(self, call):
        handled: set[int] = set()

        def each(obj, *args) -> None:
            review = self._review_of(obj)
            if review.pk in handled:
                return
            handled.add(review.pk)
            call(review, *args)

        return each

    @admin.action(description=gettext_lazy("Hide (with a reason)"), permissions=["moderate"])
    def hide(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Hide these reviews: say why"),
            call=self._once(lambda review, reason: services.review_hide(review=review, by=request.user, reason=reason)),
            done=_("%(n)d review(s) hidden."),
            form_class=ReviewReasonForm,
        )

    @admin.action(description=gettext_lazy("Restore (with a reason)"), permissions=["moderate"])
    def restore(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Show these reviews again: say why"),
            call=self._once(
                lambda review, reason: services.review_restore(review=review, by=request.user, reason=reason)
            ),
            done=_("%(n)d review(s) shown again."),
            form_class=ReviewReasonForm,
        )

    @admin.action(description=gettext_lazy("Dismiss the open reports"), permissions=["moderate"])
    def dismiss_reports(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            self._once(lambda review: services.review_reports_dismiss(review=review, by=request.user)),
            _("Reports dismissed for %(n)d review(s)."),
        )


@admin.register(Review)
class ReviewAdmin(ReviewDecisions):
    province_lookup = "artisan__province"
    list_display = [
        "created_at",
        "product",
        "artisan",
        "province_label",
        "rating",
        "excerpt",
        "status",
        "open_reports",
    ]
    list_filter = ["status", "rating", province_filter("artisan__province")]
    search_fields = ["product__name", "artisan__business_name", "text", "order__number"]
    list_select_related = ["product", "artisan"]
    fields = [
        "product",
        "artisan",
        "order",
        "buyer",
        "rating",
        "text",
        "status",
        "edit_count",
        "edited_at",
        "reply",
        "replied_at",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [ReviewPhotoInline, ReviewReportInline, ReviewStatusChangeInline]
    actions = ["hide", "restore", "dismiss_reports"]

    def annotate(self, queryset):
        return queryset.annotate(open_count=Count("reports", filter=Q(reports__status=ReviewReport.Status.OPEN)))

    def get_ordering(self, request):
        return ["-open_count", "-created_at", "-pk"]  # reported reviews first

    def moderation_buttons(self, request, obj: Review) -> list[tuple[str, str]]:
        buttons = [("hide", _("Hide"))] if obj.status == S.VISIBLE else [("restore", _("Restore"))]
        if obj.reports.filter(status=ReviewReport.Status.OPEN).exists():
            buttons.append(("dismiss_reports", _("Dismiss the reports")))
        return buttons

    @admin.display(description=gettext_lazy("province"), ordering="artisan__province")
    def province_label(self, obj: Review) -> str:
        return province_name(obj.artisan.province)

    @admin.display(description=gettext_lazy("review"))
    def excerpt(self, obj: Review) -> str:
        return Truncator(obj.text).chars(80)

    @admin.display(description=gettext_lazy("open reports"), ordering="open_count")
    def open_reports(self, obj: Review) -> int:
        return obj.open_count


@admin.register(ReviewReport)
class ReviewReportAdmin(ReviewDecisions):
    """Visitors' reports of reviews, open ones first. Decisions apply to the reported reviews."""

    province_lookup = "review__artisan__province"
    list_display = ["created_at", "review_link", "reason", "note", "status"]
    list_filter = ["status", "reason", province_filter("review__artisan__province")]
    search_fields = ["review__product__name", "review__artisan__business_name", "note"]
    list_select_related = ["review", "review__product"]
    fields = ["review", "reason", "note", "status", "created_at", "decided_by", "decided_at"]
    readonly_fields = fields
    actions = ["hide", "dismiss_reports"]

    def annotate(self, queryset):
        return queryset.annotate(
            closed=Case(When(status=ReviewReport.Status.OPEN, then=Value(0)), default=Value(1)),
        ).select_related("review__product", "review__buyer")

    def get_ordering(self, request):
        return ["closed", "created_at", "pk"]  # open reports first, oldest first

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("reviews.change_reviewreport") and request.user.has_perm("reviews.change_review")

    def moderation_buttons(self, request, obj: ReviewReport) -> list[tuple[str, str]]:
        if obj.status != ReviewReport.Status.OPEN:
            return []
        return [("hide", _("Hide the review")), ("dismiss_reports", _("Dismiss the reports"))]

    def _review_of(self, obj: ReviewReport) -> Review:
        return obj.review

    @admin.display(description=gettext_lazy("review"), ordering="review__created_at")
    def review_link(self, obj: ReviewReport) -> str:
        url = reverse("admin:reviews_review_change", args=[obj.review_id])
        return format_html('<a href="{}">{}★ {}</a>', url, obj.review.rating, obj.review.product)
