"""Export from the app: the review log, card states or daily totals as CSV.

The file is written in a worker (``writes`` group) to a temporary name beside the target
and renamed over it only when every row is written; an existing file is never replaced
(choose another name). The rows come from ``trainer.practice.reports.export_rows``, the
same as ``trainer export``; columns: docs/exports.md.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from trainer.errors import TrainerError
from trainer.tui.app_base import AppBase
from trainer.tui.writes import WritingScreen

KINDS = [
    ("Review log (FSRS optimizer columns first)", "reviews"),
    ("Card states", "cards"),
    ("Daily totals", "daily"),
]


def write_export(services: Any, kind: str, target: Path) -> int:
    """Write the ``kind`` export to ``target`` as CSV; returns the rows written."""
    from trainer.formats.csv_cells import safe_row
    from trainer.practice.reports import export_rows

    target = target.expanduser()
    if target.exists():
        raise TrainerError(f"{target} exists: choose another name (nothing is overwritten)")
    if not target.parent.is_dir():
        raise TrainerError(f"{target.parent}: no such folder")
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with (
            os.fdopen(handle, "w", encoding="utf-8", newline="") as out,
            export_rows(services, kind) as rows,
        ):
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(rows.columns)
            for batch in rows.batches:
                writer.writerows(safe_row(row) for row in batch)  # no formula cells
        if target.exists():  # appeared while writing
            raise TrainerError(f"{target} exists: choose another name (nothing is overwritten)")
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return rows.total


class ExportModal(ModalScreen[None], WritingScreen):  # type: ignore[misc]
    """Pick what to export and where; Enter writes it, Escape closes."""

    DEFAULT_CSS = """
    ExportModal { align: center middle; }
    ExportModal > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: round $primary; padding: 0 1; background: $surface;
    }
    ExportModal #export-note { color: $text-muted; }
    """
    app = getters.app(AppBase)
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Export as CSV", classes="title")
            yield Select(KINDS, value="reviews", allow_blank=False, id="export-kind")
            yield Input(self._default_path("reviews"), id="export-path")
            yield Static("Enter: write the file · Esc: close", id="export-note", markup=False)

    def _default_path(self, kind: str) -> str:
        """``./trainer-reviews-2026-03-11.csv``: in the folder the app was started from."""
        today = self.app.services.clock().astimezone().date()
        return str(Path.cwd() / f"trainer-{kind}-{today.isoformat()}.csv")

    @on(Select.Changed, "#export-kind")
    def kind_changed(self, event: Select.Changed) -> None:
        self.query_one("#export-path", Input).value = self._default_path(str(event.value))

    @on(Input.Submitted, "#export-path")
    def submitted(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        services = self.app.services
        kind = str(self.query_one("#export-kind", Select).value)
        target = Path(event.value.strip())
        self.query_one("#export-note", Static).update("writing…")
        self.write("export", lambda: (write_export(services, kind, target), kind, target))

    def finished_export(self, result: tuple[int, str, Path]) -> None:
        rows, kind, target = result
        from trainer.practice.reports import rows_written

        said = f"wrote {rows_written(rows, kind)} to {target}"
        self.app.notify(said, title="Export", markup=False)
        self.dismiss(None)

    def failed(self, action: str, error: str) -> None:
        self.query_one("#export-note", Static).update(f"⚠ {error}")
        self.notify(error, title="Could not export", severity="error", timeout=8, markup=False)
