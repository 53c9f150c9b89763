from django import template

from craftmarket.common.money import format_idr

register = template.Library()


@register.filter(name="idr")
def idr(value: int | None) -> str:
    """Render whole rupiah as ``Rp 1.250.000``."""
    if value in (None, ""):
        return ""
    return format_idr(int(value))
