"""``trainer drill [DECK] [--plain]``: practise today's problems.

With a terminal on both ends it opens the TUI's drill screen; with ``--plain`` (or when
input or output is not a terminal, or the TUI is not installed) it runs the
line-oriented plain mode on stdin/stdout, which works over ssh, with screen readers and
in scripts.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext


def _open_tui(obj: CliContext, deck_keys: list[str] | None) -> bool:
    """Open the TUI on the drill screen; False when the TUI is not available."""
    try:
        from trainer.tui import app
    except ModuleNotFoundError as exc:
        if exc.name != "trainer.tui.app":
            raise
        return False
    app.run_drill(obj.services(), deck_keys)
    return True


@click.command()
@click.argument("deck", required=False)
@click.option(
    "--plain",
    is_flag=True,
    help="Line-oriented mode on stdin/stdout (ssh, screen readers, scripts).",
)
@click.pass_obj
def drill(obj: CliContext, deck: str | None, plain: bool) -> None:
    """Practise today's due and new problems of DECK (key or name; default: every deck).

    In plain mode each line is an answer or a command: :hint :reveal :skip :undo
    :override (accept my answer) :override wrong :bury :suspend :quit. End of input ends
    the session with a summary.
    """
    deck_keys = [deck] if deck else None
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not plain and interactive and _open_tui(obj, deck_keys):
        return
    from trainer.presentation.plain_mode import PlainDrill

    stdout = sys.stdout
    # Bytes that are not UTF-8 arrive as lone surrogates: plain mode says so, no traceback.
    stdin = sys.stdin
    if isinstance(stdin, io.TextIOWrapper):
        stdin.reconfigure(encoding="utf-8", errors="surrogateescape")
    # On an everyday start (an up-to-date SQLite collection) this opens it with plain
    # sqlite3: SQLAlchemy is never imported on the way to the first problem.
    PlainDrill(obj.services(), deck_keys, stdin, stdout).run()
