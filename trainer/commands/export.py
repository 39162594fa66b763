"""``trainer export reviews|cards|daily``: the review log, card states or daily totals.

Files are written atomically: rows go to a temporary file in the target's folder, which
is renamed over the target only when every row is written, so an interrupted export never
leaves a half-written file behind. ``-o -`` (the default) writes to stdout. Exports of
many rows show a progress bar on stderr. Columns: docs/exports.md.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext
    from trainer.practice.reports import ExportRows

PROGRESS_MIN_ROWS = 50_000
JSON_COLUMNS = frozenset({"params"})  # stored as JSON text; embedded as JSON in --format json


@click.command()
@click.argument("kind", type=click.Choice(["reviews", "cards", "daily"]))
@click.option("--deck", metavar="DECK", help="Only this deck (key or name).")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="From this local date on (YYYY-MM-DD): reviews and days from it, cards reviewed since.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "-o", "--output", default="-", metavar="PATH", help="Where to write; '-' (default) = stdout."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (default: for big exports on a terminal).",
)
@click.pass_obj
def export(
    obj: CliContext,
    kind: str,
    deck: str | None,
    since: datetime | None,
    fmt: str,
    output: str,
    progress: bool | None,
) -> None:
    """Export the review log (FSRS optimizer format first), card states, or daily totals."""
    from trainer.commands.output_target import target_for
    from trainer.practice.reports import export_rows

    target = "-" if output == "-" else str(target_for(obj, output))
    with export_rows(
        obj.services(), kind, deck=deck, since=since.date() if since else None
    ) as rows:
        show = (
            progress
            if progress is not None
            else (rows.total >= PROGRESS_MIN_ROWS and sys.stderr.isatty())
        )
        with _target(target) as handle, _progress(rows.total, show, kind) as advance:
            write_rows(rows, fmt, handle, advance)
    if output != "-":
        from trainer.practice.reports import rows_written

        click.echo(f"Wrote {rows_written(rows.total, kind)} to {output}", err=True)


def write_rows(rows: ExportRows, fmt: str, handle: IO[str], advance: Any = None) -> None:
    """Write an export's rows as CSV (a header line first) or as a JSON array of objects."""
    if fmt == "csv" and rows.csv_lines is not None:
        handle.write(",".join(rows.columns) + "\n")
        for lines in rows.csv_lines:
            handle.write("\n".join([line for (line,) in lines]))
            handle.write("\n")
            if advance:
                advance(len(lines))
        return
    if fmt == "csv":
        from trainer.formats.csv_cells import safe_row

        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(rows.columns)
        for batch in rows.batches:
            writer.writerows(safe_row(row) for row in batch)  # no formula cells (OWASP)
            if advance:
                advance(len(batch))
        return
    columns = rows.columns
    json_at = [i for i, name in enumerate(columns) if name in JSON_COLUMNS]
    handle.write("[")
    first = True
    for batch in rows.batches:
        for row in batch:
            values = list(row)
            for i in json_at:
                if isinstance(values[i], str):
                    values[i] = json.loads(values[i])
            handle.write(
                ("\n" if first else ",\n") + json.dumps(dict(zip(columns, values, strict=True)))
            )
            first = False
        if advance:
            advance(len(batch))
    handle.write("\n]\n")


@contextmanager
def _target(output: str) -> Iterator[IO[str]]:
    """stdout, or a temporary file next to ``output`` renamed over it at the end.

    ``output`` has passed ``output_target.checked_target`` (never the collection, a
    device, a FIFO or a read-only file; a symlink already resolved to its target).
    """
    from trainer.commands.output_target import keep_mode
    from trainer.errors import TrainerError

    if output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(output)
    folder = path.parent
    if not folder.is_dir():
        raise TrainerError(f"-o: folder {folder} does not exist")
    if path.is_dir():
        raise TrainerError(f"-o: {path} is a folder; give a file name")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise TrainerError(f"-o: cannot write in {folder}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        keep_mode(temp, path)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def _progress(total: int, show: bool, kind: str) -> Iterator[Any]:
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"Exporting {kind}", total=total)
        yield lambda n: bar.advance(task, n)
