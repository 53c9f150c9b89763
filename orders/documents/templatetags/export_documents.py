"""``{% export_documents order %}``: the export paperwork panel of the buyer's and the artisan's order pages."""

from __future__ import annotations

from typing import Any

from django import template

from orders.documents import selectors
from orders.documents.data import ALLOWED_STATUSES
from orders.documents.models import Document

register = template.Library()


@register.inclusion_tag("documents/_panel.html", takes_context=True)
def export_documents(context: dict[str, Any], order: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not selectors.order_is_export(order):
        return {"show": False}
    latest = {document.kind: document for document in selectors.latest_documents(order=order)}
    kinds = [
        {
            "kind": kind,
            "label": label,
            "document": latest.get(kind),
            "available": order.status in ALLOWED_STATUSES[kind],
        }
        for kind, label in Document.Kind.choices
    ]
    is_artisan = user is not None and user.pk == order.artisan.user_id
    return {
        "show": True,
        "order": order,
        "kinds": kinds,
        "is_artisan": is_artisan,
        "packages": selectors.packages_for_order(order=order) if is_artisan else [],
        "csrf_token": context.get("csrf_token"),
    }
