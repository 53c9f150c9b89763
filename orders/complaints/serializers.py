"""Input and output shapes of the complaints API (no rule lives here: the services decide)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from craftmarket.common.validators import int_max

from .models import MAX_PHOTOS, MAX_TEXT, Complaint, Outcome, Remedy


class TransitionOutput(serializers.Serializer):
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class ComplaintOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.CharField(source="order.number")
    reason = serializers.CharField()
    request = serializers.CharField()
    requested_amount = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    respond_by = serializers.DateTimeField()
    answer = serializers.CharField(allow_blank=True)
    offer = serializers.CharField(allow_blank=True)
    offer_amount = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    outcome_amount = serializers.IntegerField(allow_null=True)
    decision_reason = serializers.CharField(allow_blank=True)
    appeal_by = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    evidence = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    def get_evidence(self, complaint: Complaint) -> list[str]:
        return [reverse("complaints:evidence", args=[complaint.pk, p.pk]) for p in complaint.evidence.all()]

    def get_history(self, complaint: Complaint) -> list[dict[str, Any]]:
        return TransitionOutput(complaint.transitions.all(), many=True).data


class ComplaintCreateInput(serializers.Serializer):
    order = serializers.CharField(max_length=20, help_text="The number of the buyer's delivered order.")
    reason = serializers.ChoiceField(choices=Complaint.Reason.choices)
    request = serializers.ChoiceField(choices=Remedy.choices)
    requested_amount = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=int_max(Complaint, "requested_amount")
    )
    description = serializers.CharField(max_length=MAX_TEXT)
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=MAX_PHOTOS, allow_empty=True
    )


class AnswerInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "offer", "dispute"])
    offer = serializers.ChoiceField(choices=Remedy.choices, required=False, allow_blank=True)
    offer_amount = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=int_max(Complaint, "offer_amount")
    )
    message = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


__all__ = ["AnswerInput", "ComplaintCreateInput", "ComplaintOutput", "Outcome", "ReasonInput"]
