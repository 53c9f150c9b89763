from django import template

from catalog.report_views import ReportForm

register = template.Library()


@register.inclusion_tag("catalog/_report_form.html", takes_context=True)
def report_listing_form(context, product):
    """The "report this listing" form for a product page (closed until the visitor opens it)."""
    return {"product": product, "report_form": ReportForm(), "csrf_token": context.get("csrf_token"), "open": False}
