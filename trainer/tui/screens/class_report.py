"""The teacher's report: every learner's progress and each problem's item analysis.

Opened from the home screen (``c``) or the palette when the app runs with a class admin's
URL. The report is read in a worker; the selected problem's prompt and its most common
wrong answers (with why they were wrong) show under the tables in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from trainer.presentation.terminal_text import printable
from trainer.tui.app_base import AppBase

if TYPE_CHECKING:
    from trainer.practice.classroom import ClassReport


LEARNER_COLUMNS = ("Learner", "Reviews", "Right 1st", "Retention", "Due", "Streak", "Last active")
PROBLEM_COLUMNS = ("Problem", "Reviews", "Learners", "Right 1st", "Top wrong answer")
WIDEST = 40  # a column wider than this is cut; the full text shows below the tables


def _fill(table: DataTable[str], columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """Columns as wide as their widest cell (up to ``WIDEST``), then the rows, shown
    literally (deck text and learners' answers may hold markup or terminal escapes)."""
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    table.clear(columns=True)
    for index, label in enumerate(columns):
        width = max([len(label), *(len(row[index]) for row in rows)])
        table.add_column(label, width=min(width, WIDEST))
    for index, row in enumerate(rows):
        table.add_row(*row, key=str(index))


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


class ClassReportScreen(Screen[None]):
    """Learners (reviews, right first time, retention, backlog, streak, last active) and
    problems, hardest first."""

    app = getters.app(AppBase)
    DEFAULT_CSS = """
    ClassReportScreen { layout: vertical; }
    ClassReportScreen #class-title { height: 1; padding: 0 1; text-style: bold; }
    ClassReportScreen #learners { height: auto; max-height: 40%; }
    ClassReportScreen #problems { height: 1fr; }
    ClassReportScreen #class-detail { height: auto; max-height: 8; padding: 0 1; }
    """
    BINDINGS = [
        Binding("f1", "app.help", "Help"),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "reload", "Reload"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        report: ClassReport | None
        error: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("Class report: loading…", id="class-title")
        yield DataTable(id="learners", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Static(id="class-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.report: ClassReport | None = None
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="class-report")
    def load(self) -> None:
        from trainer.errors import TrainerError
        from trainer.practice.classroom import class_report

        try:
            self.post_message(self.Loaded(class_report(self.app.services)))
        except TrainerError as exc:
            self.post_message(self.Loaded(None, str(exc)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        title = self.query_one("#class-title", Static)
        if message.report is None:
            title.update(Text(f"Class report: {message.error}", style="red"))
            return
        self.report = report = message.report
        learner_rows = [
            (
                line.name + (" (removed)" if line.removed else ""),
                str(line.reviews),
                _percent(line.right_first_time),
                _percent(line.true_retention),
                str(line.due_backlog),
                str(line.streak),
                line.last_active.strftime("%Y-%m-%d") if line.last_active else "never",
            )
            for line in report.learners
        ]
        _fill(self.query_one("#learners", DataTable), LEARNER_COLUMNS, learner_rows)
        problem_rows = []
        for item in report.problems:
            top = item.wrong_answers[0] if item.wrong_answers else None
            problem_rows.append(
                (
                    f"{item.deck_key}/{item.problem_key}",
                    str(item.reviews),
                    str(item.learners),
                    _percent(item.right_first_time / item.reviews if item.reviews else None),
                    "" if top is None else f"{top.text} ×{top.count}",
                )
            )
        _fill(self.query_one("#problems", DataTable), PROBLEM_COLUMNS, problem_rows)
        title.update(
            f"Class report: {len(report.learners)} learners, "
            f"{len(report.problems)} problems tried (hardest first)"
        )
        if report.problems:
            self.show_problem(0)

    @on(DataTable.RowHighlighted, "#problems")
    def problem_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_problem(int(event.row_key.value))

    def show_problem(self, index: int) -> None:
        if self.report is None or index >= len(self.report.problems):
            return
        item = self.report.problems[index]
        heading = printable(f"{item.deck_key}/{item.problem_key}: ")
        lines = [Text.assemble((heading, "bold"), printable(item.prompt))]
        for wrong in item.wrong_answers:
            reason = f" ({wrong.reason})" if wrong.reason else ""
            lines.append(Text(printable(f"  {wrong.text} ×{wrong.count}{reason}")))
        self.query_one("#class-detail", Static).update(Text("\n").join(lines))
