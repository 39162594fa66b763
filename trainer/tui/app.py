"""The practice app: home, drill, stats, import, settings and help over one collection.

``run_app(services)`` is what ``trainer`` (no subcommand) calls. The app is handed its
``Services`` and never builds a database engine; screens call ``trainer.practice``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from trainer.practice.services import Services
from trainer.tui.app_base import AppBase
from trainer.tui.messages import ProblemShown

READY_FILE_ENV = "TRAINER_READY_FILE"
SCREENS_BY_NAME = {  # app.open('browse', 'is:suspended'): module and class in tui.screens
    "stats": ("stats", "StatsScreen"),
    "import": ("import_deck", "ImportScreen"),
    "settings": ("settings", "SettingsScreen"),
    "browse": ("browse", "BrowseScreen"),
    "export": ("export", "ExportModal"),
    "class": ("class_report", "ClassReportScreen"),
}


class TrainerApp(AppBase):
    """Textual app over ``services``; ``auto_drill`` opens a drill when work is waiting."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    COMMANDS = App.COMMANDS | {lambda: _trainer_commands()}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        services: Services,
        *,
        auto_drill: bool = True,
        decks: Sequence[str] | None = None,
        ready_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.auto_drill = auto_drill
        self.start_decks = list(decks) if decks else None
        self.ready_file = ready_file
        self.first_problem_at: float | None = None

    def on_mount(self) -> None:
        # Straight to a problem when there is work (a first run, or any day with work);
        # the home screen is built when the learner first goes back to it, so the first
        # problem is not kept waiting for the deck table.
        opened = False
        if self.start_decks is not None:  # `trainer drill DECK`
            opened = self.drill(self.start_decks)
        elif self.auto_drill:
            opened = self.drill(None, quiet=True)
        if not opened:
            self.action_home()

    def drill(self, decks: str | Sequence[str] | None, *, quiet: bool = False) -> bool:
        """Open a drill over a deck (key or name) or several, or every deck for ``None``;
        ``quiet``: no notice when there is nothing to practise. True when one opened."""
        keys = [decks] if isinstance(decks, str) else list(decks) if decks else None
        from trainer.errors import TrainerError
        from trainer.practice.engine import PracticeSession
        from trainer.tui.screens.drill import DrillScreen

        try:
            session = PracticeSession(self.services, keys)
            first = session.next_problem()
        except TrainerError as exc:
            self.notify(str(exc), title="Cannot start the drill", severity="error", markup=False)
            return False
        for notice in session.take_notices():  # problems skipped: they cannot be shown
            self.notify(notice, title="Skipped", severity="warning", markup=False)
        if first is None:
            session.close()
            if not quiet:
                self.notify("Nothing to practise here today.", title="All done")
            return False
        if not keys:
            title = "All decks"
        else:
            title = first.deck_name if len(keys) == 1 else f"{len(keys)} decks"
        self.push_screen(DrillScreen(session, title, first))
        return True

    def action_drill(self, deck_key: str | None = None) -> None:
        self.drill(deck_key)

    def action_home(self) -> None:
        """Back to the deck list: pop to it, or build it in place of the screen on top
        (a drill opened at startup has nothing below it)."""
        from trainer.tui.screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        elif len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen())
        else:
            self.push_screen(HomeScreen())

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_open(self, name: str, *args: str) -> None:
        """Open a screen by name (``SCREENS_BY_NAME``), imported when first opened."""
        from importlib import import_module

        module, cls = SCREENS_BY_NAME[name]
        self.push_screen(getattr(import_module(f"trainer.tui.screens.{module}"), cls)(*args))

    def on_problem_shown(self, message: ProblemShown) -> None:
        """The ready signal: the first problem is painted (the startup benchmark waits on it)."""
        if self.first_problem_at is not None:
            return
        self.first_problem_at = time.monotonic()
        if self.ready_file is not None:
            partial = self.ready_file.with_name(self.ready_file.name + ".partial")
            partial.write_text(f"{self.first_problem_at:.6f}\n", encoding="utf-8")
            partial.replace(self.ready_file)  # appears whole, never half-written


def _trainer_commands() -> type:
    """The palette's provider, imported when the palette first opens (not at startup)."""
    from trainer.tui.commands import TrainerCommands

    return TrainerCommands


def run_app(services: Services, decks: Sequence[str] | None = None) -> None:
    """Run the app in this terminal until the learner quits (``decks``: drill those)."""
    ready = os.environ.get(READY_FILE_ENV)
    TrainerApp(services, decks=decks, ready_file=Path(ready) if ready else None).run()


def run_drill(services: Services, decks: Sequence[str] | None) -> None:
    """``trainer drill [DECK]`` on a terminal: the app, opened on a drill of ``decks``."""
    if decks:
        run_app(services, decks)
    else:
        run_app(services)
