"""The studio dashboard: the artisans area's profile and verification card plus products and orders, which
combine apps and so live at project level. Served at /studio/ ahead of the artisans URLs, so the URL name
``studio:dashboard`` still points here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from artisans.selectors import artisan_for_user
from artisans.views import dashboard_context
from catalog.models import Product
from catalog.selectors import product_status_counts
from orders.performance.chart import weekly_chart
from orders.performance.selectors import performance_overview
from orders.selectors import artisan_order_summary, open_orders_for_artisan

OPEN_ORDERS_SHOWN = 5


def _month_start():
    now = timezone.localtime()
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@never_cache
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Products by status, open orders (paid or processing), this month's sales and the next verification step:
    a constant number of queries."""
    artisan = artisan_for_user(user=request.user)
    if artisan is None:
        return redirect("apply")
    counts = product_status_counts(artisan=artisan)
    performance = performance_overview(artisan=artisan)
    context = {
        **dashboard_context(artisan),
        "product_stats": [(value, label, counts[value]) for value, label in Product.Status.choices],
        "product_total": sum(counts.values()),
        "orders_summary": artisan_order_summary(artisan=artisan, since=_month_start()),
        "open_orders": open_orders_for_artisan(artisan=artisan, limit=OPEN_ORDERS_SHOWN),
        "month_start": _month_start(),
        "performance": performance,
        "performance_chart": weekly_chart(performance.weeks),
    }
    return render(request, "studio/home.html", context)
