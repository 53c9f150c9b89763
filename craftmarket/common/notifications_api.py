"""The notifications API: a signed-in user's own in-app list, its unread count, and marking rows read. Thin views
over ``selectors`` (reads) and ``services`` (writes); another user's notification is a 404, never a 403."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from craftmarket.common import selectors, services
from craftmarket.common.api import Pagination
from craftmarket.common.models import Notification


class NotificationOutput(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "title", "body", "url", "data", "read", "read_at", "created_at"]
        read_only_fields = fields

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class UnreadCountOutput(serializers.Serializer):
    unread = serializers.IntegerField(min_value=0)


class MarkedOutput(serializers.Serializer):
    marked = serializers.IntegerField(min_value=0, help_text="How many notifications were unread and are now read.")
    unread = serializers.IntegerField(min_value=0)


class NotificationListView(APIView):
    """Your notifications, newest first, 24 to a page (``page_size`` up to 100)."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination  # read by drf-spectacular: the response is documented as the paginated envelope

    @extend_schema(operation_id="notifications_list", responses={200: NotificationOutput(many=True)})
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.notifications_for(user=request.user), request, view=self)
        return paginator.get_paginated_response(NotificationOutput(page, many=True).data)


class NotificationUnreadCountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UnreadCountOutput})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_notification_count(user=request.user)})


class NotificationReadView(APIView):
    """Mark one of your notifications read; the first read time is kept."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: NotificationOutput})
    def post(self, request: Request, pk: int) -> Response:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
        return Response(NotificationOutput(notification).data)


class NotificationReadAllView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: MarkedOutput})
    def post(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(user=request.user)
        return Response({"marked": marked, "unread": selectors.unread_notification_count(user=request.user)})
