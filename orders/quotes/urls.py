from django.urls import path

from . import views

app_name = "quotes"
urlpatterns = [
    path("rfq/", views.rfq_list, name="rfq-list"),
    path("rfq/new/", views.rfq_new, name="rfq-new"),
    path("rfq/<uuid:public_id>/", views.rfq_detail, name="rfq"),
    path("quotes/<uuid:public_id>/", views.quote_detail, name="quote"),
    path("quotes/<uuid:public_id>/message/", views.quote_message, name="quote-message"),
    path("quote-photos/<int:pk>/", views.goods_photo, name="goods-photo"),
    path("rfq-photos/<int:pk>/", views.rfq_photo, name="rfq-photo"),
    path("studio/rfq/", views.studio_rfqs, name="studio-rfqs"),
    path("studio/rfq/<uuid:public_id>/", views.studio_rfq, name="studio-rfq"),
    path("studio/quotes/<uuid:public_id>/", views.studio_quote, name="studio-quote"),
]
