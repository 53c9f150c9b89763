from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """Buyers' reviews of the products of their completed orders (a nested app of ``orders``)."""

    name = "orders.reviews"
    label = "reviews"
    verbose_name = _("Reviews")
