"""The settings screen saves the order new problems come in (mixed or file order)."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Select

from trainer.practice.services import Services
from trainer.practice.settings import load_settings
from trainer.tui.app import TrainerApp


async def test_new_order_is_shown_and_saved(mini_services: Services) -> None:
    assert load_settings(mini_services).preset_for(None).new_order == "mixed"
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        order = app.screen.query_one("#new_order", Select)
        assert order.value == "mixed"
        order.value = "file"
        await pilot.press("ctrl+s")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert load_settings(mini_services).preset_for(None).new_order == "file"


async def test_one_bad_field_says_one_setting_needs_fixing(mini_services: Services) -> None:
    messages: list[Message] = []
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#reviews_per_day", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
    said = [m.notification.message for m in messages if isinstance(m, Notify)]
    assert "1 setting needs fixing; nothing saved" in said, said


async def test_the_selects_fit_a_60_column_terminal(mini_services: Services) -> None:
    """The deck choice (60 wide) and the new-order choice (34 wide) ran past the right
    edge at 60 columns, their ▼ cut off."""
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        for name in ("#scope", "#new_order"):
            region = app.screen.query_one(name, Select).region
            assert region.width > 0 and region.right <= 60, (name, region)


async def test_the_deck_choice_shows_a_deck_name_literally(
    mini_services: Services, tmp_path: Path
) -> None:
    """The settings' deck list read "Evil [bold]deck[/bold]" as markup ("Evil deck")."""
    from textual.widgets._select import SelectOverlay

    from trainer.practice.library import import_path

    deck = tmp_path / "evil.toml"
    deck.write_text(
        "format = 1\n[deck]\nid = 'evil'\nname = 'Evil [bold]deck[/bold]'\nkind = 'integer'\n"
        "[[problems]]\nid = 'p'\nprompt = '1 + 1'\nanswer = '2'\n",
        encoding="utf-8",
    )
    import_path(mini_services, deck)
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await pilot.click("#scope")
        await pilot.pause()
        overlay = app.screen.query_one(SelectOverlay)
        lines = [overlay.render_line(y).text for y in range(overlay.size.height)]
        assert any("Evil [bold]deck[/bold]" in line for line in lines), lines
