from django.urls import path

from . import api

urlpatterns = [
    path("rfqs/", api.RFQsView.as_view(), name="api-rfqs"),
    path("rfqs/<str:public_id>/", api.RFQView.as_view(), name="api-rfq"),
    path("rfqs/<str:public_id>/close/", api.RFQCloseView.as_view(), name="api-rfq-close"),
    path("rfqs/<str:public_id>/invite/", api.RFQInviteView.as_view(), name="api-rfq-invite"),
    path("rfqs/<str:public_id>/quotes/", api.RFQQuotesView.as_view(), name="api-rfq-quotes"),
    path("studio/rfqs/", api.StudioRFQsView.as_view(), name="api-studio-rfqs"),
    path("studio/quotes/", api.StudioQuotesView.as_view(), name="api-studio-quotes"),
    path("quotes/<str:public_id>/", api.QuoteView.as_view(), name="api-quote"),
    path("quotes/<str:public_id>/send/", api.QuoteSendView.as_view(), name="api-quote-send"),
    path("quotes/<str:public_id>/revise/", api.QuoteReviseView.as_view(), name="api-quote-revise"),
    path("quotes/<str:public_id>/withdraw/", api.QuoteWithdrawView.as_view(), name="api-quote-withdraw"),
    path("quotes/<str:public_id>/counter/", api.QuoteCounterView.as_view(), name="api-quote-counter"),
    path("quotes/<str:public_id>/accept/", api.QuoteAcceptView.as_view(), name="api-quote-accept"),
    path("quotes/<str:public_id>/decline/", api.QuoteDeclineView.as_view(), name="api-quote-decline"),
]
