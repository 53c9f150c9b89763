"""The README's schedule table ("What runs when") is the beat schedule: the same tasks at the same intervals."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.conf import settings

README = Path(__file__).resolve().parents[2] / "README.md"
UNITS = {"min": "minutes", "minute": "minutes", "hour": "hours", "day": "days", "week": "weeks"}


WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _every(label: str) -> timedelta | crontab:
    """'minute', '10 min', 'hour', 'week' … as the README writes an interval, or 'Monday 06:00' / 'daily 01:30'
    for a crontab."""
    daily = re.fullmatch(r"daily (\d\d):(\d\d)", label)
    if daily:
        return crontab(minute=int(daily.group(2)), hour=int(daily.group(1)))
    weekly = re.fullmatch(r"(\w+day) (\d\d):(\d\d)", label)
    if weekly:
        day, hour, minute = weekly.groups()
        return crontab(minute=int(minute), hour=int(hour), day_of_week=WEEKDAYS.index(day))
    count, _, unit = label.rpartition(" ")
    return timedelta(**{UNITS[unit]: int(count or 1)})


def _readme_schedule() -> dict[str, timedelta | crontab]:
    text = README.read_text()
    table = text.split("What runs when", 1)[1].split("\n\n", 2)[1]
    rows = {}
    for line in table.splitlines()[2:]:
        every, task = (cell.strip() for cell in line.strip("|").split("|")[:2])
        rows[task.strip("`")] = _every(every)
    return rows


def test_the_readme_schedule_table_lists_every_beat_entry_at_its_interval():
    beat = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert _readme_schedule() == beat
