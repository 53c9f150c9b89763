from django.urls import path

from catalog import product_views, report_views, views

app_name = "catalog"
urlpatterns = [
    path("c/<slug:slug>/", views.category, name="category"),
    path("search/", views.search, name="search"),
    path("p/<slug:slug>/", product_views.product_detail, name="product"),
    path("p/<slug:slug>/report/", report_views.product_report, name="product-report"),
    path("studio/products/", views.studio_products, name="studio-products"),
    path("studio/products/new/", views.studio_product_create, name="studio-create"),
    path("studio/products/<slug:slug>/", views.studio_product_edit, name="studio-edit"),
    path("studio/products/<slug:slug>/submit/", views.studio_product_submit, name="studio-submit"),
    path("studio/products/<slug:slug>/archive/", views.studio_product_archive, name="studio-archive"),
    path("studio/products/<slug:slug>/relist/", views.studio_product_relist, name="studio-relist"),
    path("studio/products/<slug:slug>/duplicate/", views.studio_product_duplicate, name="studio-duplicate"),
    path("studio/products/<slug:slug>/quick/", views.studio_quick_edit, name="studio-quick-edit"),
    path("studio/products/<slug:slug>/variants/", views.studio_variant_add, name="studio-variant-add"),
    path(
        "studio/products/<slug:slug>/images/<int:image_id>/remove/",
        views.studio_image_remove,
        name="studio-image-remove",
    ),
    path(
        "studio/products/<slug:slug>/images/<int:image_id>/status/",
        views.studio_image_status,
        name="studio-image-status",
    ),
    path(
        "studio/products/<slug:slug>/images/<int:image_id>/primary/",
        views.studio_image_primary,
        name="studio-image-primary",
    ),
]
