"""One problem's history: the card's state, its prompt and answer, and every review with
its verdict and the attempts typed (``trainer.practice.browse.problem_history``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from trainer.domain import Rating
from trainer.errors import TrainerError
from trainer.presentation.readable import readable
from trainer.tui.app_base import AppBase
from trainer.tui.messages import HistoryLoaded
from trainer.tui.widgets.card_table import due_text, state_text
from trainer.tui.widgets.charts import plural
from trainer.tui.writes import failure_text


def verdict_text(review: Any) -> Text:
    """ "✓ equal", "✓ on attempt 2 (first: wrong value)", "✗ wrong value · revealed",
    "✗ counted as wrong by you (checker: equal)" (never "✗ equal · override: reject")."""
    reason = review.reason.replace("_", " ") if review.reason else ""
    tries = len(review.attempts)
    if review.override:  # the learner's word, then what the checker had said
        head = ("✓", "green") if review.correct else ("✗", "red")
        said = "accepted" if review.override == "accept" else "counted as wrong"
        parts = [f"{said} by you" + (f" (checker: {reason})" if reason else "")]
    elif review.correct and tries > 1:
        head, parts = (
            ("✓", "green"),
            [f"on attempt {tries}" + (f" (first: {reason})" * bool(reason))],
        )
    else:
        head = ("✓", "green") if review.correct else ("✗", "red")
        parts = [reason] if reason else []
    parts += [f for f, on in (("revealed", review.revealed), ("hint", review.hint_used)) if on]
    if review.source != "graded":
        parts.append(review.source)
    return Text.assemble(head, " ", " · ".join(parts))


def when_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class ProblemHistoryScreen(Screen[None]):
    """The history of card ``card_id``; Escape goes back."""

    app = getters.app(AppBase)
    CSS_PATH = "problem_history.tcss"
    BINDINGS = [
        Binding("f1,question_mark", "app.help", "Help"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, card_id: int) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        yield Static("loading…", id="history-card", markup=False)
        yield DataTable(id="history-reviews", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in ("When", "Rating", "Verdict", "Attempts", "Time"):
            table.add_column(name, key=name.lower())
        table.focus()
        self.load(self.card_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="history")
    def load(self, card_id: int) -> None:
        from trainer.practice.browse import problem_history

        services = self.app.services
        try:
            self.post_message(HistoryLoaded(card_id, problem_history(services, card_id)))
        except TrainerError as exc:
            self.post_message(HistoryLoaded(card_id, error=failure_text(exc)))

    @on(HistoryLoaded)
    def loaded(self, message: HistoryLoaded) -> None:
        head = self.query_one("#history-card", Static)
        history = message.history
        if message.error is not None or history is None:
            head.update(Text(f"⚠ {message.error or 'no history'}", style="yellow"))
            return
        card, reviews = history.card, history.reviews
        now = self.app.services.clock()
        head.update(
            Text.assemble(
                (card.deck_name, "bold"),
                " · ",
                (card.problem_key, "bold"),
                " · ",
                state_text(card),
                f" · due {due_text(card.due, now, suspended=card.suspended)}",
                f" · {plural(card.reps, 'review')}, {plural(card.lapses, 'lapse')}",
                "\n",
                readable(card.prompt),
                ("\nanswer: ", "dim"),
                readable(card.answer),
                ("\n" + ("no reviews yet" if not reviews else ""), "dim"),
            )
        )
        table = self.query_one(DataTable)
        table.clear()
        for review in reversed(reviews):  # the latest first
            seconds = "" if review.response_ms is None else f"{review.response_ms / 1000:.0f} s"
            table.add_row(
                when_text(review.reviewed_at),
                Rating(review.rating).name.title(),
                verdict_text(review),
                Text(" | ".join(review.attempts) or "—", overflow="ellipsis", no_wrap=True),
                seconds,
                key=str(review.review_id),
            )
