from django.urls import path

from . import api

urlpatterns = [
    path("orders/<str:number>/documents/", api.OrderDocumentsView.as_view(), name="api-order-documents"),
    path("orders/<str:number>/packages/", api.OrderPackagesView.as_view(), name="api-order-packages"),
    path("documents/<int:pk>/file/", api.DocumentFileView.as_view(), name="api-document-file"),
]
