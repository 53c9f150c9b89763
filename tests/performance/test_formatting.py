"""Figures as people read them: shares in each language's decimals, reply times, "—" for nothing measured."""

from __future__ import annotations

import pytest
from django.utils import translation

from orders.performance.formatting import reply_time, share
from orders.performance.models import permille


def test_permille_rounds_down_and_is_none_without_data():
    assert permille(949_999, 1_000_000) == 949  # never shown as a met 95 %
    assert permille(2, 3) == 666
    assert permille(0, 0) is None
    assert permille(5, 5) == 1000


@pytest.mark.parametrize(("language", "expected"), [("en", "98.7 %"), ("id", "98,7 %")])
def test_a_share_uses_the_languages_decimal_mark(language, expected):
    with translation.override(language):
        assert share(987) == expected
        assert share(950) == "95 %"
        assert share(0) == "0 %"
        assert share(None) == "—"


def test_reply_times():
    with translation.override("id"):
        assert reply_time(3900) == "1 jam 5 menit"
        assert reply_time(240) == "4 menit"
        assert reply_time(3 * 86400) == "3 hari"
        assert reply_time(None) == "—"
    with translation.override("en"):
        assert reply_time(3900) == "1 h 5 min"
