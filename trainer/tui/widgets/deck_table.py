"""The decks with their counts; Enter on a row asks to drill that deck."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from trainer.presentation.terminal_text import printable


class DeckTable(DataTable[Any]):
    """Rows are decks; set them with ``show(decks)`` (objects with key/name/new/learning/due)."""

    @dataclass
    class DrillRequested(Message):
        deck_key: str
        deck_name: str

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column("Deck", key="name", width=40)  # fixed: stable across reloads
        self.add_column("New", key="new")
        self.add_column("Learn", key="learning")
        self.add_column("Due", key="due")
        self.add_column("Total", key="problems")

    def show(self, decks: Sequence[Any]) -> None:
        selected = self.cursor_row
        self.clear()
        self._names = {}
        for deck in decks:
            self._names[deck.key] = deck.name
            self.add_row(
                Text(printable(deck.name)),
                Text(str(deck.new), style="blue" if deck.new else "dim", justify="right"),
                Text(str(deck.learning), style="red" if deck.learning else "dim", justify="right"),
                Text(str(deck.due), style="green" if deck.due else "dim", justify="right"),
                Text(str(deck.problems), style="dim", justify="right"),
                key=deck.key,
            )
        if self.row_count:
            self.move_cursor(row=min(selected, self.row_count - 1))

    @property
    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        self.post_message(self.DrillRequested(key, self._names.get(key, key)))
