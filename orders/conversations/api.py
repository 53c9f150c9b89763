"""The conversations API: list threads, read one (marks it read), post a message (multipart with attachments),
start a thread about a product or an order, report a thread, the unread count."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Product
from craftmarket.common.api import Pagination
from craftmarket.common.errors import NotFound
from orders import selectors as order_selectors

from . import selectors, serializers, services
from .models import Participant


def _thread(request: Request, thread_id: str) -> Any:
    try:
        public_id = uuid.UUID(str(thread_id))
    except ValueError:
        raise NotFound()
    found = selectors.thread_for_participant(user=request.user, public_id=public_id)
    if found is None:
        raise NotFound()
    return found


def _files(request: Request) -> list[Any]:
    return request.FILES.getlist("attachments") if hasattr(request, "FILES") else []


def _thread_response(request: Request, thread: Any, *, code: int = status.HTTP_200_OK) -> Response:
    view = selectors.thread_view(thread=thread, user=request.user)
    return Response(serializers.thread_out(view, user=request.user), status=code)


class ThreadsView(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination  # documents the page envelope (count, next, previous, results)

    @extend_schema(
        operation_id="threads_list",
        parameters=[OpenApiParameter("as", str, enum=["buyer", "artisan"], description="Only one side of yours.")],
        responses={200: serializers.ThreadSummaryOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        role = request.query_params.get("as", "")
        if role and role not in Participant.Role.values:
            raise ValidationError({"as": "Use buyer or artisan."})
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.inbox(user=request.user, role=role or None), request, view=self)
        return paginator.get_paginated_response([serializers.summary_out(p) for p in page])

    @extend_schema(
        operation_id="threads_start",
        request={"multipart/form-data": serializers.StartInput, "application/json": serializers.StartInput},
        responses={
            201: serializers.ThreadOut,
            200: OpenApiResponse(serializers.ThreadOut, description="The thread existed: the message was added"),
        },
    )
    def post(self, request: Request) -> Response:
        """Ask the artisan about a product (as a buyer), or write about an order (its buyer or its artisan): one
        thread per buyer and product, one per order. The first message is required."""
        data = serializers.StartInput(data=request.data)
        data.is_valid(raise_exception=True)
        product = order = None
        if data.validated_data.get("product"):
            product = Product.objects.public().filter(slug=data.validated_data["product"]).first()
            if product is None:
                raise NotFound(field="product")
        else:
            order = order_selectors.order_for_user(user=request.user, number=data.validated_data["order"])
            if order is None:
                raise NotFound(field="order")
        thread, _message, created = services.conversation_start(
            by=request.user, product=product, order=order, body=data.validated_data["body"], files=_files(request)
        )
        return _thread_response(request, thread, code=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ThreadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="threads_read",
        parameters=[OpenApiParameter("before", int, description="Messages before this id (older ones).")],
        responses={200: serializers.ThreadOut},
    )
    def get(self, request: Request, thread_id: str) -> Response:
        """The thread with its latest 50 messages, oldest first; reading it marks it read."""
        thread = _thread(request, thread_id)
        raw = request.query_params.get("before", "")
        if raw and not (raw.isdigit() and len(raw) < 19):
            raise ValidationError({"before": "Use a message id."})
        view = selectors.thread_view(thread=thread, user=request.user, before=int(raw) if raw else None)
        if not raw:
            services.thread_mark_read(thread=thread, by=request.user)
        return Response(serializers.thread_out(view, user=request.user))


class ThreadMessagesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="threads_messages_create",
        request={"multipart/form-data": serializers.MessageInput, "application/json": serializers.MessageInput},
        responses={201: serializers.MessageOut},
    )
    def post(self, request: Request, thread_id: str) -> Response:
        """Text and up to 5 attachments (field ``attachments``, repeated): JPEG, PNG or WebP photos or PDFs."""
        thread = _thread(request, thread_id)
        data = serializers.MessageInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_post(
            thread=thread, by=request.user, body=data.validated_data["body"], files=_files(request)
        )
        return Response(serializers.message_out(message, user=request.user, read_upto=0), status=201)


class ThreadReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="threads_report",
        request=serializers.ThreadReportInput,
        responses={
            201: OpenApiResponse(description="Reported: moderators of the artisan's province may now read it"),
        },
    )
    def post(self, request: Request, thread_id: str) -> Response:
        thread = _thread(request, thread_id)
        data = serializers.ThreadReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.thread_report(thread=thread, by=request.user, **data.validated_data)
        return Response({"status": "reported"}, status=status.HTTP_201_CREATED)


class UnreadCountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="messages_unread_count", responses={200: serializers.UnreadOut})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_message_count(user=request.user)})
