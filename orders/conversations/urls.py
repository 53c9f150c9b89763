from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/product/<slug:slug>/", views.start_about_product, name="start-product"),
    path("messages/new/order/<str:number>/", views.start_about_order, name="start-order"),
    path("messages/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("messages/<uuid:thread_id>/", views.thread, name="thread"),
    path("messages/<uuid:thread_id>/report/", views.report, name="report"),
    path("studio/messages/", views.studio_inbox, name="studio-inbox"),
    path("studio/messages/<uuid:thread_id>/", views.studio_thread, name="studio-thread"),
]
