"""What the drill says, read as a learner reads it: no word twice, no heading that
contradicts what happened, no capital in mid-sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from trainer.clock import FrozenClock
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.tui.app import TrainerApp
from trainer.tui.screens.help import SECTIONS
from trainer.tui.widgets.answer_input import ReadAs
from trainer.tui.widgets.charts import YearHeatmap
from trainer.tui.widgets.feedback import FeedbackPanel
from trainer.wiring import build_services

from .screen_text import shown_text

SIZE = (80, 24)
ALGEBRA = r"""format = 1

[deck]
id = 'words'
name = 'Wording'
kind = 'expression'

[[problems]]
id = 'expand'
prompt = 'Expand $x(x+1)$.'
answer = 'x^2 + x'
"""


@pytest.fixture
def algebra(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    path = tmp_path / "words.toml"
    path.write_text(ALGEBRA, encoding="utf-8")
    import_path(services, path)
    yield services
    services.close()


async def type_in(pilot: Pilot[Any], text: str, *, submit: bool = True) -> None:
    for char in text:
        await pilot.press(char)
    if submit:
        await pilot.press("enter")
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def feedback(app: TrainerApp) -> str:
    return shown_text(app.screen.query_one(FeedbackPanel))


async def test_an_equivalent_answer_says_correct_once(algebra: Services) -> None:
    app = TrainerApp(algebra)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_in(pilot, "x*(x+1)")
        head = feedback(app).splitlines()[0]
        assert head == "✓ Correct: equivalent to the expected answer."
        assert head.lower().count("correct") == 1


async def test_overriding_a_right_answer_says_counted_as_wrong(algebra: Services) -> None:
    app = TrainerApp(algebra)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_in(pilot, "x^2+x")
        await pilot.press("ctrl+o")
        await type_in(pilot, "", submit=False)
        text = feedback(app)
        assert text.startswith("✗ Counted as wrong"), text
        assert "revealed" not in text.lower()
        assert app.screen.query_one(FeedbackPanel).has_class("-wrong")


async def test_a_problem_without_hints_says_so(algebra: Services) -> None:
    messages: list[Message] = []
    app = TrainerApp(algebra)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await type_in(pilot, "", submit=False)
        said = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert said == ["this problem has no hints"]


async def test_the_preview_names_the_column_once(algebra: Services) -> None:
    app = TrainerApp(algebra)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_in(pilot, "x*(x+1", submit=False)
        line = shown_text(app.screen.query_one(ReadAs))
        assert line.startswith("⚠ column 3: "), line
        assert line.count("column") == 1


async def test_an_unreadable_answer_is_not_counted_in_one_sentence(algebra: Services) -> None:
    app = TrainerApp(algebra)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_in(pilot, "x+*")
        line = shown_text(app.screen.query_one(ReadAs))
        assert line.startswith("⚠ not counted: could not read that"), line


class HeatmapApp(App[None]):
    def compose(self) -> ComposeResult:
        yield YearHeatmap()


async def test_one_day_of_reviews_is_one_day_and_help_names_the_tab_keys() -> None:
    app = HeatmapApp()
    async with app.run_test(size=SIZE):
        heatmap = app.query_one(YearHeatmap)
        heatmap.show("2026-03-11", {"2026-03-11": 1})
        assert shown_text(heatmap).endswith("1 review on 1 day")
        heatmap.show("2026-03-11", {"2026-03-10": 2, "2026-03-11": 3})
        assert shown_text(heatmap).endswith("5 reviews on 2 days")
    stats_keys = [row for title, rows in SECTIONS if title == "Stats" for row, _ in rows]
    assert "← →" in stats_keys


async def test_stats_tabs_switch_with_the_arrows_the_footer_names(algebra: Services) -> None:
    from textual.widgets import TabbedContent

    from trainer.tui.screens.stats import StatsScreen

    app = TrainerApp(algebra, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await type_in(pilot, "", submit=False)
        await pilot.press("s")
        await type_in(pilot, "", submit=False)
        assert isinstance(app.screen, StatsScreen)
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "tab-activity"
        await pilot.press("right", "right")
        assert tabs.active == "tab-retention"
        await pilot.press("left")
        assert tabs.active == "tab-forecast"
        footer = {b.key: b.description for _, b, _, _ in app.screen.active_bindings.values()}
        assert footer["left"] == "Tabs"


NEGATIVE = r"""format = 1

[deck]
id = 'negative'
name = 'Negative'
kind = 'integer'

[[problems]]
id = 'det'
prompt = 'Compute $3 \cdot 6 - 8 \cdot 4$.'
answer = '-14'

[[problems]]
id = 'product'
prompt = 'Expand $3(x + 4)$.'
answer = '3x + 12'
kind = 'expression'
"""


async def test_a_revealed_answer_is_not_repeated_for_its_minus_sign_or_dots(
    tmp_path: Path, clock: FrozenClock
) -> None:
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    path = tmp_path / "negative.toml"
    path.write_text(NEGATIVE, encoding="utf-8")
    import_path(services, path)
    answers: list[str] = []
    try:
        app = TrainerApp(services)
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(2):
                await type_in(pilot, "", submit=False)
                await pilot.press("ctrl+r")
                await type_in(pilot, "", submit=False)
                text = feedback(app)
                answers += [line for line in text.splitlines() if line.startswith("Answer:")]
                await pilot.press("enter")
    finally:
        services.close()
    assert "Answer: -14" in answers, answers  # not "-14   (−14)"
    assert "Answer: 3x + 12" in answers, answers  # not "3x + 12   (3·x + 12)"


class ReviewsChartApp(App[None]):
    def compose(self) -> ComposeResult:
        from trainer.tui.widgets.charts import BarChart

        yield BarChart()


async def test_a_count_chart_labels_its_axis_in_whole_numbers() -> None:
    """Reviews are counted: the axis read 17.5 and 3.5 reviews."""
    import re

    from trainer.tui.widgets.charts import BarChart

    app = ReviewsChartApp()
    async with app.run_test(size=SIZE) as pilot:
        chart = app.query_one(BarChart)
        chart.show("Due in the next 30 days", ["2026-03-11", "2026-03-12"], [21, 3], "cyan")
        await pilot.pause()
        lines = [chart.render_line(y).text for y in range(chart.size.height)]
        ticks = [m.group(1) for line in lines if (m := re.match(r"\s*([\d.]+)┤", line))]
        assert ticks and all("." not in t for t in ticks), lines
        assert "0" in ticks and max(int(t) for t in ticks) >= 15, ticks
