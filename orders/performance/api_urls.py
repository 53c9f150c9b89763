from django.urls import path

from . import api

urlpatterns = [
    path("artisans/me/performance/", api.PerformanceMeView.as_view(), name="api-artisan-me-performance"),
]
