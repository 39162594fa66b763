"""Browse: search the collection's cards, act on them, open a problem's history.

The search language is ``trainer.practice.card_query`` (``deck:algebra is:suspended``,
``tag:quad* -is:new``, ``prop:lapses>=2 or is:leech``). Searching runs in a worker; every
action (unsuspend, suspend, bury, unbury, forget) is a write in the ``writes`` worker
group (``trainer.tui.writes``). The selected card's full deck name, key and prompt are
shown under the table, so a narrow table loses nothing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

from trainer.errors import TrainerError
from trainer.presentation.readable import readable
from trainer.tui.app_base import AppBase
from trainer.tui.messages import CardsFound
from trainer.tui.screens.confirm import ConfirmModal
from trainer.tui.widgets.card_table import CardTable, due_text, state_text
from trainer.tui.writes import WritingScreen, failure_text

LIMIT = 1000  # rows listed; the status line says how many match in all
DONE = {
    "unsuspend": "unsuspended",
    "suspend": "suspended",
    "bury": "buried until tomorrow",
    "unbury": "unburied",
    "forget": "reset to new (reviews kept)",
}


def count_text(count: int) -> str:
    return f"{count} card{'' if count == 1 else 's'}"


class BrowseScreen(WritingScreen):
    """Cards matching ``query`` (all cards when empty); ``/`` edits the search."""

    app = getters.app(AppBase)
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("f1,question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Input(
            self.query_text,
            placeholder="search: deck:algebra is:suspended tag:quad* prop:lapses>=2 … Enter",
            id="query",
            compact=True,
        )
        yield Static(id="browse-status", markup=False)
        yield CardTable(id="cards")
        yield Static(id="card-detail", markup=False)
        yield Footer(compact=True)

    @property
    def services(self) -> Any:
        return self.app.services

    @property
    def table(self) -> CardTable:
        return self.query_one(CardTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.run_search(self.query_text)

    def on_screen_resume(self) -> None:
        if self.table.cards:  # back from a card's history: its state may have changed
            self.run_search(self.query_text)

    # --- searching -----------------------------------------------------------------
    @on(Input.Submitted, "#query")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value)
        self.table.focus()

    def run_search(self, query: str) -> None:
        self.query_text = query
        self.query_one("#browse-status", Static).update(Text("searching…", style="dim"))
        self.search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse-search")
    def search(self, query: str) -> None:
        from trainer.practice.browse import search

        try:
            result = search(self.services, query, limit=LIMIT)
        except TrainerError as exc:
            self.post_message(CardsFound(query, error=failure_text(exc)))
            return
        self.post_message(CardsFound(query, result))

    @on(CardsFound)
    def cards_found(self, message: CardsFound) -> None:
        status = self.query_one("#browse-status", Static)
        result = message.result
        if message.error is not None or result is None:
            status.update(Text(f"⚠ {message.error or 'no result'}", style="yellow"))
            self.query_one("#query", Input).focus()
            return
        self.total = result.total
        self.table.show(result.cards, self.services.clock())
        shown = len(result.cards)
        what = count_text(result.total) if shown == result.total else f"{shown} of {result.total}"
        where = f" for “{message.query}”" if message.query.strip() else " (every card)"
        keys = " · Enter: history · space: mark" if self.size.width >= 90 else ""
        status.update(Text(f"{what}{where}{keys}", style="dim", no_wrap=True, overflow="ellipsis"))
        self.show_detail()

    def on_worker_state_changed(self, event: Any) -> None:
        from textual.worker import WorkerState

        if event.worker.group == "browse-search" and event.state == WorkerState.ERROR:
            error = failure_text(event.worker.error)
            self.query_one("#browse-status", Static).update(Text(f"⚠ {error}", style="red"))

    # --- the selected card -----------------------------------------------------------
    @on(DataTable.RowHighlighted, "#cards")
    def show_detail(self) -> None:
        card = self.table.current_card
        detail = self.query_one("#card-detail", Static)
        if card is None:
            detail.update("")
            return
        marked = len(self.table.marked)
        lines = Text.assemble(
            (card.deck_name, "bold"),
            " · ",
            (card.problem_key, "bold"),
            " · ",
            state_text(card),
            f" · due {due_text(card.due, self.services.clock(), suspended=card.suspended)}",
            f" · {marked} marked" if marked else "",
            "\n",
            readable(card.prompt),
            ("\nanswer: ", "dim"),
            readable(card.answer),
            ("\ntags: " + ", ".join(card.tags), "dim") if card.tags else "",
        )
        detail.update(lines)

    def action_history(self) -> None:
        card = self.table.current_card
        if card is not None:
            from trainer.tui.screens.problem_history import ProblemHistoryScreen

            self.app.push_screen(ProblemHistoryScreen(card.card_id))

    @on(CardTable.HistoryRequested)
    def history_requested(self, event: CardTable.HistoryRequested) -> None:
        self.action_history()

    # --- acting on cards -------------------------------------------------------------
    def action_act(self, action: str) -> None:
        if self.busy:
            self.notify(f"still working: {self.busy}…")
            return
        ids = self.table.chosen_ids
        if not ids:
            self.notify("no card selected", severity="warning")
            return
        from trainer.practice.browse import apply_action

        services = self.services
        self.write(action, lambda: (apply_action(services, action, ids), len(ids)))  # type: ignore[arg-type]

    def action_forget(self) -> None:
        ids = self.table.chosen_ids
        if not ids:
            return
        question = f"Reset {count_text(len(ids))} to new? Their reviews are kept."
        self.app.push_screen(ConfirmModal(question), self._forget_answered)

    def _forget_answered(self, yes: bool | None) -> None:
        if yes:
            self.action_act("forget")

    def finished(self, action: str, result: Any) -> None:
        changed, asked = result
        left = asked - changed
        extra = f" ({left} already so)" if left else ""
        self.notify(f"{count_text(changed)} {DONE.get(action, action)}{extra}", title="Browse")
        self.table.marked.clear()
        self.run_search(self.query_text)

    def action_focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def action_back(self) -> None:
        search_box = self.query_one("#query", Input)
        if search_box.has_focus and self.table.cards:
            self.table.focus()  # Esc in the search box: back to the results first
        else:
            self.app.pop_screen()
