from django.urls import path

from . import api

urlpatterns = [
    path("complaints/", api.ComplaintsView.as_view(), name="api-complaints"),
    path("complaints/<int:pk>/", api.ComplaintView.as_view(), name="api-complaint"),
    path("complaints/<int:pk>/answer/", api.AnswerView.as_view(), name="api-complaint-answer"),
    path("complaints/<int:pk>/accept-offer/", api.AcceptOfferView.as_view(), name="api-complaint-accept-offer"),
    path("complaints/<int:pk>/decline-offer/", api.DeclineOfferView.as_view(), name="api-complaint-decline-offer"),
    path("complaints/<int:pk>/escalate/", api.EscalateView.as_view(), name="api-complaint-escalate"),
    path("complaints/<int:pk>/appeal/", api.AppealView.as_view(), name="api-complaint-appeal"),
    path("complaints/<int:pk>/withdraw/", api.WithdrawView.as_view(), name="api-complaint-withdraw"),
]
