"""The documents API: an export order's documents (each one's number, version and file URL), making one, the
PDF itself, and the artisan's packages. Thin views: parse, call one service or selector, shape the output."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from craftmarket.common.errors import NotFound

from . import selectors, serializers, services


def _order(request: Request, number: str):
    order = selectors.order_for_documents(user=request.user, number=number)
    if order is None:
        raise NotFound()
    return order


class OrderDocumentsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: serializers.DocumentOutput(many=True)},
        summary="The newest version of each export document made for an order (buyer, artisan or staff).",
    )
    def get(self, request: Request, number: str) -> Response:
        documents = selectors.latest_documents(order=_order(request, number))
        return Response(serializers.DocumentOutput(documents, many=True, context={"request": request}).data)

    @extend_schema(
        request=serializers.DocumentCreateInput,
        responses={200: serializers.DocumentOutput, 201: serializers.DocumentOutput},
        summary="Make an export document: 201 with a new version when its data changed, 200 with the current one "
        "when nothing did; 400 names what is missing (HS code, English description, packages…).",
    )
    def post(self, request: Request, number: str) -> Response:
        order = _order(request, number)
        data = serializers.DocumentCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        before = set(selectors.document_versions(order=order).values_list("pk", flat=True))
        document = services.document_generate(order=order, kind=data.validated_data["kind"], by=request.user)
        code = status.HTTP_200_OK if document.pk in before else status.HTTP_201_CREATED
        return Response(serializers.DocumentOutput(document, context={"request": request}).data, status=code)


class DocumentFileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")},
        summary="The PDF of one document version (parties of the order and staff only).",
    )
    def get(self, request: Request, pk: int):
        document = selectors.document_for_download(user=request.user, pk=pk)
        if document is None:
            raise NotFound()
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError):
            raise NotFound() from None
        response = FileResponse(handle, filename=document.filename, content_type="application/pdf")
        response["Cache-Control"] = "private, no-store"
        return response


class OrderPackagesView(APIView):
    permission_classes = [IsAuthenticated]

    def _mine(self, request: Request, number: str):
        order = _order(request, number)
        if request.user.pk != order.artisan.user_id:
            raise NotFound()
        return order

    @extend_schema(responses={200: serializers.PackagesInput}, summary="The packages of my export order.")
    def get(self, request: Request, number: str) -> Response:
        packages = selectors.packages_for_order(order=self._mine(request, number))
        return Response(serializers.PackagesInput({"packages": packages}).data)

    @extend_schema(
        request=serializers.PackagesInput,
        responses={200: serializers.PackagesInput},
        summary="Replace the packages of my export order (identical packages in one row; net ≤ gross).",
    )
    def put(self, request: Request, number: str) -> Response:
        order = self._mine(request, number)
        data = serializers.PackagesInput(data=request.data)
        data.is_valid(raise_exception=True)
        rows = [services.PackageInput(**row) for row in data.validated_data["packages"]]
        packages = services.packages_replace(order=order, by=request.user, rows=rows)
        return Response(serializers.PackagesInput({"packages": packages}).data)
