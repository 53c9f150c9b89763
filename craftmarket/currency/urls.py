from django.urls import path

from . import views

app_name = "currency"
urlpatterns = [path("currency/", views.currency_set, name="set")]
