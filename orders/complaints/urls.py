from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("orders/<str:number>/complaint/new/", views.complaint_new, name="new"),
    path("complaints/<int:pk>/", views.complaint_detail, name="detail"),
    path("complaints/<int:pk>/evidence/<int:evidence_id>/", views.evidence, name="evidence"),
]
