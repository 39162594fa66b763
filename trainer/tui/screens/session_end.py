"""The end of a drill: what was done, how well, how long, and what tomorrow holds."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.practice.drill_types import SessionSummary
from trainer.tui.widgets.session_status import clock_text


def summary_table(summary: SessionSummary) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", justify="right")
    table.add_column(style="bold")
    accuracy = "—" if summary.accuracy is None else f"{summary.accuracy:.0%}"
    table.add_row("problems done", str(summary.done))
    table.add_row("right first time", f"{summary.correct}  ({accuracy})")
    table.add_row("time spent", clock_text(summary.time_spent))
    table.add_row(
        "ratings",
        f"again {summary.again} · hard {summary.hard} · good {summary.good} · easy {summary.easy}",
    )
    table.add_row("due tomorrow", str(summary.due_tomorrow))
    return table


class SessionEndScreen(Screen[None]):
    CSS_PATH = "session_end.tcss"
    BINDINGS = [
        Binding("f1,question_mark", "app.help", "Help"),
        Binding("enter,escape", "app.home", "Home"),
        Binding("s", "app.open('stats')", "Stats"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="end-box"):
            headline = "Session done" if self.summary.done else "Nothing was reviewed"
            yield Static(headline, id="end-title")
            yield Static(summary_table(self.summary), id="end-summary")
            yield Static("Enter: back to your decks · s: stats · q: quit", id="end-hint")
        yield Footer()
