"""Deck text in the TUI: Textual markup shown literally (a ``[@click=app.quit]`` in a deck
name must not become a clickable action), terminal escapes never passed through."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from trainer.clock import FrozenClock
from trainer.practice.library import import_path
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets.problem_view import ProblemView
from trainer.wiring import build_services

DECK = r"""format = 1

[deck]
id = "evil"
name = "Evil [@click=app.quit]x[/] [bold]b[/] \u001b[2J"

[[problems]]
id = "p1"
prompt = "clear \u001b[2J now \u001b]0;title\u0007 [red]red[/] done"
answer = "2"
"""


def _plain(renderable: object) -> str:
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


async def test_deck_text_is_literal_in_the_drill(tmp_path: Path, clock: FrozenClock) -> None:
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    deck = tmp_path / "evil.toml"
    deck.write_text(DECK, encoding="utf-8")
    import_path(services, deck)
    try:
        app = TrainerApp(services)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, DrillScreen)
            view = app.screen.query_one(ProblemView)
            title = view._border_title
            assert title is not None
            assert "[@click=app.quit]x[/]" in title.plain and "[bold]b[/]" in title.plain
            assert "\x1b" not in title.plain
            shown = _plain(view.render())
            assert "[red]red[/]" in shown and "\x1b" not in shown and "\x07" not in shown
            assert app.is_running  # nothing ran app.quit
    finally:
        services.close()
