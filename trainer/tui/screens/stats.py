"""Stats: reviews per day, accuracy and retention, the forecast, a year heatmap, cards by
state, and the same for one deck (``d`` cycles through the decks).

The report comes from ``trainer.practice.reports.stats_report`` in a worker; the charts
are fed from the ``StatsLoaded`` handler.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane, Tabs

from trainer.practice.overview import deck_overview
from trainer.practice.reports import export_rows, stats_report
from trainer.practice.settings import load_settings
from trainer.presentation.terminal_text import printable
from trainer.tui.app_base import AppBase
from trainer.tui.messages import StatsLoaded
from trainer.tui.widgets.charts import (
    BarChart,
    HorizontalBars,
    LineChart,
    YearHeatmap,
    plural,
)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def headline(report: Any, scope: str, width: int = 120) -> Text:
    """ "All decks  today 3 reviews, 67% right, 2 new  ·  streak 1 (best 4)"; the streak
    goes on a line of its own where one line would not fit (never "streak" / "1 (best 4)")."""
    today, streak = report.today, report.streak
    day = Text.assemble(
        (scope, "bold"),
        "  today ",
        (str(today.reviews), "bold"),
        f" review{'' if today.reviews == 1 else 's'}, {_percent(today.accuracy)} right,"
        f" {today.new_learned} new",
    )
    days = Text.assemble("streak ", (f"{streak.current}", "bold"), f" (best {streak.longest})")
    one_line = len(day) + len(days) + 5 <= width - 2  # the headline's padding
    return Text.assemble(day, "  ·  " if one_line else "\n", days)


def retention_table(report: Any) -> Table:
    table = Table(title="True retention (reviews passed)", expand=False)
    table.add_column("window")
    for column in ("young", "mature", "all"):
        table.add_column(column, justify="right")
    for window in report.retention:
        cells = (window.young, window.mature, window.total)
        table.add_row(
            plural(window.days, "day"), *(f"{_percent(c.rate)} of {c.reviews}" for c in cells)
        )
    rmse = getattr(report.calibration, "rmse", None)
    table.caption = "FSRS calibration RMSE: " + ("—" if rmse is None else f"{rmse:.3f}")
    return table


def decks_table(report: Any, today: dict[str, Any] | None = None, *, width: int = 120) -> Table:
    """Per deck: today's new, learning and due (the drill's own counts, as on the home
    screen), then what the deck holds: unseen, in review, and the 30-day pass rate.

    The deck name keeps room on a ``width``-column screen: under 100 columns unseen and
    in review are left out, under 80 the pass rate too (80 columns of seven columns cut
    every name to ten characters)."""
    wide, passes = width >= 100, width >= 80
    table = Table(title="Per deck: to do today, and what the deck holds", expand=True)
    table.add_column("deck", no_wrap=True, overflow="ellipsis", ratio=1)
    for column in ("new today", "learning", "due"):
        table.add_column(column, justify="right")
    if wide:
        for column in ("unseen", "in review"):
            table.add_column(column, justify="right")
    if passes:
        table.add_column("30-day pass", justify="right")
    for deck in report.decks:
        states = deck.states
        counts = (today or {}).get(deck.key)
        cells = [str(counts.new), str(counts.learning), str(counts.due)] if counts else ["—"] * 3
        if wide:
            cells += [str(states.new), str(states.review)]
        if passes:
            rate = deck.passes_30d / deck.reviews_30d if deck.reviews_30d else None
            cells.append(_percent(rate))
        table.add_row(Text(printable(deck.name)), *cells)  # literal: never markup, escapes
    return table


class StatsScreen(Screen[None]):
    app = getters.app(AppBase)
    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("f1,question_mark", "app.help", "Help"),
        Binding("left", "tab(-1)", "Tabs", key_display="←→", priority=True),
        Binding("right", "tab(1)", "Next tab", show=False, priority=True),
        Binding("d", "next_deck", "Next deck"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scopes: list[tuple[str | None, str]] = [(None, "All decks")]
        self.scope_index = 0
        self.shown: Any = None  # the report on screen, for redrawing the deck table
        self.today: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading stats…", id="stats-headline")
        with TabbedContent(id="stats-tabs"):
            with TabPane("Activity", id="tab-activity"):
                yield BarChart(id="reviews-chart")
                yield LineChart(id="accuracy-chart")
            with TabPane("Forecast", id="tab-forecast"):
                yield BarChart(id="forecast-chart")
            with TabPane("Retention", id="tab-retention"):
                yield Static(id="retention")
            with TabPane("Year", id="tab-year"):
                yield YearHeatmap(id="heatmap")
            with TabPane("Cards", id="tab-cards"):
                yield HorizontalBars(id="states-chart")
                yield Static(id="decks-table")
        yield Footer()

    def on_mount(self) -> None:
        services = self.app.services
        self.scopes += [(d.key, d.name) for d in load_settings(services).decks]
        self.load()

    def action_tab(self, step: int) -> None:
        """←/→ switch tabs wherever the focus is (the footer says so)."""
        tabs = self.query_one(TabbedContent).query_one(Tabs)
        if step < 0:
            tabs.action_previous_tab()
        else:
            tabs.action_next_tab()

    def action_next_deck(self) -> None:
        self.scope_index = (self.scope_index + 1) % len(self.scopes)
        self.load()

    def load(self) -> None:
        key, name = self.scopes[self.scope_index]
        self.query_one("#stats-headline", Static).update(Text(f"{name}: loading…", style="dim"))
        self.compute(key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def compute(self, deck: str | None) -> None:
        services = self.app.services
        report = stats_report(services, deck)
        since = date.fromisoformat(report.today.date) - timedelta(days=372)
        with export_rows(services, "daily", deck=deck, since=since) as daily:
            year = {row[0]: int(row[2]) for batch in daily.batches for row in batch}
        today = {d.key: d.today for d in deck_overview(services)}
        self.post_message(StatsLoaded(deck, report, year, today))

    @on(StatsLoaded)
    def loaded(self, message: StatsLoaded) -> None:
        report = message.report
        if report is None or message.deck != self.scopes[self.scope_index][0]:
            return
        name = self.scopes[self.scope_index][1]
        self.query_one("#stats-headline", Static).update(headline(report, name, self.size.width))
        days = [d.date for d in report.history]
        self.query_one("#reviews-chart", BarChart).show(
            "Reviews per day (30 days)", days, [d.reviews for d in report.history], "cyan"
        )
        self.query_one("#accuracy-chart", LineChart).show(
            "Right first time and true retention, % per day",
            days,
            {
                "right first time": [d.accuracy for d in report.history],
                "true retention": [d.retention for d in report.history],
            },
        )
        self.query_one("#forecast-chart", BarChart).show(
            "Due in the next 30 days",
            [f.date for f in report.forecast],
            [f.total for f in report.forecast],
            "orange",
        )
        self.query_one("#retention", Static).update(retention_table(report))
        year = message.year or {d.date: d.reviews for d in report.history}
        self.query_one(YearHeatmap).show(report.today.date, year)
        states = report.states
        self.query_one(HorizontalBars).show(
            "Cards by state",
            {
                "unseen": states.new,
                "learning": states.learning,
                "review": states.review,
                "relearning": states.relearning,
                "suspended": states.suspended,
            },
        )
        self.today = message.today
        self.shown = report
        self.show_decks_table()

    def show_decks_table(self) -> None:
        if self.shown is not None:
            table = decks_table(self.shown, self.today, width=self.size.width)
            self.query_one("#decks-table", Static).update(table)

    def on_resize(self) -> None:
        self.show_decks_table()  # the columns that fit the new width
        if self.shown is not None:
            name = self.scopes[self.scope_index][1]
            self.query_one("#stats-headline", Static).update(
                headline(self.shown, name, self.size.width)
            )

    def on_worker_state_changed(self, event: Any) -> None:
        from textual.worker import WorkerState

        if event.worker.group == "stats" and event.state == WorkerState.ERROR:
            self.query_one("#stats-headline", Static).update(
                Text(f"Could not compute the stats: {event.worker.error}", style="red")
            )
