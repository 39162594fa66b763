"""``trainer import PATH``: import a deck, a problem set, an Anki package or a review log."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext
    from trainer.practice.importing import ImportReport

SHOW_SKIPPED = 5
SHOW_KEYS = 5
BIG_FILE_BYTES = 5 * 1024 * 1024


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--deck",
    "deck_name",
    metavar="NAME",
    help="Deck name for a CSV/JSON file; the deck a review log belongs to.",
)
@click.option(
    "--format",
    "fmt",
    metavar="F",
    help="toml, csv, tsv, jsonl, json, apkg, colpkg or revlog (default: guessed).",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="FIELD=SOURCE",
    help="Take FIELD (prompt, answer, id, tags, kind, solution, hints, note) from "
    "SOURCE (a column, JSON path or Anki field; a+b joins). Repeatable.",
)
@click.option(
    "--answer-marker",
    metavar="TEXT",
    help="Take the final answer after the last TEXT (GSM8K: '####').",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.pass_obj
def import_deck(
    obj: CliContext,
    path: Path,
    deck_name: str | None,
    fmt: str | None,
    mappings: tuple[str, ...],
    answer_marker: str | None,
    dry_run: bool,
) -> None:
    """Import PATH: our TOML, CSV/TSV, JSONL/JSON, Anki .apkg/.colpkg or a review-log CSV.

    Re-importing an updated file changes the changed problems in place (their progress is
    kept), adds new ones and reports removed ones without deleting their history. The
    import is one transaction: on any error nothing is written.
    """
    from trainer.errors import DeckFormatError
    from trainer.formats.options import parse_field_map
    from trainer.practice.library import import_path
    from trainer.presentation.terminal_text import printable

    try:
        field_map = parse_field_map(list(mappings))
        services = obj.services()
        if not dry_run:
            from trainer.practice.safekeeping import backup_before_import

            # a damaged collection is refused here; a whole one is backed up first
            backup_before_import(services)
        with _Progress(path) as bar:
            report = import_path(
                services,
                path,
                deck_name=deck_name,
                format=fmt,
                field_map=field_map,
                answer_marker=answer_marker,
                dry_run=dry_run,
                read_progress=bar.reading,
                progress=bar.writing,
            )
    except DeckFormatError as error:
        for problem in error.problems:
            click.echo(printable(str(problem)), err=True)
        raise SystemExit(1) from None
    click.echo(printable("\n".join(summary_lines(report))))


def summary_lines(report: ImportReport) -> list[str]:
    """The counts an import prints, with the first few keys and skipped items."""
    head = "Dry run (nothing written)" if report.dry_run else "Imported"
    names = [f"{d.name} ({d.key}{', new' if d.created else ''})" for d in report.decks]
    decks = ", ".join(names[:3]) + (f", ... +{len(names) - 3} decks" if len(names) > 3 else "")
    lines = [f"{head}: {report.source}" + (f" -> {decks}" if decks else "")]
    lines.append(f"  added      {len(report.added):>7}{_few(report.added)}")
    lines.append(f"  updated    {len(report.updated):>7}{_few(report.updated)}")
    lines.append(f"  unchanged  {report.unchanged:>7}")
    removed = report.removed
    lines.append(
        f"  removed    {len(removed):>7}"
        + (f"{_few(removed)} (kept with their history, hidden from practice)" if removed else "")
    )
    if report.restored:
        lines.append(f"  restored   {len(report.restored):>7}{_few(report.restored)}")
    lines.append(f"  skipped    {len(report.skipped):>7}")
    for item in report.skipped[:SHOW_SKIPPED]:
        lines.append(f"    {item}")
    if len(report.skipped) > SHOW_SKIPPED:
        lines.append(f"    ... and {len(report.skipped) - SHOW_SKIPPED} more")
    if report.history_imported or report.history_duplicates:
        extra = f", {report.history_duplicates} already there" if report.history_duplicates else ""
        lines.append(
            f"  history    {report.history_imported:>7} reviews on {report.cards_replayed} "
            f"cards{extra}"
        )
    if report.media_copied:
        lines.append(f"  media      {report.media_copied:>7} files")
    return lines


def _few(keys: list[str]) -> str:
    if not keys:
        return ""
    shown = ", ".join(keys[:SHOW_KEYS])
    more = f", ... +{len(keys) - SHOW_KEYS}" if len(keys) > SHOW_KEYS else ""
    return f"  ({shown}{more})"


class _Progress:
    """A rich progress bar on stderr, only for a terminal or a big file."""

    def __init__(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        self.enabled = sys.stderr.isatty() or size >= BIG_FILE_BYTES
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("{task.description:>9}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _update(self, stage: str, done: int, total: int | None) -> None:
        if self._progress is None:
            return
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(task, completed=done, total=total)

    def reading(self, done: int, total: int | None) -> None:
        self._update("reading", done, total)

    def writing(self, stage: str, done: int, total: int) -> None:
        self._update(stage, done, total)
