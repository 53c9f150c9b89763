from django.urls import path

from . import api

urlpatterns = [
    path("products/<slug:slug>/reviews/", api.ProductReviewsView.as_view(), name="api-product-reviews"),
    path("reviews/", api.ReviewsView.as_view(), name="api-reviews"),
    path("reviews/<int:pk>/", api.ReviewView.as_view(), name="api-review"),
    path("reviews/<int:pk>/reply/", api.ReviewReplyView.as_view(), name="api-review-reply"),
    path("reviews/<int:pk>/report/", api.ReviewReportView.as_view(), name="api-review-report"),
]
