"""Template filters for performance figures (``orders.performance.formatting``)."""

from __future__ import annotations

from django import template

from orders.performance import formatting

register = template.Library()
register.filter("share", formatting.share)
register.filter("reply_time", formatting.reply_time)
