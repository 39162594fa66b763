"""The stats screen's charts: textual-plotext plots, text bars and a year heatmap, fed plain data.

Each chart takes its data as an attribute (``show(...)``) and redraws; none reads the
collection. Dates are the report's local ISO dates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.widgets import Static
from textual_plotext import PlotextPlot


def _labels(dates: Sequence[str]) -> list[str]:
    """Short ``MM-DD`` labels for the x axis."""
    return [d[5:] for d in dates]


def plural(count: int, word: str) -> str:
    """ "1 day", "2 days"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


class BarChart(PlotextPlot):
    """Vertical bars over labelled days (reviews per day, the 30-day forecast)."""

    DEFAULT_CSS = "BarChart { height: 1fr; min-height: 8; }"

    def show(self, title: str, labels: Sequence[str], values: Sequence[float], color: str) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if values:
            plt.bar(list(range(len(values))), list(values), color=color, width=0.6)
            top = max(1, *values)
            plt.ylim(0, top)
            step = max(1, math.ceil(top / 5))  # whole counts on the axis, not 17.5 reviews
            plt.yticks(list(range(0, int(top) + 1, step)))
            short = _labels(labels)
            step = max(1, len(short) // 6)
            ticks = list(range(0, len(short), step))
            plt.xticks([float(t) for t in ticks], [short[i] for i in ticks])
        self.refresh()


class LineChart(PlotextPlot):
    """Rates over days as lines, 0–100 %: accuracy and retention over time."""

    DEFAULT_CSS = "LineChart { height: 1fr; min-height: 8; }"

    def show(
        self, title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]
    ) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        plt.ylim(0, 100)
        for (name, values), color in zip(series.items(), ("green", "cyan", "orange"), strict=False):
            points = [(i, v * 100) for i, v in enumerate(values) if v is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                plt.plot(list(xs), list(ys), label=name, color=color, marker="dot")
        if labels:
            plt.xlim(0, max(1, len(labels) - 1))  # the whole range, even for one point
            short = _labels(labels)
            step = max(1, len(short) // 6)
            ticks = list(range(0, len(short), step))
            plt.xticks([float(t) for t in ticks], [short[i] for i in ticks])
        self.refresh()


class HorizontalBars(Static):
    """Named counts as text bars, a line each with its count: cards by state. Every name
    shows at any height (a plotted chart with too few rows dropped some labels) and the
    counts are whole numbers, not axis ticks such as 178.2."""

    DEFAULT_CSS = "HorizontalBars { height: auto; padding: 0 1; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shown: tuple[str, dict[str, int]] | None = None

    def show(self, title: str, counts: dict[str, int]) -> None:
        self.shown = (title, dict(counts))
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        if self.shown is None:
            return
        title, counts = self.shown
        names = max((len(name) for name in counts), default=0)
        digits = max((len(str(value)) for value in counts.values()), default=1)
        room = max(1, (self.content_size.width or 60) - names - digits - 2)
        peak = max(counts.values(), default=0)
        lines = [Text(title, style="bold")]
        for name, value in counts.items():
            length = 0 if not peak else max(1 if value else 0, round(room * value / peak))
            line = Text(f"{name:>{names}} {value:>{digits}} ")
            line.append("█" * length, style="cyan")
            lines.append(line)
        self.update(Text("\n").join(lines))


_SHADES = ("·", "░", "▒", "▓", "█")
_STYLES = ("grey35", "green4", "green3", "green1", "bold bright_green")


class YearHeatmap(Static):
    """A year of days, a column per week and a row per weekday, shaded by reviews."""

    DEFAULT_CSS = "YearHeatmap { height: auto; padding: 0 1; }"

    def show(self, today: str, reviews_by_date: dict[str, int], weeks: int = 53) -> None:
        end = date.fromisoformat(today)
        start = end - timedelta(days=end.weekday() + 7 * (weeks - 1))
        peak = max(reviews_by_date.values(), default=0)
        rows = [Text(f"{name} ") for name in ("Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun")]
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            count = reviews_by_date.get(day.isoformat(), 0)
            level = 0 if not count or not peak else min(4, 1 + (3 * count) // peak)
            rows[day.weekday()].append(_SHADES[level], style=_STYLES[level])
        legend = Text("less ", style="dim")
        for shade, style in zip(_SHADES, _STYLES, strict=True):
            legend.append(shade, style=style)
        legend.append(" more", style="dim")
        active = sum(1 for v in reviews_by_date.values() if v)
        total = sum(reviews_by_date.values())
        legend.append(f"    {plural(total, 'review')} on {plural(active, 'day')}", style="dim")
        self.update(Text("\n").join([*rows, legend]))
