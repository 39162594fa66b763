"""Help: every key of every screen, from the screens' own bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("ctrl+p", "command palette: drill a deck, import, stats, settings, help"),
            ("f1", "this help"),
            ("ctrl+q", "quit"),
            ("tab / shift+tab", "move between fields; the mouse works too"),
        ],
    ),
    (
        "Home",
        [
            ("↑ ↓  Enter", "pick a deck and drill it"),
            ("a", "drill all decks"),
            ("i", "import a deck file"),
            ("s", "statistics"),
            ("o", "settings"),
            ("? / f1", "help"),
            ("q", "quit"),
        ],
    ),
    (
        "Drill",
        [
            ("type", "your answer; the line below shows how it is read, or why not"),
            ("Enter", "check the answer; after a finished verdict, next problem"),
            ("Enter (after ✗)", "try again with the edited answer"),
            ("ctrl+r", "reveal the answer and the worked solution (rated Again)"),
            ("ctrl+t", "a hint, where the problem has one (caps the rating at Hard)"),
            ("ctrl+o", "override the verdict: accept a ✗ answer, or reject a ✓ one"),
            ("ctrl+z", "undo the last review and show that problem again"),
            ("ctrl+s", "skip: no review, it comes back later"),
            ("ctrl+b", "bury: hide it until tomorrow"),
            ("ctrl+n", "suspend: hide it until unsuspended"),
            ("escape", "end the session and see the summary"),
        ],
    ),
    (
        "Session end",
        [("Enter / escape", "back home"), ("s", "statistics"), ("q", "quit")],
    ),
    (
        "Stats",
        [
            ("← →", "previous / next tab (Activity, Forecast, Retention, Year, Cards)"),
            ("d", "next deck (all decks first)"),
            ("escape", "back"),
        ],
    ),
    (
        "Import",
        [
            ("type / tab", "a path, with completion of file names (tab accepts)"),
            ("Enter", "preview what the import will do (dry run)"),
            ("ctrl+s", "import for real, after the preview"),
            ("escape", "back"),
        ],
    ),
    (
        "Settings",
        [("ctrl+s", "save (every field is checked first)"), ("escape", "back, unsaved")],
    ),
]


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for title, rows in SECTIONS:
        table.add_row(Text(title, style="bold underline"), "")
        for key, what in rows:
            table.add_row(key, what)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(keys_table())
