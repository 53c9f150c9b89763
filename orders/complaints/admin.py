"""Dekranas mediation: the queue of escalated and appealed complaints, scoped to the provinces a moderator covers
(the artisan's province decides), read-only object pages, and the decision as an action with an outcome, an amount
for a partial refund and a required reason, calling ``orders.complaints.services.complaint_decide``. An appeal is
decided by a national moderator (the service refuses a regional one)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans.moderation import AuditInline, ProvinceScopedAdmin, run_each
from craftmarket.common.validators import int_max

from . import services
from .models import MAX_TEXT, Complaint, ComplaintTransition, Outcome


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=Outcome.choices)
    amount = forms.IntegerField(
        label=gettext_lazy("Refund (Rp), for a partial refund"),
        required=False,
        min_value=1,
        max_value=int_max(Complaint, "outcome_amount"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the buyer and the artisan)"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=MAX_TEXT,
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Write a reason: both parties read it."))
        return reason


class TransitionInline(AuditInline):
    model = ComplaintTransition


class EscalatedFilter(admin.SimpleListFilter):
    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for a decision")), ("all", _("All"))]

    def choices(self, changelist):
        # "Waiting for a decision" is the default view: the moderators' queue.
        value = self.value() or "waiting"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if (self.value() or "waiting") == "waiting":
            return queryset.filter(status__in=[Complaint.Status.ESCALATED, Complaint.Status.APPEALED])
        return queryset


@admin.register(Complaint)
class ComplaintAdmin(ProvinceScopedAdmin):
    province_lookup = "artisan__province"
    list_display = ["order", "artisan", "reason", "request", "status", "escalated_at", "created_at"]
    list_filter = [EscalatedFilter, "status", "reason"]
    list_select_related = ["order", "artisan"]
    search_fields = ["order__number", "artisan__business_name"]
    actions = ["decide"]
    inlines = [TransitionInline]
    fields = [
        "order",
        "artisan",
        "buyer",
        "status",
        "reason",
        "request",
        "requested_amount",
        "description",
        "evidence_photos",
        "conversation",
        "respond_by",
        "answer",
        "offer",
        "offer_amount",
        "escalated_at",
        "outcome",
        "outcome_amount",
        "decision_reason",
        "decided_by",
        "decided_at",
        "appeal_by",
        "appeal_reason",
        "refund",
    ]
    readonly_fields = fields

    def get_ordering(self, request):
        return ["escalated_at", "pk"]

    @admin.display(description=gettext_lazy("evidence"))
    def evidence_photos(self, obj: Complaint) -> str:
        links = [
            (reverse("complaints:evidence", args=[obj.pk, photo.pk]), _("Photo %(n)d") % {"n": photo.position + 1})
            for photo in obj.evidence.all()
        ]
        return format_html_join(" · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links) or "—"

    @admin.display(description=gettext_lazy("conversation"))
    def conversation(self, obj: Complaint) -> str:
        if obj.thread_id is None:
            return "—"
        url = reverse("admin:conversations_thread_change", args=[obj.thread_id])
        return format_html('<a href="{}">{}</a>', url, _("Read the order's conversation"))

    def moderation_buttons(self, request: HttpRequest, obj: Complaint) -> list[tuple[str, str]]:
        if obj.status in (Complaint.Status.ESCALATED, Complaint.Status.APPEALED):
            return [("decide", _("Decide…"))]
        return []

    @admin.action(description=gettext_lazy("Decide the selected complaints"), permissions=["moderate"])
    def decide(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """An intermediate page with the decision form; then the service for each complaint."""
        if "apply" in request.POST:
            form = DecisionForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                run_each(
                    self,
                    request,
                    queryset,
                    lambda obj: services.complaint_decide(
                        complaint=obj,
                        by=request.user,
                        outcome=data["outcome"],
                        amount=data["amount"],
                        reason=data["reason"],
                    ),  # fmt: skip
                    _("%(n)d complaints decided."),
                )
                return None
        else:
            form = DecisionForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decide the complaint"),
            "form": form,
            "objects": list(queryset),
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/complaints/decision_form.html", context)
