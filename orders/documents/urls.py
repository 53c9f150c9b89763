from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("documents/orders/<str:number>/<str:kind>/", views.document_generate, name="generate"),
    path("documents/<int:pk>/", views.document_download, name="download"),
    path("studio/orders/<str:number>/packages/", views.studio_packages, name="studio-packages"),
    path("studio/orders/<str:number>/origin/", views.studio_origin, name="studio-origin"),
    path("documents/origin/<int:pk>/scan/", views.origin_scan, name="origin-scan"),
]
