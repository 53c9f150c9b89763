from django.urls import path

from . import views

app_name = "wholesale"
urlpatterns = [
    path("studio/products/<slug:slug>/tiers/", views.studio_tiers, name="studio-tiers"),
    path("studio/products/<slug:slug>/sample/", views.studio_sample, name="studio-sample"),
]
