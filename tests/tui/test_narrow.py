"""Narrow terminals: at 60×20 and 80×24 the footer still shows Help and the way out, and
the drill's main keys; the home table keeps the counts that matter and the full name of
the selected deck is shown under it."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from trainer.practice.services import Services
from trainer.tui.app import TrainerApp
from trainer.tui.widgets.deck_table import DeckTable

from .screen_text import shown_text

SIZES = [(60, 20), (80, 24)]


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def footer_keys(app: TrainerApp) -> dict[str, str]:
    """The footer's keys that are wholly on screen: action -> description."""
    width = app.size.width
    shown = {}
    for key in app.screen.query(FooterKey):
        region = key.region
        if key.display and region.width and region.right <= width:
            shown[key.action] = key.description
    return shown


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_drill_footer_keeps_help_end_and_the_main_keys(
    mini_services: Services, size: tuple[int, int]
) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert keys.get("app.help") == "Help" and keys.get("finish") == "End", keys
        for action in ("reveal", "undo", "hint"):
            assert action in keys, keys


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_home_keeps_help_the_counts_and_the_full_name(
    mini_services: Services, size: tuple[int, int]
) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert keys.get("app.help") == "Help" and keys.get("drill_selected") == "Drill", keys
        table = app.screen.query_one(DeckTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:4] == ["Deck", "New", "Learn", "Due"]
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= size[0]
        detail = shown_text(app.screen.query_one("#deck-detail", Static))
        assert detail.startswith("Mini arithmetic  mini · 3 problems")
        await pilot.hover("#decks", offset=(4, 1))  # the first deck's row
        await pilot.pause()
        assert table.tooltip == "Mini arithmetic"


async def test_browse_footer_keeps_help_back_and_unsuspend(mini_services: Services) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        keys = footer_keys(app)
        assert {"app.help", "back", "screen.act('unsuspend')"} <= set(keys), keys


async def test_the_drill_header_keeps_counts_and_clock_at_60_columns(
    mini_services: Services,
) -> None:
    from trainer.tui.widgets.session_status import SessionStatus

    app = TrainerApp(mini_services, decks=["mini"])
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(SessionStatus)
        status.show("A deck with a very long name indeed", status_counts(), _seconds(76))
        text = shown_text(status)  # read at once: the screen's timer rewrites it each second
        assert text.startswith("A deck") and "…" in text, text
        assert text.endswith("new 3  learning 0  due 0   ⏱ 1:16"), text


def status_counts() -> Any:
    from trainer.practice.drill_types import QueueCounts

    return QueueCounts(3, 0, 0)


def _seconds(n: int) -> Any:
    from datetime import timedelta

    return timedelta(seconds=n)


async def test_the_stats_deck_table_keeps_the_name_at_80_columns_and_on_resize(
    mini_services: Services,
) -> None:
    """Seven columns at 80 cut every deck name to ten characters ("Mini arith…"); under
    100 columns the table drops unseen and in review, under 80 the pass rate too, and it
    is redrawn when the terminal is resized."""
    from trainer.tui.screens.stats import StatsScreen

    def table_text() -> str:
        return shown_text(app.screen.query_one("#decks-table", Static))

    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("left")  # the Cards tab
        await settle(pilot)
        text = table_text()
        assert "Mini arithmetic" in text and "30-day pass" in text, text
        assert "unseen" not in text, text
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert "unseen" in table_text() and "in review" in table_text(), table_text()
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        text = table_text()
        assert "Mini arithmetic" in text and "30-day" not in text, text


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_cards_by_state_chart_names_every_state(
    mini_services: Services, size: tuple[int, int]
) -> None:
    """A plotted bar chart with too few rows dropped some labels ("review" at 60×20,
    "relearning" at 80×24): the states are listed, each with its count."""
    from textual.widgets import TabbedContent

    from trainer.tui.widgets.charts import HorizontalBars

    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(TabbedContent).active = "tab-cards"
        await settle(pilot)
        chart = app.screen.query_one(HorizontalBars)
        lines = [chart.render_line(y).text for y in range(chart.size.height)]
        shown = "\n".join(lines)
        for state in ("unseen", "learning", "review", "relearning", "suspended"):
            assert state in shown, shown
        assert any(line.split()[:2] == ["unseen", "3"] for line in lines if line.split()), shown


async def test_the_stats_headline_puts_the_streak_on_its_own_line_when_narrow(
    mini_services: Services,
) -> None:
    """At 60 columns the headline wrapped mid-phrase ("… · streak" / "1 (best 1)")."""
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        lines = shown_text(app.screen.query_one("#stats-headline", Static)).splitlines()
        assert len(lines) == 2 and lines[1].startswith("streak 0 (best 0)"), lines
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        [line] = shown_text(app.screen.query_one("#stats-headline", Static)).splitlines()
        assert line.startswith("All decks  today 0 reviews") and "  ·  streak 0" in line, line
