from django.urls import path

from . import views
from .paymethods import views as paymethod_views

app_name = "orders"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart-add"),
    path("cart/items/<str:item_id>/", views.cart_update, name="cart-update"),
    path("cart/confirm-prices/", views.cart_confirm_prices, name="cart-confirm-prices"),
    path("checkout/", views.checkout, name="checkout"),
    path("addresses/new/", views.address_create, name="address-create"),
    path("addresses/<str:address_id>/edit/", views.address_edit, name="address-edit"),
    path("addresses/<str:address_id>/delete/", views.address_delete, name="address-delete"),
    path("purchases/<str:number>/", views.purchase, name="purchase"),
    path("purchases/<str:number>/method/", paymethod_views.purchase_method, name="purchase-method"),
    path("purchases/<str:number>/qr.svg", paymethod_views.purchase_qr, name="purchase-qr"),
    path("purchases/<str:number>/sandbox-pay/", paymethod_views.purchase_sandbox_pay, name="purchase-sandbox-pay"),
    path("orders/", views.order_list, name="order-list"),
    path("orders/<str:number>/", views.order_detail, name="order-detail"),
    path("orders/<str:number>/invoice/", views.invoice, name="invoice"),
    path("orders/<str:number>/<str:action>/", views.order_action, name="order-action"),
    path("studio/orders/", views.studio_orders, name="studio-orders"),
    path("studio/orders/<str:number>/", views.studio_order, name="studio-order"),
    path("studio/orders/<str:number>/packing-slip/", views.packing_slip, name="packing-slip"),
]
