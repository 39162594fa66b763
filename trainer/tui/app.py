"""The practice app: home, drill, stats, import, settings and help over one collection.

``run_app(services)`` is what ``trainer`` (no subcommand) calls. The app is handed its
``Services`` and never builds a database engine; screens call ``trainer.practice``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from trainer.practice.overview import deck_overview
from trainer.practice.services import Services
from trainer.tui.commands import TrainerCommands
from trainer.tui.messages import ProblemShown

READY_FILE_ENV = "TRAINER_READY_FILE"


class TrainerApp(App[None]):
    """Textual app over ``services``; ``auto_drill`` opens a drill when work is waiting."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    COMMANDS = App.COMMANDS | {TrainerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self, services: Services, *, auto_drill: bool = True, ready_file: Path | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.auto_drill = auto_drill
        self.ready_file = ready_file
        self.first_problem_at: float | None = None

    def on_mount(self) -> None:
        from trainer.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.auto_drill and _work_waiting(self.services):
            self.drill(None)

    def drill(self, deck_key: str | None) -> None:
        """Open a drill over one deck, or every deck for ``None``."""
        from trainer.errors import TrainerError
        from trainer.practice.engine import PracticeSession
        from trainer.tui.screens.drill import DrillScreen

        try:
            session = PracticeSession(self.services, [deck_key] if deck_key else None)
        except TrainerError as exc:
            self.notify(str(exc), title="Cannot start the drill", severity="error")
            return
        title = "All decks" if deck_key is None else _deck_name(self.services, deck_key)
        self.push_screen(DrillScreen(session, title))

    def action_drill(self, deck_key: str | None = None) -> None:
        self.drill(deck_key)

    def action_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_open_stats(self) -> None:
        from trainer.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_open_import(self) -> None:
        from trainer.tui.screens.import_deck import ImportScreen

        self.push_screen(ImportScreen())

    def action_open_settings(self) -> None:
        from trainer.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def on_problem_shown(self, message: ProblemShown) -> None:
        """The ready signal: the first problem is painted (the startup benchmark waits on it)."""
        if self.first_problem_at is not None:
            return
        self.first_problem_at = time.monotonic()
        if self.ready_file is not None:
            self.ready_file.write_text(f"{self.first_problem_at:.6f}\n", encoding="utf-8")


def _work_waiting(services: Services) -> bool:
    """Anything due or learning today, or a collection never studied (a first run)."""
    decks = deck_overview(services)
    if any(d.due or d.learning for d in decks):
        return True
    never_studied = all(d.new == d.problems - d.suspended for d in decks)
    return bool(decks) and never_studied and any(d.new for d in decks)


def _deck_name(services: Services, deck_key: str) -> str:
    return next((d.name for d in deck_overview(services) if d.key == deck_key), deck_key)


def run_app(services: Services) -> None:
    """Run the app in this terminal until the learner quits."""
    ready = os.environ.get(READY_FILE_ENV)
    TrainerApp(services, ready_file=Path(ready) if ready else None).run()
