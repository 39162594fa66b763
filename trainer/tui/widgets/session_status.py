"""The always-visible line of a drill: the deck, what is left today and the session timer."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import Static

from trainer.practice.drill_types import QueueCounts


def clock_text(elapsed: timedelta) -> str:
    seconds = max(0, int(elapsed.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class SessionStatus(Static):
    """Set ``show(deck, counts, elapsed)``; the screen calls it every second."""

    DEFAULT_CSS = """
    SessionStatus { height: 1; padding: 0 1; background: $panel; }
    """

    def show(self, deck: str, counts: QueueCounts, elapsed: timedelta) -> None:
        """The deck name gives way first: the counts and the clock always fit."""
        right = Text.assemble(
            ("new ", "dim"),
            (str(counts.new), "bold blue"),
            ("  learning ", "dim"),
            (str(counts.learning), "bold red"),
            ("  due ", "dim"),
            (str(counts.due), "bold green"),
            "   ⏱ ",
            clock_text(elapsed),
        )
        room = (self.content_size.width or 80) - right.cell_len - 2
        title = Text(deck, style="bold", no_wrap=True)
        if room < 4:  # too narrow even for a cut name: the numbers alone
            self.update(right)
            return
        title.truncate(room, overflow="ellipsis")
        self.update(Text.assemble(title, "  ", right))
