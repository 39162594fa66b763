"""Home: the decks with their new, learning and due counts, today's progress and streak."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from trainer.presentation.terminal_text import printable
from trainer.tui.app_base import AppBase
from trainer.tui.messages import DecksLoaded, StatsLoaded
from trainer.tui.widgets.deck_table import DeckTable
from trainer.tui.writes import failure_text


def today_line(report: Any) -> Text:
    """ "Today 12 reviewed · 83% right · streak 4 days" from the stats report."""
    if report is None:
        return Text("Welcome: pick a deck and press Enter, or press a to drill everything.")
    today, streak = report.today, report.streak.current
    parts: list[str | tuple[str, str]] = [("Today ", "dim"), (str(today.reviews), "bold")]
    parts.append(" reviewed")
    if today.accuracy is not None:
        parts += [" · ", (f"{today.accuracy:.0%}", "bold"), " right"]
    parts += [" · streak ", (f"{streak} day{'s' if streak != 1 else ''}", "bold")]
    return Text.assemble(*parts)


class HomeScreen(Screen[None]):
    app = getters.app(AppBase)
    CSS_PATH = "home.tcss"
    # The footer keeps Help and the main keys at 60 columns; ? lists every key.
    BINDINGS = [
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("enter", "drill_selected", "Drill", priority=True),
        Binding("a", "app.drill(None)", "Drill all"),
        Binding("b", "app.open('browse')", "Browse"),
        Binding("s", "app.open('stats')", "Stats"),
        Binding("c", "class_report", "Class"),
        Binding("i", "app.open('import')", "Import", show=False),
        Binding("o", "app.open('settings')", "Settings", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static("trainer", id="home-title")
        yield Static(id="today")
        yield DeckTable(id="decks")
        yield Static(id="deck-detail", markup=False)
        yield Static(id="totals")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DeckTable).focus()
        from trainer.practice.classroom import owner_line, whose

        self.owner = whose(self.app.services)
        if line := owner_line(self.owner):
            self.query_one("#home-title", Static).update(
                Text.assemble(("trainer", "bold"), ("  ·  " + line, "dim"))
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``c`` (the class report) is there only for a class admin."""
        if action == "class_report":
            owner = getattr(self, "owner", None)
            return owner is not None and owner.is_admin
        return True

    def action_class_report(self) -> None:
        self.app.action_open("class")

    def on_screen_resume(self) -> None:
        if self.app.screen is self:  # not while a drill opened at startup covers it
            self.refresh_decks()

    def refresh_decks(self) -> None:
        self.load_decks()
        self.load_today()

    @work(thread=True, exclusive=True, exit_on_error=False, group="decks")
    def load_decks(self) -> None:
        from trainer.practice.overview import deck_overview

        self.post_message(DecksLoaded(deck_overview(self.app.services)))

    @on(DecksLoaded)
    def decks_loaded(self, message: DecksLoaded) -> None:
        decks = message.decks
        self.query_one(DeckTable).show(decks)
        self.show_selected()
        new = sum(d.new for d in decks)
        learning = sum(d.learning for d in decks)
        due = sum(d.due for d in decks)
        self.query_one("#totals", Static).update(
            Text.assemble(
                (f"{len(decks)} deck{'' if len(decks) == 1 else 's'}", "dim"),
                "  ·  to do today: ",
                (f"{new} new", "blue"),
                ", ",
                (f"{learning} learning", "red"),
                ", ",
                (f"{due} due", "green"),
            )
            if decks
            else Text("No decks yet: press i to import one.", style="yellow")
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A deck list or a today line that could not be read is said, not left blank."""
        if event.worker.group in ("decks", "today") and event.state == WorkerState.ERROR:
            what = "the decks" if event.worker.group == "decks" else "today's figures"
            self.notify(
                failure_text(event.worker.error or RuntimeError()),
                title=f"Could not read {what}",
                severity="error",
                timeout=8,
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="today")
    def load_today(self) -> None:
        from trainer.practice.reports import stats_report

        report = stats_report(self.app.services)
        self.post_message(StatsLoaded(None, report))

    @on(StatsLoaded)
    def today_loaded(self, message: StatsLoaded) -> None:
        self.query_one("#today", Static).update(today_line(message.report))

    @on(DeckTable.RowHighlighted, "#decks")
    def show_selected(self) -> None:
        """The selected deck's full name, key and size: the table may cut the name."""
        deck = self.query_one(DeckTable).selected_deck
        detail = self.query_one("#deck-detail", Static)
        if deck is None:
            detail.update("")
            return
        unseen = getattr(deck, "unseen", None)
        size = f"{deck.problems} problems" + (f", {unseen} unseen" if unseen is not None else "")
        detail.update(Text.assemble((printable(deck.name), "bold"), f"  {deck.key} · {size}"))

    def action_drill_selected(self) -> None:
        table = self.query_one(DeckTable)
        key = table.selected_key
        if key is not None:
            self.app.drill(key)

    @on(DeckTable.DrillRequested)
    def drill_requested(self, event: DeckTable.DrillRequested) -> None:
        self.app.drill(event.deck_key)
