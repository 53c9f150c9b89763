"""``{% term "material" word %}``: a material or technique tag in the visitor's language (catalog.vocabulary)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from catalog.vocabulary import term_display

register = template.Library()


@register.simple_tag
def term(kind: str, word: str) -> str:
    text, indonesian = term_display(kind, word)
    if indonesian:
        return format_html('<span lang="id">{}</span>', text)
    return format_html("{}", text)
