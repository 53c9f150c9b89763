from django.urls import path

from artisans import api

urlpatterns = [
    path("auth/register/", api.RegisterView.as_view(), name="api-register"),
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("artisans/", api.ArtisanListView.as_view(), name="api-artisan-list"),
    path("artisans/me/", api.ArtisanMeView.as_view(), name="api-artisan-me"),
    path("artisans/me/submit/", api.ArtisanMeSubmitView.as_view(), name="api-artisan-me-submit"),
    path("artisans/me/certifications/", api.CertificationListView.as_view(), name="api-certification-list"),
    path(
        "artisans/me/certifications/<int:pk>/",
        api.CertificationDetailView.as_view(),
        name="api-certification-detail",
    ),
    path("artisans/<slug:slug>/", api.ArtisanDetailView.as_view(), name="api-artisan-detail"),
]
