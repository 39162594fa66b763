"""Import: pick a file, see what the import would do (a dry run), confirm, watch it run.

Both runs happen in a worker of the ``import`` group; the worker reports progress and its
result as messages. Errors are listed with their locations (file:line: field: message).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Footer, Input, ProgressBar, Static

from trainer.errors import DeckFormatError, TrainerError
from trainer.tui.app_base import AppBase
from trainer.tui.messages import ImportFinished, ImportProgressed

DECK_SUFFIXES = frozenset({".toml", ".csv", ".tsv", ".txt", ".json", ".jsonl", ".apkg", ".colpkg"})


class PathSuggester(Suggester):
    """Completes a path from the file system: the first entry that starts with the text."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, stem = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
        except OSError:
            return None
        for name in names:
            if name.startswith(stem) and not name.startswith(".") and name != stem:
                head = value if value.endswith("/") else value[: len(value) - len(stem)]
                return head + name
        return None


class DeckFileTree(DirectoryTree):
    """Folders and files that look like decks; hidden entries left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in DECK_SUFFIXES)
        ]


def report_text(report: Any, *, dry_run: bool) -> RenderableType:
    """What an import did, or would do, deck by deck, and what it skipped and where."""
    title = "Dry run: nothing written yet." if dry_run else "Imported."
    lines: list[RenderableType] = [Text(title, style="bold yellow" if dry_run else "bold green")]
    for deck in report.decks:
        state = "new deck" if deck.created else "existing deck"
        lines.append(
            Text.assemble(
                (deck.name, "bold"),
                f" ({state}): ",
                (f"{len(deck.added)} added", "green"),
                f", {len(deck.updated)} updated, {deck.unchanged} unchanged, ",
                (f"{len(deck.removed)} removed", "red" if deck.removed else ""),
            )
        )
    if report.history_imported or report.history_duplicates:
        lines.append(
            Text(
                f"history: {report.history_imported} reviews, "
                f"{report.history_duplicates} duplicates left out"
            )
        )
    if report.skipped:
        lines.append(Text(f"{len(report.skipped)} left out:", style="bold yellow"))
        lines.extend(Text(f"  {s}", style="yellow") for s in report.skipped[:200])
    if dry_run:
        lines.append(Text("ctrl+s: import for real · escape: back", style="dim"))
    return Group(*lines)


def error_text(error: TrainerError) -> RenderableType:
    problems = error.problems if isinstance(error, DeckFormatError) else []
    lines: list[RenderableType] = [Text("The file cannot be imported:", style="bold red")]
    if problems:
        lines.extend(Text(f"  {p}", style="red") for p in problems[:200])
    else:
        lines.append(Text(f"  {error}", style="red"))
    return Group(*lines)


class ImportScreen(Screen[None]):
    app = getters.app(AppBase)
    CSS_PATH = "import_deck.tcss"
    BINDINGS = [
        Binding("f1", "app.help", "Help"),
        Binding("ctrl+s", "confirm", "Import", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()
        self.previewed: Path | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DeckFileTree(self.start, id="tree")
            with Vertical(id="import-side"):
                yield Static("Deck file (→ completes, Enter previews):", id="path-label")
                yield Input(
                    placeholder="path/to/deck.toml", suggester=PathSuggester(), id="import-path"
                )
                yield ProgressBar(id="import-progress", show_eta=False)
                with VerticalScroll(id="import-report-box"):
                    yield Static(id="import-report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()
        self.query_one(ProgressBar).display = False

    @on(DirectoryTree.FileSelected)
    def file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        path_input = self.query_one("#import-path", Input)
        path_input.value = str(event.path)
        self.preview(event.path)

    @on(Input.Submitted, "#import-path")
    def path_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.preview(Path(event.value.strip()).expanduser())

    def preview(self, path: Path) -> None:
        if self.running:
            return
        self.previewed = None
        self.running = True
        self.show(Text(f"Reading {path} …", style="dim"))
        self.run_import(path, dry_run=True)

    def action_confirm(self) -> None:
        if self.running:
            return
        if self.previewed is None:
            self.notify("preview a file first (Enter on its path)", severity="warning")
            return
        self.running = True
        self.run_import(self.previewed, dry_run=False)

    def show(self, renderable: RenderableType) -> None:
        self.query_one("#import-report", Static).update(renderable)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def run_import(self, path: Path, *, dry_run: bool) -> None:
        from trainer.practice.library import import_path

        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(ImportProgressed(done, total))

        try:
            if not dry_run:  # refuse a damaged collection, back a whole one up first
                from trainer.practice.safekeeping import backup_before_import

                backup_before_import(self.app.services)
            report = import_path(
                self.app.services,
                path,
                dry_run=dry_run,
                progress=None if dry_run else progress,
            )
        except TrainerError as exc:
            self.post_message(ImportFinished(str(path), dry_run, error=exc))
            return
        except OSError as exc:
            error = TrainerError(f"{path}: {exc.strerror or exc}")
            self.post_message(ImportFinished(str(path), dry_run, error=error))
            return
        self.post_message(ImportFinished(str(path), dry_run, report=report))

    @on(ImportProgressed)
    def progressed(self, message: ImportProgressed) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(message.total, 1), progress=message.done)

    @on(ImportFinished)
    def finished(self, message: ImportFinished) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        if message.error is not None or message.report is None:
            self.previewed = None
            error = message.error or TrainerError("the import ended without a report")
            self.show(error_text(error if isinstance(error, TrainerError) else TrainerError(error)))
            return
        self.show(report_text(message.report, dry_run=message.dry_run))
        if message.dry_run:
            self.previewed = Path(message.path)
        else:
            self.previewed = None
            added = len(message.report.added)
            self.notify(
                f"{added} new problems from {Path(message.path).name}",
                title="Imported",
                markup=False,
            )

    def on_worker_state_changed(self, event: Any) -> None:
        from textual.worker import WorkerState

        if event.worker.group == "import" and event.state == WorkerState.ERROR:
            self.running = False
            self.show(Text(f"The import failed: {event.worker.error}", style="bold red"))
