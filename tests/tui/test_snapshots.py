"""Snapshots of the main screens at 80×24, and of the drill and home at 60×20 (frozen
clock, steady cursor). Few: behaviour is tested with Pilot (test_drill.py, test_screens.py,
test_narrow.py checks Help and End stay in the footer)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from trainer.practice.services import Services
from trainer.tui.app import TrainerApp

SIZE = (80, 24)
Snap = Callable[..., bool]


async def _settle(pilot: Pilot[Any]) -> None:
    """Until no worker runs: screens start theirs when they show, so look a few times."""
    for _ in range(4):
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _typing(keys: str, *, submit: bool = False) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        if submit:
            await pilot.press("enter")
        await _settle(pilot)

    return run_before


def test_home(snap_compare: Snap, mini_services: Services) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_drill_with_read_as_preview(snap_compare: Snap, mini_services: Services) -> None:
    app = TrainerApp(mini_services)
    assert snap_compare(app, terminal_size=SIZE, run_before=_typing("6*7"))


def test_drill_right_answer(snap_compare: Snap, mini_services: Services) -> None:
    app = TrainerApp(mini_services)
    assert snap_compare(app, terminal_size=SIZE, run_before=_typing("42", submit=True))


def test_drill_wrong_answer(snap_compare: Snap, mini_services: Services) -> None:
    app = TrainerApp(mini_services)
    assert snap_compare(app, terminal_size=SIZE, run_before=_typing("41", submit=True))


def test_session_end(snap_compare: Snap, mini_services: Services) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _typing("42", submit=True)(pilot)
        await pilot.press("escape")
        await _settle(pilot)

    app = TrainerApp(mini_services)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_settings(snap_compare: Snap, mini_services: Services) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("o")
        await _settle(pilot)

    app = TrainerApp(mini_services, auto_drill=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


NARROW = (60, 20)


def test_drill_at_60_columns_keeps_help_and_end(
    snap_compare: Snap, mini_services: Services
) -> None:
    app = TrainerApp(mini_services)
    assert snap_compare(app, terminal_size=NARROW, run_before=_typing("6*7"))


def test_home_at_60_columns(snap_compare: Snap, mini_services: Services) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    assert snap_compare(app, terminal_size=NARROW, run_before=_settle)


def test_browse(snap_compare: Snap, mini_services: Services) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("b")
        await _settle(pilot)

    app = TrainerApp(mini_services, auto_drill=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
