from django.urls import path

from . import api
from .paymethods import api as paymethod_api

urlpatterns = [
    path("cart/", api.CartView.as_view(), name="api-cart"),
    path("cart/items/", api.CartItemsView.as_view(), name="api-cart-items"),
    path("cart/items/<str:item_id>/", api.CartItemView.as_view(), name="api-cart-item"),
    path("cart/confirm-prices/", api.CartConfirmPricesView.as_view(), name="api-cart-confirm-prices"),
    path("addresses/", api.AddressesView.as_view(), name="api-addresses"),
    path("addresses/<str:address_id>/", api.AddressView.as_view(), name="api-address"),
    path("checkout/", api.CheckoutView.as_view(), name="api-checkout"),
    path("purchases/<str:number>/", api.PurchaseView.as_view(), name="api-purchase"),
    path("purchases/<str:number>/payment/", paymethod_api.PurchasePaymentView.as_view(), name="api-purchase-payment"),
    path(
        "purchases/<str:number>/payment/qr.svg",
        paymethod_api.PurchasePaymentQRView.as_view(),
        name="api-purchase-payment-qr",
    ),
    path("purchases/<str:number>/proof/", api.PurchaseProofView.as_view(), name="api-purchase-proof"),
    path("orders/", api.OrdersView.as_view(), name="api-orders"),
    path("orders/<str:number>/", api.OrderView.as_view(), name="api-order"),
    path(
        "orders/<str:number>/<str:action>/",
        api.OrderActionView.as_view(),
        name="api-order-action",
    ),
    path("payments/midtrans/notify/", api.MidtransNotifyView.as_view(), name="api-midtrans-notify"),
]
