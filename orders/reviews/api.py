"""The reviews API: a product's reviews (public), my review (create, edit once), the artisan's reply and the
visitors' report. Thin views: parse, call one service or selector, shape the output."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Product
from catalog.report_views import _rate_limited as report_rate_limited
from craftmarket.common.api import Pagination
from craftmarket.common.errors import NotFound
from orders import selectors as order_selectors

from . import selectors, serializers, services


class ReviewPagination(Pagination):
    page_size = selectors.PAGE_SIZE
    max_page_size = 50


def _photos(data: dict[str, Any]) -> list[services.PhotoInput]:
    return [services.PhotoInput(f) for f in data.get("photos") or []]


def _out(review) -> dict[str, Any]:
    fresh = selectors.review_for_buyer(user=review.buyer, pk=review.pk) or review
    return serializers.ReviewOutput(fresh).data


class ProductReviewsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("page", int, required=False), OpenApiParameter("page_size", int, required=False)],
        responses={200: serializers.ReviewOutput(many=True)},
        summary="The visible reviews of a public product, newest first, 10 to a page.",
    )
    def get(self, request: Request, slug: str) -> Response:
        product = Product.objects.public().filter(slug=slug).first()
        if product is None:
            raise NotFound()
        paginator = ReviewPagination()
        page = paginator.paginate_queryset(
            selectors.reviews_for_product(product=product).select_related("product"), request, view=self
        )
        return paginator.get_paginated_response(serializers.ReviewOutput(page, many=True).data)


class ReviewsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request={
            "multipart/form-data": serializers.ReviewCreateInput,
            "application/json": serializers.ReviewCreateInput,
        },
        responses={201: serializers.ReviewOutput},
        summary="Review a product of my completed order (once, within REVIEW_WINDOW_DAYS of completion).",
    )
    def post(self, request: Request) -> Response:
        data = serializers.ReviewCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order = order_selectors.order_for_buyer(user=request.user, number=values["order"])
        if order is None:
            raise NotFound(field="order")
        product = Product.objects.filter(slug=values["product"]).first()
        if product is None:
            raise NotFound(field="product")
        review = services.review_create(
            buyer=request.user,
            order=order,
            product=product,
            rating=values["rating"],
            text=values.get("text", ""),
            photos=_photos(values),
        )
        return Response(_out(review), status=status.HTTP_201_CREATED)


class ReviewView(APIView):
    permission_classes = [IsAuthenticated]

    def _mine(self, request: Request, pk: int):
        review = selectors.review_for_buyer(user=request.user, pk=pk)
        if review is None:
            raise NotFound()
        return review

    @extend_schema(responses={200: serializers.ReviewOutput}, summary="My review.")
    def get(self, request: Request, pk: int) -> Response:
        return Response(serializers.ReviewOutput(self._mine(request, pk)).data)

    @extend_schema(
        request={"multipart/form-data": serializers.ReviewEditInput, "application/json": serializers.ReviewEditInput},
        responses={200: serializers.ReviewOutput},
        summary="Edit my review, once (rating, text, more photos up to 3 in all).",
    )
    def patch(self, request: Request, pk: int) -> Response:
        review = self._mine(request, pk)
        data = serializers.ReviewEditInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review = services.review_edit(
            review=review, by=request.user, rating=values["rating"], text=values.get("text", ""), photos=_photos(values)
        )
        return Response(_out(review))


class ReviewReplyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=serializers.ReplyInput,
        responses={200: serializers.ReviewOutput},
        summary="The artisan's one public reply to a review of their product.",
    )
    def post(self, request: Request, pk: int) -> Response:
        review = selectors.review_for_artisan(artisan=getattr(request.user, "artisan", None), pk=pk)
        if review is None:
            raise NotFound()
        data = serializers.ReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_reply(review=review, by=request.user, text=data.validated_data["reply"])
        return Response(_out(review))


class ReviewReportView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        request=serializers.ReportInput,
        responses={201: serializers.ReportOutput},
        summary="Report a visible review to the moderators (5 reports an hour per visitor, one open per review).",
    )
    def post(self, request: Request, pk: int) -> Response:
        review = selectors.review_public(pk=pk)
        if review is None:
            raise NotFound()
        data = serializers.ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        key = services.report_reporter_key(ip=request.META.get("REMOTE_ADDR", ""))
        if report_rate_limited(key):
            return Response(
                {
                    "detail": _("You have sent many reports in a short time. Please try again later."),
                    "code": "throttled",
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": "3600"},
            )
        report = services.review_report(
            review=review,
            reason=data.validated_data["reason"],
            note=data.validated_data.get("note", ""),
            reporter=request.user,
            reporter_key=key,
        )
        return Response(serializers.ReportOutput(report).data, status=status.HTTP_201_CREATED)
