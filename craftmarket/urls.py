from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from craftmarket import account, product_page, studio, views
from craftmarket.common import views as common_views
from craftmarket.moderation import views as moderation_views
from craftmarket.security.api_docs import ApiDocsView
from craftmarket.security.urls import media_urlpatterns

api_v1 = [
    path("", include("artisans.api_urls")),
    path("", include("catalog.api_urls")),
    path("", include("orders.documents.api_urls")),  # before orders' "orders/<number>/<action>/"
    path("", include("orders.api_urls")),
    path("", include("craftmarket.common.api_urls")),
    path("", include("orders.reviews.api_urls")),
    path("", include("orders.conversations.api_urls")),
    path("", include("orders.performance.api_urls")),
    path("", include("artisans.business.api_urls")),
    path("", include("orders.complaints.api_urls")),
    path("", include("orders.quotes.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path(f"{settings.ADMIN_URL}dashboard/", moderation_views.dashboard, name="moderation-dashboard"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("studio/", studio.dashboard),
    path("accounts/", account.account),  # before the artisans URLs: the name "account" resolves to this page
    path(
        "accounts/language/", account.account_language, name="account-language"
    ),  # before the artisans URLs: studio:dashboard resolves to this page
    path("", include("artisans.urls")),
    # The product page with its reviews (orders.reviews), ahead of the catalogue's URLs: catalog:product names it.
    path("p/<slug:slug>/", product_page.product_detail),
    path("", include("orders.reviews.urls")),
    path("", include("catalog.wholesale.urls")),
    path("", include("artisans.business.urls")),
    path("", include("catalog.urls")),
    path("", include("orders.urls")),
    path("", include("orders.conversations.urls")),
    path("", include("orders.money.urls")),
    path("", include("orders.complaints.urls")),
    path("", include("orders.documents.urls")),
    path("", include("craftmarket.currency.urls")),
    path("", include("orders.quotes.urls")),
    path("notifications/", common_views.notification_list, name="notifications"),
    path("notifications/read-all/", common_views.notification_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/open/", common_views.notification_open, name="notification-open"),
]

urlpatterns += media_urlpatterns()  # public media, served by Django only when DEBUG is on

handler400 = "craftmarket.views.bad_request"
handler403 = "craftmarket.views.permission_denied"
handler404 = "craftmarket.views.page_not_found"
handler500 = "craftmarket.views.server_error"

if settings.DEBUG:  # public media (renditions) in development; production serves them from storage
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
