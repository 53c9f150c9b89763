"""The payment-method API: read how a purchase is paid, choose a method, fetch the QR image."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from craftmarket.common.errors import NotFound

from .. import selectors as order_selectors
from . import serializers, services
from .instructions import qr_data
from .selectors import charge_current
from .views import svg_response

ERRORS = {
    401: OpenApiResponse(description="Not signed in."),
    404: OpenApiResponse(description="No such purchase of yours."),
}


def _purchase(request: Request, number: str):
    purchase = order_selectors.purchase_for_buyer(user=request.user, number=number)
    if purchase is None:
        raise NotFound()
    return purchase


class PurchasePaymentView(APIView):
    """GET how the purchase is paid now; POST ``{"method": …}`` to choose one of the offered methods."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="purchase_payment_read", responses={200: serializers.PaymentOut, **ERRORS})
    def get(self, request: Request, number: str) -> Response:
        return Response(serializers.payment_out(_purchase(request, number)))

    @extend_schema(
        operation_id="purchase_payment_choose",
        request=serializers.MethodChoiceInput,
        responses={
            200: serializers.PaymentOut,
            400: OpenApiResponse(description="No method, or one that is not offered (field messages)."),
            **ERRORS,
            409: OpenApiResponse(description="The purchase is paid, expired or cancelled, or a proof was sent."),
            503: OpenApiResponse(description="The gateway did not accept the charge; nothing changed."),
        },
    )
    def post(self, request: Request, number: str) -> Response:
        purchase = _purchase(request, number)
        data = serializers.MethodChoiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.purchase_method_choose(purchase=purchase, by=request.user, method=data.validated_data["method"])
        return Response(serializers.payment_out(_purchase(request, number)), status=status.HTTP_200_OK)


class PurchasePaymentQRView(APIView):
    """The open charge's QR code as an SVG image, drawn from the gateway's QR string."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="purchase_payment_qr",
        responses={
            (200, "image/svg+xml"): OpenApiTypes.BINARY,
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No such purchase of yours, or no open charge with a QR code."),
        },
    )
    def get(self, request: Request, number: str) -> HttpResponse:
        purchase = _purchase(request, number)
        charge = charge_current(purchase=purchase)
        if charge is None or not qr_data(charge):
            raise NotFound()
        return svg_response(qr_data(charge), title=_("QR code for %(number)s") % {"number": purchase.number})
