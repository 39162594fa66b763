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
            ("ctrl+p", "command palette: drill a deck, browse, unsuspend, export, import, stats"),
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
            ("b", "browse and search the cards"),
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
            ("ctrl+z", "undo the last action (review, suspend, bury or skip), newest first"),
            ("ctrl+s", "skip: no review, it comes back later"),
            ("ctrl+b", "bury: hide it until tomorrow"),
            ("ctrl+n", "suspend: hide it until unsuspended (ctrl+z, or Browse: u)"),
            ("escape", "end the session and see the summary"),
        ],
    ),
    (
        "Browse",
        [
            ("/", "edit the search; Enter searches"),
            ("", "free text  deck:NAME  tag:T  key:K  is:new|learning|review|due"),
            ("", "is:suspended|buried|leech  prop:due<3  prop:lapses>=2  rated:7"),
            ("", "-term (not)  a or b  ( … )"),
            ("↑ ↓  space", "move; mark cards (actions apply to the marked, else the selected)"),
            ("u / s", "unsuspend / suspend"),
            ("b / B", "bury until tomorrow / unbury"),
            ("f", "forget: reset to new (asks first; reviews are kept)"),
            ("Enter / h", "the problem's history: reviews, attempts, verdicts"),
            ("escape", "back"),
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
