from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Export paperwork of orders: proforma and commercial invoices, packing lists, origin (a nested app of
    ``orders``)."""

    name = "orders.documents"
    label = "documents"
    verbose_name = _("Export documents")
