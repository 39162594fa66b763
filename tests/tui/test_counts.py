"""One set of numbers for today: the home screen, the drill's header and the stats Cards
tab agree, on a collection with new, learning and due cards in two decks, a daily new
limit and a day that starts at 4 in the morning. The session summary's time spent is
what the drill clock showed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from trainer.clock import FrozenClock
from trainer.practice.engine import PracticeSession
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.practice.settings import load_settings, parse_preset, save_settings
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.session_end import SessionEndScreen
from trainer.tui.screens.stats import StatsScreen
from trainer.tui.widgets.deck_table import DeckTable
from trainer.tui.widgets.session_status import SessionStatus
from trainer.wiring import build_services

from .conftest import import_mini_deck
from .screen_text import shown_text

SIZE = (100, 30)
SQUARES = "format = 1\n[deck]\nid = 'squares'\nname = 'Squares'\nkind = 'integer'\n" + "".join(
    f"[[problems]]\nid = 'sq{n}'\nprompt = 'What is ${n}^2$?'\nanswer = '{n * n}'\n"
    for n in range(2, 9)
)


@pytest.fixture
def busy(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    """Two decks, at most 4 new a day, the day starting at 04:00; yesterday's session left
    learning cards and reviews due today."""
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    import_mini_deck(services, tmp_path)
    (tmp_path / "squares.toml").write_text(SQUARES, encoding="utf-8")
    import_path(services, tmp_path / "squares.toml")
    view = load_settings(services)
    preset = parse_preset({"new_per_day": "4", "day_start_hour": "4"}, view.preset_for(None))
    save_settings(services, None, preset, view.thresholds)
    for _ in range(4):  # graduate today's new cards to review: right at every step
        practise(services, wrong=set())
        clock.advance(minutes=30)
    clock.advance(days=20)  # reviews are due again
    practise(services, wrong={"times", "sq2"}, limit=2)  # two lapses: relearning now
    yield services
    services.close()


def right_answer(key: str) -> str:
    return {"times": "42", "power": "8", "root": "9"}.get(key) or str(int(key[2:]) ** 2)


def practise(services: Services, *, wrong: set[str], limit: int | None = None) -> None:
    """A drill session through the engine: the answers right except for ``wrong``."""
    session = PracticeSession(services)
    done = 0
    while (shown := session.next_problem()) is not None and (limit is None or done < limit):
        key = shown.problem_key
        session.submit("0" if key in wrong else right_answer(key))
        done += 1
    session.close()


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def header_counts(app: TrainerApp) -> tuple[int, int, int]:
    text = shown_text(app.screen.query_one(SessionStatus))
    found = re.search(r"new (\d+)\s+learning (\d+)\s+due (\d+)", text)
    assert found, text
    new, learning, due = map(int, found.groups())
    return new, learning, due


async def test_home_drill_and_stats_show_the_same_counts(busy: Services) -> None:
    app = TrainerApp(busy, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        decks = app.screen.query_one(DeckTable).decks
        home = {d.key: (d.new, d.learning, d.due) for d in decks}
        total = tuple(sum(c[i] for c in home.values()) for i in range(3))
        assert total[1] > 0 and total[2] > 0, home  # learning and due cards to agree on
        totals_line = shown_text(app.screen.query_one("#totals", Static))
        assert f"{total[0]} new, {total[1]} learning, {total[2]} due" in totals_line

        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        table = shown_text(app.screen.query_one("#decks-table", Static))
        for deck in decks:
            row = next(line for line in table.splitlines() if deck.name in line)
            numbers = [int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.%])", row)]
            assert tuple(numbers[:3]) == home[deck.key], (row, home)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("a")  # drill all decks
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        assert header_counts(app) == total

        # A drill of one deck shows that deck's numbers.
        await pilot.press("escape")
        await settle(pilot)
        table_widget = app.screen.query_one(DeckTable)
        table_widget.move_cursor(row=[d.key for d in decks].index("squares"))
        await pilot.press("enter")
        await settle(pilot)
        assert header_counts(app) == home["squares"]


async def test_time_spent_is_the_drill_clock(mini_services: Services, clock: FrozenClock) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.advance(timedelta(minutes=1, seconds=16))
        for char in "42":
            await pilot.press(char)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.refresh_status()  # type: ignore[attr-defined]
        header = shown_text(app.screen.query_one(SessionStatus))
        assert header.endswith("⏱ 1:16"), header
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionEndScreen)
        summary = shown_text(app.screen.query_one("#end-summary"))
        assert "time spent  1:16" in summary, summary
