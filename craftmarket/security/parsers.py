"""Request parsers that refuse hostile bodies with a 400 instead of crashing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's parser, plus: nesting deep enough to exhaust Python's recursion limit (``[[[[…``) and text that is
    not valid Unicode (lone surrogates, which PostgreSQL cannot store) are a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply."))
        try:
            _check_text(data)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply."))
        return data


def _check_text(value: object) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(_("JSON parse error - the text is not valid Unicode."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)
