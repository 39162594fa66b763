"""The settings screen saves the order new problems come in (mixed or file order)."""

from __future__ import annotations

from textual.widgets import Select

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
