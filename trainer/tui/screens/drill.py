"""The drill: one problem at a time, graded as you answer, scheduled by FSRS.

Enter submits; the grading runs in a worker (the UI never freezes) that posts
``AttemptGraded``; the handler shows the verdict. Enter again moves on once the problem
is finished (right, revealed or overridden); after a wrong answer Enter retries.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState

from trainer.domain import CardPhase, Override
from trainer.errors import TrainerError
from trainer.practice.drill_types import Outcome, Presented, QueueCounts
from trainer.practice.engine import PracticeSession
from trainer.presentation.terminal_text import printable
from trainer.tui.app_base import AppBase
from trainer.tui.messages import AttemptGraded, GradingFailed, ProblemShown
from trainer.tui.widgets.answer_input import AnswerInput, ReadAs
from trainer.tui.widgets.feedback import FeedbackPanel
from trainer.tui.widgets.problem_view import ProblemView
from trainer.tui.widgets.session_status import SessionStatus
from trainer.tui.writes import WritingScreen


def preview_parts(preview: Any) -> tuple[str, str]:
    """(read as, error) from the checker's preview of a half-typed answer."""
    if preview is None:
        return "", ""
    error = str(getattr(preview, "error", None) or "")
    column = getattr(preview, "column", None)
    if error and column:
        # "column 5: unbalanced parenthesis", not "… at column 5" twice
        error = re.sub(rf"\s*\(?\bat column {column}\b\)?", "", error)
        error = f"column {column}: {error}"
    return str(getattr(preview, "read_as", "") or ""), error


def with_shown(counts: QueueCounts, shown: Presented | None, answered: bool) -> QueueCounts:
    """Today's counts with the problem on screen still in them until it is answered, as
    the home screen counted it (the session's queue no longer holds it)."""
    if shown is None or answered:
        return counts
    if shown.phase is CardPhase.NEW:
        return replace(counts, new=counts.new + 1)
    if shown.phase in (CardPhase.LEARNING, CardPhase.RELEARNING):
        return replace(counts, learning=counts.learning + 1)
    return replace(counts, due=counts.due + 1)


def not_counted(message: str) -> str:
    """ "not counted: could not read that …": why an attempt did not count, one line."""
    message = message.strip() or "that is not an answer"
    if "not counted" in message.lower():
        return message  # the checker said so itself
    return "not counted: " + message[:1].lower() + message[1:]


class DrillScreen(WritingScreen):
    """Drill ``session``; ``title`` names what is drilled (a deck, or all decks); ``first``
    is the problem the session already presented, if any."""

    app = getters.app(AppBase)
    CSS_PATH = "drill.tcss"

    # The footer keeps Help, End and the main keys at 60 columns; the rest are listed by
    # F1 (help) and still work.
    BINDINGS = [
        Binding("f1", "app.help", "Help", priority=True),
        Binding("escape", "finish", "End", priority=True),
        Binding("ctrl+r", "reveal", "Reveal"),
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+t", "hint", "Hint"),
        Binding("ctrl+o", "override", "Override"),
        Binding("ctrl+s", "skip", "Skip", show=False),
        Binding("ctrl+b", "bury", "Bury", show=False),
        Binding("ctrl+n", "suspend", "Suspend", show=False),
    ]

    def __init__(
        self, session: PracticeSession, title: str, first: Presented | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.first = first
        self.drill_title = title
        self.presented: Presented | None = None
        self.outcome: Outcome | None = None
        self.grading = False
        self.hints_shown = 0

    def compose(self) -> ComposeResult:
        yield SessionStatus(id="status")
        with VerticalScroll(id="drill-body"):
            yield ProblemView(id="problem")
            yield AnswerInput()
            yield ReadAs(id="read-as", markup=False)
            yield FeedbackPanel(id="feedback")
        yield Footer(compact=True, show_command_palette=False)  # room for every key at 80

    @property
    def services(self) -> Any:
        return self.app.services

    def on_mount(self) -> None:
        # one clock for the header and the summary's "time spent": the session's start
        self.started_at: datetime = getattr(self.session, "started_at", self.services.clock())
        self.set_interval(1.0, self.refresh_status)
        if self.first is not None:
            self.show(self.first)
        else:
            self.show_next()

    # --- showing -------------------------------------------------------------------
    def show_next(self) -> None:
        try:
            presented = self.session.next_problem()
        except TrainerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        for notice in self.session.take_notices():  # problems skipped: they cannot be shown
            self.notify(notice, title="Skipped", severity="warning", markup=False)
        if presented is None:
            self.finish()
            return
        self.show(presented)

    def show(self, presented: Presented) -> None:
        self.presented, self.outcome, self.hints_shown = presented, None, 0
        view = self.query_one(ProblemView)
        view.prompt = presented.prompt
        flags = " · leech" if presented.is_leech else ""
        # Text: deck text is never read as markup (a [@click=...] would run an action)
        view.border_title = Text(
            printable(f"{presented.deck_name} · {presented.problem_key}{flags}")
        )
        view.border_subtitle = presented.phase.name.lower()
        answer = self.query_one(AnswerInput)
        answer.value = ""
        answer.focus()
        self.query_one(ReadAs).show("", "")
        self.query_one(FeedbackPanel).clear()
        self.refresh_status()
        self.call_after_refresh(self.app.post_message, ProblemShown(presented.card_id))

    def refresh_status(self) -> None:
        elapsed = self.services.clock() - self.started_at
        counts = with_shown(self.session.counts(), self.presented, self.outcome is not None)
        self.query_one(SessionStatus).show(self.drill_title, counts, elapsed)

    # --- answering -----------------------------------------------------------------
    @on(Input.Changed, "#answer")
    def update_preview(self, event: Input.Changed) -> None:
        if self.presented is None or (self.outcome is not None and self.outcome.finished):
            return
        if not event.value.strip():
            self.query_one(ReadAs).show("", "")
            return
        try:
            read_as, error = preview_parts(self.session.preview(event.value))
        except TrainerError as exc:
            read_as, error = "", str(exc)
        self.query_one(ReadAs).show(read_as, error)

    @on(AnswerInput.Submitted)
    def submit(self, event: AnswerInput.Submitted) -> None:
        if self.grading or self.presented is None:
            return
        if self.outcome is not None and self.outcome.finished:
            self.show_next()
            return
        self.grading = True
        self.query_one(FeedbackPanel).loading = True
        self.grade(event.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="grading")
    def grade(self, text: str) -> None:
        try:
            outcome = self.session.submit(text)
        except TrainerError as exc:
            self.post_message(GradingFailed(text, str(exc)))
            return
        self.post_message(AttemptGraded(text, outcome))

    @on(AttemptGraded)
    def graded(self, message: AttemptGraded) -> None:
        self.grading = False
        feedback = self.query_one(FeedbackPanel)
        feedback.loading = False
        outcome = message.outcome
        if not outcome.counted:
            self.query_one(ReadAs).show("", not_counted(outcome.verdict.message))
            return
        self.outcome = outcome
        self.show_outcome(outcome)
        self.refresh_status()

    def show_outcome(self, outcome: Outcome) -> None:
        """The verdict panel; a finished problem's answer also as the checker reads it (the
        outcome carries it: nothing is checked on the UI thread)."""
        feedback = self.query_one(FeedbackPanel)
        feedback.show(outcome, self.services.clock(), outcome.answer_read_as)

    @on(GradingFailed)
    def grading_failed(self, message: GradingFailed) -> None:
        self.grading = False
        self.query_one(FeedbackPanel).loading = False
        self.notify(message.error, title="Could not grade", severity="error", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "grading" and event.state == WorkerState.ERROR:
            self.grading = False
            self.query_one(FeedbackPanel).loading = False
            self.notify(f"grading failed: {event.worker.error}", severity="error", markup=False)

    # --- keys: every write runs in a worker (trainer.tui.writes) ------------------------
    def _idle(self) -> bool:
        """Refuse actions while a grade or a write is running."""
        if self.grading or self.busy:
            self.notify(f"still {'checking the answer' if self.grading else self.busy}…")
        return not self.grading and not self.busy and self.presented is not None

    def action_reveal(self) -> None:
        if self._idle() and not (self.outcome is not None and self.outcome.finished):
            self.write("reveal", self.session.reveal)

    def finished_reveal(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.query_one(ReadAs).show("", "")  # an earlier "not counted" no longer applies
        self.show_outcome(outcome)
        self.refresh_status()

    def action_hint(self) -> None:
        if not self._idle():
            return
        if self.presented is not None and not self.presented.hints_available:
            self.notify("this problem has no hints")
            return
        self.write("hint", self.session.hint)

    def finished_hint(self, hint: str | None) -> None:
        if hint is None:
            self.notify("no more hints: that was the last one")
            return
        self.hints_shown += 1
        self.query_one(FeedbackPanel).show_hint(hint, self.hints_shown)

    def action_override(self) -> None:
        if not self._idle():
            return
        if self.outcome is None or self.outcome.review_id is None:
            self.notify("answer first: there is no verdict to override", severity="warning")
            return
        wanted = Override.REJECT if self.outcome.verdict.correct else Override.ACCEPT
        self.write("override", lambda: self.session.override(wanted))

    def finished_override(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.show_outcome(outcome)
        self.refresh_status()
        correct = outcome.verdict.correct
        self.notify(f"your answer is {'accepted' if correct else 'counted as wrong'}")

    def action_undo(self) -> None:
        if not self.grading and not self.busy:
            self.write("undo", self.session.undo_action)

    def finished_undo(self, undone: Any) -> None:
        """``undone``: what was taken back (a review, suspend, bury or skip), or None."""
        if undone is None:
            self.notify("nothing to undo in this session")
            return
        if undone.presented is not None:
            self.show(undone.presented)
        self.notify(undone.description, title="Undo")

    def action_skip(self) -> None:
        if self._idle():
            self.write("skip", self.session.skip)

    def finished_skip(self, _: object) -> None:
        self.notify("skipped: it comes back later")
        self.show_next()

    def action_bury(self) -> None:
        if self._idle():
            self.write("bury", self.session.bury)

    def finished_bury(self, _: object) -> None:
        self.notify("buried until tomorrow (ctrl+z brings it back)")
        self.show_next()

    def action_suspend(self) -> None:
        if self._idle():
            self.write("suspend", self.session.suspend)

    def finished_suspend(self, _: object) -> None:
        self.notify("suspended (ctrl+z or Browse brings it back)")
        self.show_next()

    def action_finish(self) -> None:
        if not self.grading and not self.busy:
            self.finish()

    def finish(self) -> None:
        from trainer.tui.screens.session_end import SessionEndScreen

        summary = self.session.summary()
        self.session.close()
        if summary.done:
            self.app.switch_screen(SessionEndScreen(summary))
        else:
            self.app.action_home()
