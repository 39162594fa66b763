"""The browse screen's results: one row per card, marks for acting on several at once.

Wide terminals show deck, problem, state, due, reviews and lapses; narrow ones only the
problem and its state (the screen shows the selected card's full names below the table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

WIDE_COLUMNS = 90  # at or above this width every column fits


def state_text(card: Any) -> Text:
    """ "review", "new · suspended", "learning · buried · leech"."""
    phase = card.phase.name.lower()
    flags = [f for f, on in (("suspended", card.suspended), ("buried", card.buried)) if on]
    if card.leech:
        flags.append("leech")
    style = "yellow" if card.suspended else "dim" if card.buried else ""
    return Text(" · ".join([phase, *flags]), style=style)


def due_text(due: datetime | None, now: datetime, *, suspended: bool = False) -> str:
    """ "today", "in 3 d", "2 d late"; "—" for a card never seen or suspended."""
    if due is None or suspended:
        return "—"
    days = (due.date() - now.date()).days
    if days == 0:
        return "today"
    return f"in {days} d" if days > 0 else f"{-days} d late"


class CardTable(DataTable[Any]):
    """Rows are cards (``show(cards, now)``); space marks a row. Actions apply to the
    marked rows, or to the row under the cursor when none is marked."""

    BINDINGS = [
        Binding("space", "mark", "Mark", show=False),
        Binding("u", "screen.act('unsuspend')", "Unsuspend"),
        Binding("s", "screen.act('suspend')", "Suspend", show=False),
        Binding("b", "screen.act('bury')", "Bury", show=False),
        Binding("B", "screen.act('unbury')", "Unbury", show=False),
        Binding("f", "screen.forget", "Forget", show=False),
        Binding("h", "screen.history", "History"),
    ]

    @dataclass
    class HistoryRequested(Message):
        card_id: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.cards: list[Any] = []
        self.marked: set[int] = set()
        self.wide: bool | None = None
        self._now: datetime | None = None

    def _columns(self, wide: bool) -> None:
        """Problem and state always; deck, due, reviews and lapses when wide. Problem and
        state are as wide as the cards listed need (within bounds) and the deck takes the
        room left (the selected card's full names are shown under the table)."""
        self.clear(columns=True)
        self.wide = wide
        width = self.size.width or 100
        longest = max((len(state_text(c)) for c in self.cards), default=8)
        state = min(24 if wide else 16, max(8, longest))
        keys = max((len(c.problem_key) + 2 for c in self.cards), default=12)  # + a mark
        if wide:
            rest = width - (state + 10 + 7 + 6) - 2 * 6 - 2
            problem = max(12, min(32, keys, rest // 2))
            self.add_column("Deck", key="deck", width=max(12, rest - problem))
        else:
            problem = max(12, width - state - 2 * 2 - 2)
        self.add_column("Problem", key="problem", width=problem)
        self.add_column("State", key="state", width=state)
        if wide:
            self.add_column("Due", key="due", width=10)
            self.add_column(Text("Reviews", justify="right"), key="reps", width=7)
            self.add_column(Text("Lapses", justify="right"), key="lapses", width=6)

    def show(self, cards: Sequence[Any], now: datetime) -> None:
        """Fill the table; the cursor stays on the same card when it is still listed."""
        current = self.current_card
        self.cards, self._now = list(cards), now
        self.marked &= {card.card_id for card in self.cards}
        self._fill(current.card_id if current is not None else None)

    def _fill(self, keep: int | None) -> None:
        self._columns(self.size.width >= WIDE_COLUMNS if self.size.width else True)
        now = self._now or datetime.now().astimezone()
        for card in self.cards:
            cells: list[Any] = [self._problem_cell(card)]
            cells.append(state_text(card))
            if self.wide:
                cells.insert(0, Text(card.deck_name, overflow="ellipsis", no_wrap=True))
                cells += [
                    due_text(card.due, now, suspended=card.suspended),
                    Text(str(card.reps), justify="right"),
                    Text(str(card.lapses), justify="right", style="red" if card.lapses else ""),
                ]
            self.add_row(*cells, key=str(card.card_id))
        rows = [c.card_id for c in self.cards]
        if keep in rows:
            self.move_cursor(row=rows.index(keep))

    def _problem_cell(self, card: Any) -> Text:
        mark = "● " if card.card_id in self.marked else ""
        return Text(mark + card.problem_key, overflow="ellipsis", no_wrap=True)

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE_COLUMNS
        if self.wide is not None and wide != self.wide:
            current = self.current_card
            self._fill(current.card_id if current is not None else None)

    def watch_hover_coordinate(self, old: Coordinate, value: Coordinate) -> None:
        """The hovered card's full deck name and problem key as a tooltip."""
        super().watch_hover_coordinate(old, value)
        row = value.row
        card = self.cards[row] if 0 <= row < len(self.cards) else None
        self.tooltip = None if card is None else f"{card.deck_name} · {card.problem_key}"

    @property
    def current_card(self) -> Any | None:
        if not self.cards or not self.row_count:
            return None
        row = self.cursor_row
        return self.cards[row] if 0 <= row < len(self.cards) else None

    @property
    def chosen_ids(self) -> list[int]:
        """The marked cards, in table order; else the one under the cursor."""
        if self.marked:
            return [c.card_id for c in self.cards if c.card_id in self.marked]
        current = self.current_card
        return [current.card_id] if current is not None else []

    def action_mark(self) -> None:
        card = self.current_card
        if card is None:
            return
        self.marked ^= {card.card_id}
        row = self.cursor_row
        self.update_cell(str(card.card_id), "problem", self._problem_cell(card))
        if row + 1 < self.row_count:
            self.move_cursor(row=row + 1)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.HistoryRequested(int(str(event.row_key.value))))
