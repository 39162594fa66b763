"""The decks with their counts; Enter on a row asks to drill that deck."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from trainer.presentation.terminal_text import printable


class DeckTable(DataTable[Any]):
    """Rows are decks; set them with ``show(decks)`` (objects with key/name/new/learning/due)."""

    @dataclass
    class DrillRequested(Message):
        deck_key: str
        deck_name: str

    COUNT_WIDTH = 6  # "Learn" and a little room; the name takes what is left
    WIDE = 70  # from this width the table also shows each deck's size (Total)

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.decks: list[Any] = []
        self._layout: tuple[int, bool] | None = None
        self._columns()

    def _columns(self) -> None:
        """Name, then today's New, Learn, Due; Total when there is room. The name column
        is as wide as the terminal allows, so names are cut only when they must be (the
        full name of the selected deck is shown under the table)."""
        width = self.size.width or 80
        wide = width >= self.WIDE
        counts = 4 if wide else 3
        name = max(12, width - counts * (self.COUNT_WIDTH + 2) - 4)
        if self._layout == (name, wide):
            return
        self._layout = (name, wide)
        self.clear(columns=True)
        self.add_column("Deck", key="name", width=name)
        self.add_column(Text("New", justify="right"), key="new", width=self.COUNT_WIDTH)
        self.add_column(Text("Learn", justify="right"), key="learning", width=self.COUNT_WIDTH)
        self.add_column(Text("Due", justify="right"), key="due", width=self.COUNT_WIDTH)
        if wide:
            self.add_column(Text("Total", justify="right"), key="problems", width=self.COUNT_WIDTH)

    def on_resize(self) -> None:
        layout = self._layout
        self._columns()
        if layout != self._layout:
            self.show(self.decks)

    def show(self, decks: Sequence[Any]) -> None:
        selected = self.cursor_row
        self.decks = list(decks)
        self._columns()
        self.clear()
        self._names = {}
        wide = bool(self._layout and self._layout[1])
        for deck in decks:
            self._names[deck.key] = deck.name
            cells = [
                Text(printable(deck.name), no_wrap=True, overflow="ellipsis"),
                Text(str(deck.new), style="blue" if deck.new else "dim", justify="right"),
                Text(str(deck.learning), style="red" if deck.learning else "dim", justify="right"),
                Text(str(deck.due), style="green" if deck.due else "dim", justify="right"),
            ]
            if wide:
                cells.append(Text(str(deck.problems), style="dim", justify="right"))
            self.add_row(*cells, key=deck.key)
        if self.row_count:
            self.move_cursor(row=min(selected, self.row_count - 1))

    def watch_hover_coordinate(self, old: Coordinate, value: Coordinate) -> None:
        """The hovered deck's full name as a tooltip (the column may cut it)."""
        super().watch_hover_coordinate(old, value)
        row = value.row
        deck = self.decks[row] if 0 <= row < len(self.decks) else None
        self.tooltip = None if deck is None else printable(deck.name)

    @property
    def selected_deck(self) -> Any | None:
        key = self.selected_key
        return next((d for d in self.decks if d.key == key), None)

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
