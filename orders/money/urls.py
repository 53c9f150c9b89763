from django.urls import path

from . import views

app_name = "money"
urlpatterns = [
    path("studio/balance/", views.studio_balance, name="studio-balance"),
    path("studio/balance/statement.<str:fmt>", views.studio_statement_export, name="studio-statement-export"),
    path("studio/balance/bank-account/", views.studio_bank, name="studio-bank"),
]
