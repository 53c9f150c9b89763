from django.urls import path

from . import api

urlpatterns = [
    path("rfqs/", api.RFQsView.as_view(), name="api-rfqs"),
    path("rfqs/<str:public_id>/", api.RFQView.as_view(), name="api-rfq"),
    path("rfqs/<str:public_id>/close/", api.RFQCloseView.as_view(), name="api-rfq-close"),
    path("rfqs/<str:public_id>/invite/", api.RFQInviteView.as_view(), name="api-rfq-invite"),
    path("rfqs/<str:public_id>/photos/", api.RFQPhotosView.as_view(), name="api-rfq-photos"),
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
    path("quotes/<str:public_id>/production/", api.QuoteProductionView.as_view(), name="api-quote-production"),
    path("quote-orders/<int:pk>/", api.QuoteOrderView.as_view(), name="api-quote-order"),
    path("quote-orders/<int:pk>/sample-approve/", api.SampleApproveView.as_view(), name="api-sample-approve"),
    path("quote-orders/<int:pk>/sample-changes/", api.SampleChangesView.as_view(), name="api-sample-changes"),
    path("quote-orders/<int:pk>/start/", api.ProductionStartView.as_view(), name="api-production-start"),
    path("quote-orders/<int:pk>/goods-ready/", api.GoodsReadyView.as_view(), name="api-goods-ready"),
    path("quote-orders/<int:pk>/goods-approve/", api.GoodsApproveView.as_view(), name="api-goods-approve"),
    path("quote-orders/<int:pk>/goods-reject/", api.GoodsRejectView.as_view(), name="api-goods-reject"),
    path("quote-orders/<int:pk>/balance-paid/", api.BalancePaidView.as_view(), name="api-balance-paid"),
    path("quote-orders/<int:pk>/cancel/", api.QuoteOrderCancelView.as_view(), name="api-quote-order-cancel"),
]
