from django.urls import path

from . import api

urlpatterns = [
    path("threads/", api.ThreadsView.as_view(), name="api-threads"),
    path("threads/<str:thread_id>/", api.ThreadView.as_view(), name="api-thread"),
    path("threads/<str:thread_id>/messages/", api.ThreadMessagesView.as_view(), name="api-thread-messages"),
    path("threads/<str:thread_id>/report/", api.ThreadReportView.as_view(), name="api-thread-report"),
    path("messages/unread-count/", api.UnreadCountView.as_view(), name="api-messages-unread"),
]
