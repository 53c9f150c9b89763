from django.urls import path

from catalog import api

urlpatterns = [
    path("categories/", api.CategoryListView.as_view(), name="api-categories"),
    path("products/", api.ProductListView.as_view(), name="api-products"),
    path("products/<slug:slug>/", api.ProductDetailView.as_view(), name="api-product"),
    path("products/<slug:slug>/images/", api.ProductImageView.as_view(), name="api-product-images"),
    path(
        "products/<slug:slug>/images/<int:image_id>/",
        api.ProductImageDeleteView.as_view(),
        name="api-product-image",
    ),
    path("products/<slug:slug>/submit/", api.ProductSubmitView.as_view(), name="api-product-submit"),
]
