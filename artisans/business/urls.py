from django.urls import path

from . import views

app_name = "business"
urlpatterns = [
    path("account/business/", views.profile, name="profile"),
]
