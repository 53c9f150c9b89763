from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("orders/<str:number>/review/<int:product_id>/", views.review_form, name="review-form"),
    path("studio/reviews/", views.studio_reviews, name="studio-reviews"),
    path("studio/reviews/<int:pk>/reply/", views.studio_reply, name="studio-reply"),
    path("reviews/<int:pk>/report/", views.review_report, name="report"),
]
