"""How performance figures read, in the templates (``performance_tags``) and the admin: a permille as a
percentage in the active language's decimals, seconds as hours and minutes, "—" for nothing measured."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

NONE = "—"


def share(value: int | None) -> str:
    """950 → "95 %", 987 → "98,7 %" in Indonesian ("98.7 %" in English); None → "—"."""
    if value is None:
        return NONE
    if value % 10 == 0:
        return f"{value // 10} %"
    return f"{number_format(Decimal(value) / 10, decimal_pos=1)} %"


def reply_time(seconds: int | None) -> str:
    """3900 → "1 h 5 min", 240 → "4 min", from 48 hours on in days; None → "—"."""
    if seconds is None:
        return NONE
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    if hours >= 48:
        return _("%(days)d days") % {"days": hours // 24}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}
