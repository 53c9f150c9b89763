from django.urls import path

from . import api

urlpatterns = [
    path("account/business/", api.BusinessProfileView.as_view(), name="api-business-profile"),
]
