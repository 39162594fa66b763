"""``trainer drill [DECK] [--plain]``: practise today's problems.

With a terminal on both ends it opens the TUI's drill screen; with ``--plain`` (or when
input or output is not a terminal, or the TUI is not installed) it runs the
line-oriented plain mode on stdin/stdout, which works over ssh, with screen readers and
in scripts.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext
    from trainer.clock import Clock
    from trainer.practice.engine import PracticeSession


@dataclass
class _QuickContext:
    """What the engine and the plain mode need when the collection was opened directly."""

    clock: Clock


def _quick_session(obj: CliContext, deck_keys: list[str] | None) -> PracticeSession | None:
    """A session on an existing, up-to-date SQLite collection, opened with the standard
    library alone (no SQLAlchemy import: the first problem shows at once). None when the
    collection must be opened the full way (missing, older schema, another database)."""
    from pathlib import Path

    from trainer.paths import data_home, default_db_url

    url = obj.db_url or default_db_url(data_home())
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or url[len(prefix) :] in ("", ":memory:"):
        return None
    from trainer.store.queue import QueueStore

    store = QueueStore.open_sqlite(Path(url[len(prefix) :]))
    if store is None:
        return None
    from trainer.clock import system_clock
    from trainer.practice.engine import PracticeSession

    try:
        return PracticeSession(_QuickContext(system_clock), deck_keys, store=store)  # type: ignore[arg-type]
    except BaseException:
        store.close()
        raise


def _open_tui(obj: CliContext, deck_keys: list[str] | None) -> bool:
    """Open the TUI on the drill screen; False when the TUI is not available."""
    try:
        from trainer.tui import app
    except ModuleNotFoundError as exc:
        if exc.name != "trainer.tui.app":
            raise
        return False
    services = obj.services()
    run_drill = getattr(app, "run_drill", None)
    if run_drill is not None:
        run_drill(services, deck_keys)
        return True
    run_app = getattr(app, "run_app", None)
    if run_app is None:
        return False
    run_app(services)
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
    from trainer.practice.plain_mode import PlainDrill

    stdout = click.get_text_stream("stdout")
    stdin = click.get_text_stream("stdin")
    session = _quick_session(obj, deck_keys)
    if session is not None:
        PlainDrill(session.services, deck_keys, stdin, stdout, session=session).run()
        return
    PlainDrill(obj.services(), deck_keys, stdin, stdout).run()
