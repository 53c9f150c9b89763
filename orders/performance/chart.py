"""The studio's small chart of the last 12 weeks, drawn on the server as SVG coordinates (no JS library): the
on-time share (0–100 %) and the average rating (0–5, drawn on the same height), one point per week."""

from __future__ import annotations

from dataclasses import dataclass

from .models import PerformanceSnapshot

WIDTH, HEIGHT, PAD = 320, 120, 10


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    on_time: list[Point]
    rating: list[Point]
    weeks: list[str]  # the day each point stands for, "7 Dec"

    @property
    def on_time_points(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.on_time)

    @property
    def rating_points(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.rating)

    @property
    def gridlines(self) -> list[int]:
        return [PAD, HEIGHT // 2, HEIGHT - PAD]


def _y(fraction: float) -> int:
    return round(HEIGHT - PAD - fraction * (HEIGHT - 2 * PAD))


def weekly_chart(weeks: list[PerformanceSnapshot], *, slots: int = 12) -> Chart | None:
    """None without any snapshot; points are placed right-aligned so the latest week is always at the right."""
    if not weeks:
        return None
    step = (WIDTH - 2 * PAD) / max(slots - 1, 1)
    offset = slots - len(weeks)
    on_time, rating = [], []
    for index, snapshot in enumerate(weeks):
        x = round(PAD + (offset + index) * step)
        if snapshot.on_time_permille is not None:
            on_time.append(Point(x, _y(snapshot.on_time_permille / 1000), f"{snapshot.on_time_permille / 10:g} %"))
        if snapshot.rating is not None:
            rating.append(Point(x, _y(float(snapshot.rating) / 5), f"{snapshot.rating}"))
    return Chart(WIDTH, HEIGHT, on_time, rating, [s.date.isoformat() for s in weeks])
