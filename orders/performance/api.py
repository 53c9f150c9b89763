"""The artisan's own performance figures: GET /api/v1/artisans/me/performance/."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.selectors import artisan_for_user
from craftmarket.common.api import error_response

from .selectors import performance_overview


class SnapshotOutput(serializers.Serializer):
    """One day's figures over the window ending that day. Shares are permille (0–1000), rounded down; null when
    there was nothing to measure (the pages show "—"). The counts behind every share are included."""

    date = serializers.DateField()
    window_days = serializers.IntegerField()
    orders_paid = serializers.IntegerField()
    orders_due = serializers.IntegerField()
    orders_on_time = serializers.IntegerField()
    on_time_permille = serializers.IntegerField(allow_null=True)
    threads = serializers.IntegerField()
    threads_replied = serializers.IntegerField()
    threads_replied_24h = serializers.IntegerField()
    reply_24h_permille = serializers.IntegerField(allow_null=True)
    reply_median_seconds = serializers.IntegerField(allow_null=True)
    rating_count = serializers.IntegerField()
    rating_average = serializers.DecimalField(
        source="rating", max_digits=3, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    complaints = serializers.IntegerField()
    complaint_permille = serializers.IntegerField(allow_null=True)
    orders_cancelled = serializers.IntegerField()
    cancellation_permille = serializers.IntegerField(allow_null=True)
    outstanding = serializers.BooleanField()


class CriterionOutput(serializers.Serializer):
    key = serializers.ChoiceField(choices=["orders", "on_time", "replies", "rating"])
    label = serializers.CharField()
    needed = serializers.CharField()
    met = serializers.BooleanField()


class PerformanceOutput(serializers.Serializer):
    outstanding = serializers.BooleanField(help_text="Whether the public page shows the badge now.")
    outstanding_since = serializers.DateField(allow_null=True)
    latest = SnapshotOutput(allow_null=True, help_text="Null until the nightly job has run once for this artisan.")
    criteria = CriterionOutput(many=True)
    weeks = SnapshotOutput(many=True, help_text="The last snapshot of each of the last 12 weeks, oldest first.")


NO_PROFILE = error_response("You have no artisan profile yet")


class PerformanceMeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: PerformanceOutput, 404: NO_PROFILE})
    def get(self, request):
        artisan = artisan_for_user(user=request.user)
        if artisan is None:
            raise NotFound(_("You have no artisan profile yet."))
        overview = performance_overview(artisan=artisan)
        data = {
            "outstanding": artisan.is_outstanding,
            "outstanding_since": artisan.outstanding_since,
            "latest": overview.latest,
            "criteria": overview.criteria,
            "weeks": overview.weeks,
        }
        return Response(PerformanceOutput(data).data)
