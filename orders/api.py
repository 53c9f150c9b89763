"""The orders API: thin views that parse input, call one service or selector and shape the output."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from craftmarket.common.api import Pagination, error_response
from craftmarket.common.errors import NotFound
from craftmarket.currency.display import check_currency, display_currency

from . import selectors, serializers
from .cart_session import request_cart
from .models import Order
from .services import addresses as address_services
from .services import cart as cart_services
from .services import lifecycle, payments
from .services.checkout import CheckoutInput, purchase_checkout


def _cart_response(request: Request, *, code: int = status.HTTP_200_OK) -> Response:
    raw_currency = request.query_params.get("currency")
    display = display_currency(check_currency(raw_currency)) if raw_currency is not None else None
    cart = request_cart(request, create=False)
    address = None
    if request.user.is_authenticated and request.query_params.get("address"):
        address = selectors.address_for(user=request.user, public_id=request.query_params["address"])
        if address is None:
            raise NotFound(field="address")
    if cart is None:
        return Response(
            {"count": 0, "subtotal": 0, "currency": "IDR", "address": None, "groups": [], "price_changes": []}
        )
    return Response(serializers.cart_out(selectors.cart_view(cart=cart, address=address), display), status=code)


CART_CURRENCY_PARAM = OpenApiParameter(
    "currency",
    str,
    required=False,
    description="Also show every amount in this currency (ISO 4217, settings.DISPLAY_CURRENCIES): each amount gains "
    "a `…_converted` twin, approximate at the latest Bank Indonesia mid rate and null when that rate is stale. An "
    "unknown code is a 400 with a `currency` message. Payment is always in IDR; a purchase shows the rate stored at "
    "checkout instead.",
)


class CartView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: OpenApiTypes.OBJECT,
            400: error_response("An unknown currency code"),
            404: error_response("The address is not one of yours"),
        },
        parameters=[
            OpenApiParameter("address", str, description="One of your addresses: shipping options to it."),
            CART_CURRENCY_PARAM,
        ],
    )
    def get(self, request: Request) -> Response:
        return _cart_response(request)


class CartItemsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        request=serializers.CartItemInput,
        responses={201: OpenApiTypes.OBJECT, 404: error_response("No such variant on sale")},
    )
    def post(self, request: Request) -> Response:
        data = serializers.CartItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        cart = request_cart(request)
        add = cart_services.cart_sample_add if data.validated_data["sample"] else cart_services.cart_line_add
        add(cart=cart, variant_id=data.validated_data["variant"], quantity=data.validated_data["quantity"])
        return _cart_response(request, code=status.HTTP_201_CREATED)


class CartItemView(APIView):
    permission_classes = [AllowAny]

    def _cart(self, request: Request):
        cart = request_cart(request, create=False)
        if cart is None:
            raise NotFound()
        return cart

    @extend_schema(request=serializers.CartItemUpdateInput, responses={200: OpenApiTypes.OBJECT})
    def patch(self, request: Request, item_id: str) -> Response:
        data = serializers.CartItemUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        cart_services.cart_line_update(
            cart=self._cart(request), line_id=item_id, quantity=data.validated_data["quantity"]
        )
        return _cart_response(request)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, item_id: str) -> Response:
        cart_services.cart_line_remove(cart=self._cart(request), line_id=item_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartConfirmPricesView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        cart = request_cart(request, create=False)
        if cart is not None:
            cart_services.cart_confirm_prices(cart=cart)
        return _cart_response(request)


class AddressesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response({"results": [serializers.address_out(a) for a in selectors.addresses_for(user=request.user)]})

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": "Send a JSON object."})
        address = address_services.address_create(user=request.user, data=dict(request.data.items()))
        return Response(serializers.address_out(address), status=status.HTTP_201_CREATED)


class AddressView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def patch(self, request: Request, address_id: str) -> Response:
        """Change some fields of one of your addresses; the others keep their values. Purchases keep the copy
        they were placed with."""
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": "Send a JSON object."})
        address = selectors.address_for(user=request.user, public_id=address_id)
        if address is None:
            raise NotFound()
        data = {**address_services.address_values(address), **dict(request.data.items())}
        address = address_services.address_update(address=address, data=data)
        return Response(serializers.address_out(address))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, address_id: str) -> Response:
        address = selectors.address_for(user=request.user, public_id=address_id)
        if address is None:
            raise NotFound()
        address_services.address_delete(user=request.user, public_id=address.public_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CheckoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=serializers.CheckoutInputSerializer,
        responses={
            201: OpenApiTypes.OBJECT,
            404: error_response("The address is not one of yours"),
            422: error_response("This Idempotency-Key was used before with another request body"),
        },
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True)],
    )
    def post(self, request: Request) -> Response:
        data = serializers.CheckoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = request_cart(request)
        purchase = purchase_checkout(
            buyer=request.user,
            cart=cart,
            data=CheckoutInput(**data.validated_data),
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        purchase = selectors.purchase_for_buyer(user=request.user, number=purchase.number)
        return Response(serializers.purchase_out(purchase), status=status.HTTP_201_CREATED)


class PurchaseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, number: str) -> Response:
        purchase = selectors.purchase_for_buyer(user=request.user, number=number)
        if purchase is None:
            raise NotFound()
        return Response(serializers.purchase_out(purchase))


class PurchaseProofView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": OpenApiTypes.OBJECT}, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, number: str) -> Response:
        purchase = selectors.purchase_for_buyer(user=request.user, number=number)
        if purchase is None:
            raise NotFound()
        upload = request.FILES.get("proof")
        if upload is None:
            raise ValidationError({"proof": "Attach the transfer proof (PDF or image)."})
        payments.payment_proof_upload(purchase=purchase, by=request.user, file=upload)
        return Response({"status": "submitted"}, status=status.HTTP_201_CREATED)


class OrdersView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="orders_list",
        responses={
            200: OpenApiTypes.OBJECT,
            404: error_response("as=artisan without an artisan profile, or a page past the last"),
        },
        parameters=[
            OpenApiParameter("as", str, enum=["buyer", "artisan"], description="Orders you bought or you sell."),
            OpenApiParameter("status", str, enum=list(Order.Status.values)),
        ],
    )
    def get(self, request: Request) -> Response:
        role = request.query_params.get("as", "buyer")
        status_filter = request.query_params.get("status", "")
        if role not in ("buyer", "artisan"):
            raise ValidationError({"as": "Use buyer or artisan."})
        if status_filter and status_filter not in Order.Status.values:
            raise ValidationError({"status": "Unknown status."})
        artisan = getattr(request.user, "artisan", None)
        if role == "artisan":
            if artisan is None:
                raise NotFound(field="as")
            qs = selectors.orders_for_artisan(artisan=artisan)
        else:
            qs = selectors.orders_for_buyer(user=request.user)
        if status_filter:
            qs = qs.filter(status=status_filter)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([serializers.order_out(o) for o in page])


class OrderView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, number: str) -> Response:
        order = selectors.order_for_user(user=request.user, number=number)
        if order is None:
            raise NotFound()
        return Response(serializers.order_out(order, detail=True))


class OrderActionView(APIView):
    """POST /orders/{number}/{action}/ for whoever may do it: 404 for strangers, 403 for the wrong party."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, number: str, action: str) -> Response:
        order = selectors.order_for_user(user=request.user, number=number)
        if order is None:
            raise NotFound()
        user = request.user
        if action == "cancel":
            data = serializers.CancelInput(data=request.data)
            data.is_valid(raise_exception=True)
            lifecycle.order_cancel(order=order, by=user, reason=data.validated_data["reason"])
        elif action == "process":
            lifecycle.order_process(order=order, by=user)
        elif action == "ship":
            data = serializers.ShipInput(data=request.data)
            data.is_valid(raise_exception=True)
            lifecycle.order_ship(order=order, by=user, **data.validated_data)
        elif action == "deliver":
            lifecycle.order_deliver(order=order, by=user)
        elif action == "confirm":
            lifecycle.order_confirm(order=order, by=user)
        else:
            raise NotFound()
        return Response(serializers.order_out(selectors.order_for_user(user=user, number=number), detail=True))


class MidtransNotifyView(APIView):
    """Midtrans HTTP notification: authenticated by its signature_key, not by a session (no CSRF)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    # The default parsers: the JSON one turns deep nesting and invalid Unicode into a 400.
    throttle_classes: list = []

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, 403: error_response("The signature_key does not match")},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        payment = payments.midtrans_notification_handle(payload=request.data)
        return Response({"status": "ok", "payment": payment.status})
