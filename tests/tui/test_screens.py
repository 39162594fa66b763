"""Home, import, settings, stats and help screens, driven by keys on a real collection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

from trainer.practice.services import Services
from trainer.practice.settings import load_settings
from trainer.tui.app import TrainerApp
from trainer.tui.messages import ImportProgressed
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.import_deck import ImportScreen
from trainer.tui.screens.settings import SettingsScreen
from trainer.tui.screens.stats import StatsScreen

from .screen_text import shown_text

SIZE = (80, 24)
GROUPS = ("import", "stats", "today", "decks", "grading")


async def settle(app: TrainerApp) -> None:
    """Wait for the app's own workers (not the directory tree's long-lived loader)."""
    for _ in range(2):  # a finished worker may have started another (stats -> today)
        ours = [w for w in app.workers if w.group in GROUPS]
        if ours:  # an empty list would mean "every worker", the tree's loader included
            await app.workers.wait_for_complete(ours)


async def test_home_lists_decks_with_counts_and_enter_drills_the_deck(
    mini_services: Services,
) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        name, new, learning, due, total = (str(c) for c in table.get_row_at(0))
        assert (name, new, learning, due, total) == ("Mini arithmetic", "3", "0", "0", "3")
        await settle(app)
        await pilot.pause()
        assert "Today 0 reviewed" in shown_text(app.screen.query_one("#today"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.drill_title == "Mini arithmetic"


async def test_home_counts_follow_a_drill(mini_services: Services) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("4", "2", "enter"):
            await pilot.press(key)
        await settle(app)
        await pilot.press("escape")  # session end
        await pilot.press("escape")  # home
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        row = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
        assert row[1:4] == ["2", "1", "0"]  # one new card moved into learning
        assert "Today 1 reviewed" in shown_text(app.screen.query_one("#today"))


async def test_help_lists_every_drill_key(mini_services: Services) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drill = app.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown_text(app.screen.query_one("#help-box Static"))
        for binding in drill.BINDINGS:
            key = binding.key if hasattr(binding, "key") else binding[0]  # type: ignore[index]
            assert key in text, key
        await pilot.press("escape")
        assert app.screen is drill


async def test_import_previews_then_imports(mini_services: Services, tmp_path: Path) -> None:
    deck = tmp_path / "extra.toml"
    deck.write_text(
        "format = 1\n[deck]\nid = 'extra'\nname = 'Extra'\nkind = 'integer'\n\n"
        "[[problems]]\nid = 'a'\nprompt = '1 + 1?'\nanswer = '2'\n",
        encoding="utf-8",
    )
    messages: list[object] = []
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(deck)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        report = shown_text(app.screen.query_one("#import-report"))
        assert "Dry run" in report and "1 added" in report
        assert [d.key for d in load_settings(mini_services).decks] == ["mini"]
        await pilot.press("ctrl+s")
        await settle(app)
        await pilot.pause()
        assert "Imported." in shown_text(app.screen.query_one("#import-report"))
        progress = [m for m in messages if isinstance(m, ImportProgressed)]
        assert progress and progress[-1].done == progress[-1].total  # the bar reached the end
        assert sorted(d.key for d in load_settings(mini_services).decks) == ["extra", "mini"]


async def test_import_lists_errors_with_their_locations(
    mini_services: Services, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "format = 1\n[deck]\nid = 'bad'\nname = 'Bad'\n\n[[problems]]\nid = 'a'\nprompt = 'x'\n",
        encoding="utf-8",
    )
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(bad)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        report = shown_text(app.screen.query_one("#import-report"))
        assert "cannot be imported" in report
        assert f"{bad}:" in report and "answer" in report
        await pilot.press("ctrl+s")  # nothing previewed: nothing imported
        await pilot.pause()
        assert [d.key for d in load_settings(mini_services).decks] == ["mini"]


async def test_path_input_completes_file_names(mini_services: Services, tmp_path: Path) -> None:
    (tmp_path / "algebra-deck.toml").write_text("", encoding="utf-8")
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        path_input = app.screen.query_one("#import-path", Input)
        path_input.value = str(tmp_path / "alg")
        path_input.cursor_position = len(path_input.value)
        await pilot.pause(0.2)
        await pilot.press("right")  # accept the suggestion
        await pilot.pause()
        assert path_input.value == str(tmp_path / "algebra-deck.toml")


async def test_settings_reject_bad_values_with_messages_and_save_good_ones(
    mini_services: Services,
) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#desired_retention", Input).value = "1.5"
        screen.query_one("#day_start_hour", Input).value = "noon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "out of range" in shown_text(screen.query_one("#desired_retention-note"))
        assert "not a whole number" in shown_text(screen.query_one("#day_start_hour-note"))
        assert load_settings(mini_services).defaults.desired_retention == 0.9  # nothing saved
        screen.query_one("#desired_retention", Input).value = "0.85"
        screen.query_one("#day_start_hour", Input).value = "5"
        screen.query_one("#slow_factor", Input).value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = load_settings(mini_services)
        assert saved.defaults.desired_retention == 0.85
        assert saved.defaults.day_start_hour == 5
        assert saved.thresholds.slow_factor == 3.0


async def test_settings_per_deck(mini_services: Services) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        from textual.widgets import Select

        screen.query_one("#scope", Select).value = "mini"
        await pilot.pause()
        screen.query_one("#new_per_day", Input).value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = load_settings(mini_services)
        assert saved.preset_for("mini").new_per_day == 7
        assert saved.defaults.new_per_day == 20


async def test_stats_screen_shows_the_report(mini_services: Services) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("4", "2", "enter"):
            await pilot.press(key)
        await settle(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await settle(app)
        await pilot.pause()
        screen: Any = app.screen
        assert isinstance(screen, StatsScreen)
        headline = shown_text(screen.query_one("#stats-headline"))
        assert "All decks" in headline and "today 1 review," in headline
        assert "Mini arithmetic" in shown_text(screen.query_one("#decks-table"))
        assert "1 review on 1 day" in shown_text(screen.query_one("#heatmap"))
        await pilot.press("d")  # the one deck
        await settle(app)
        await pilot.pause()
        assert shown_text(screen.query_one("#stats-headline")).startswith("Mini arithmetic")


async def test_command_palette_offers_the_decks(mini_services: Services) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for char in "drill deck mini":
            await pilot.press(char)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.drill_title == "Mini arithmetic"


async def test_drill_command_opens_the_named_deck_or_says_why_not(
    mini_services: Services,
) -> None:
    app = TrainerApp(mini_services, decks=["Mini arithmetic"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.drill_title == "Mini arithmetic"
    app = TrainerApp(mini_services, decks=["nope"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("no deck 'nope'" in str(n.message) for n in app._notifications)


HOSTILE_NAME = """format = 1
[deck]
id = 'evil'
name = 'Evil [bold]deck[/bold] [@click=app.quit]quit[/]'
kind = 'integer'
[[problems]]
id = 'p'
prompt = '1 + 1'
answer = '2'
"""


async def test_the_palette_shows_a_deck_name_literally(
    mini_services: Services, tmp_path: Path
) -> None:
    """A deck's name is its author's text, not markup: "Evil [bold]deck[/bold] …" is
    shown as typed (it read "Evil deck", the markup eaten, an @click action live)."""
    from textual.command import CommandList

    from trainer.practice.library import import_path

    deck = tmp_path / "evil.toml"
    deck.write_text(HOSTILE_NAME, encoding="utf-8")
    import_path(mini_services, deck)
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for char in "evil":
            await pilot.press(char)
        await pilot.pause(0.5)
        commands = app.screen.query_one(CommandList)
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        wanted = "Drill deck: Evil [bold]deck[/bold] [@click=app.quit]quit[/]"
        assert any(wanted in text for text in shown), shown
