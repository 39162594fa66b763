"""Every write from the TUI survives a locked collection: another connection holds the
SQLite file with ``BEGIN EXCLUSIVE`` while the action runs. The write fails in its worker,
the learner gets a toast saying why, the app keeps running, nothing is half-written, and
the same action works once the lock is gone."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

import trainer.store.db
import trainer.store.drill_connection
from trainer.clock import FrozenClock
from trainer.practice.services import Services
from trainer.tui.app import TrainerApp
from trainer.tui.messages import WriteFailed, WriteFinished
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets.feedback import FeedbackPanel
from trainer.tui.widgets.problem_view import ProblemView
from trainer.wiring import build_services

from .conftest import cards, import_mini_deck, reviews
from .screen_text import shown_text

SIZE = (80, 24)
WAIT_MS = 300  # the busy timeout, shortened so a locked write gives up quickly


@pytest.fixture
def locked_services(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    monkeypatch.setattr(trainer.store.drill_connection, "_BUSY_TIMEOUT_MS", WAIT_MS)
    monkeypatch.setattr(trainer.store.db, "BUSY_TIMEOUT_MS", WAIT_MS)
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    import_mini_deck(services, tmp_path)
    services.close()  # the drill opens the file afresh, with the short timeout
    yield services
    services.close()


@contextmanager
def held_lock(services: Services) -> Iterator[None]:
    """Another program writing: an exclusive transaction on the collection file."""
    path = services.sqlite_path()
    assert path is not None and path.is_file()
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE decks SET name = name")  # really hold the write lock
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def state(services: Services) -> tuple[Any, ...]:
    rows = reviews(services)
    return (
        [(r.id, r.rating, r.override, r.revealed, r.hint_used) for r in rows],
        [(c.id, c.phase, c.due, c.reps, c.suspended, c.buried_until) for c in cards(services)],
    )


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def answer(pilot: Pilot[Any], text: str) -> None:
    for char in text:
        await pilot.press(char)
    await pilot.press("enter")
    await settle(pilot)


def prompt(app: TrainerApp) -> str:
    return shown_text(app.screen.query_one(ProblemView))


# (key, the action's name, what to do first so the action has something to act on)
DRILL_ACTIONS = [
    ("ctrl+r", "reveal", ""),
    ("ctrl+n", "suspend", ""),
    ("ctrl+b", "bury", ""),
    ("ctrl+o", "override", "41"),
    ("ctrl+z", "undo", "42"),
    ("ctrl+t", "hint", "41"),  # after a review the hint is written to it
]


@pytest.mark.parametrize(
    ("key", "action", "first"), DRILL_ACTIONS, ids=[a[1] for a in DRILL_ACTIONS]
)
async def test_a_drill_write_on_a_locked_collection_is_a_toast_not_a_crash(
    locked_services: Services, key: str, action: str, first: str
) -> None:
    messages: list[Message] = []
    app = TrainerApp(locked_services)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        if first:
            await answer(pilot, first)
            if action == "undo":
                await pilot.press("enter")  # on to the next problem; undo brings this back
                await pilot.pause()
        shown = prompt(app)
        before = state(locked_services)
        with held_lock(locked_services):
            await pilot.press(key)
            await settle(pilot)
            failed = [m for m in messages if isinstance(m, WriteFailed)]
            assert [m.action for m in failed] == [action]
            assert "locked" in failed[0].error
            toasts = [m.notification for m in messages if isinstance(m, Notify)]
            assert any(
                t.title == f"Could not {action}" and "locked" in t.message for t in toasts
            ), toasts
        assert app.is_running and isinstance(app.screen, DrillScreen)
        assert prompt(app) == shown  # still on the same problem
        assert state(locked_services) == before  # nothing half-written
        # The lock is gone: the same key now does its job.
        await pilot.press(key)
        await settle(pilot)
        assert [m.action for m in messages if isinstance(m, WriteFinished)][-1] == action
        assert state(locked_services) != before


async def test_settings_save_on_a_locked_collection_keeps_the_screen_and_saves_later(
    locked_services: Services,
) -> None:
    messages: list[Message] = []
    app = TrainerApp(locked_services, auto_drill=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        field = app.screen.query_one("#desired_retention")
        field.value = "0.85"  # type: ignore[attr-defined]
        with held_lock(locked_services):
            await pilot.press("ctrl+s")
            await settle(pilot)
            toasts = [m.notification for m in messages if isinstance(m, Notify)]
            assert any("locked" in t.message and "nothing saved" in t.message for t in toasts)
        assert app.is_running and app.screen.query_one("#desired_retention") is field
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [m.action for m in messages if isinstance(m, WriteFinished)] == ["save"]
        from trainer.practice.settings import load_settings

        assert load_settings(locked_services).preset_for(None).desired_retention == 0.85


async def test_a_failed_reveal_leaves_the_feedback_empty(locked_services: Services) -> None:
    app = TrainerApp(locked_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with held_lock(locked_services):
            await pilot.press("ctrl+r")
            await settle(pilot)
        assert shown_text(app.screen.query_one(FeedbackPanel)) == ""
        assert reviews(locked_services) == []


async def test_a_browse_action_on_a_locked_collection_is_a_toast_not_a_crash(
    locked_services: Services,
) -> None:
    from trainer.practice.browse import apply_action, search

    [root] = search(locked_services, "key:root").cards
    apply_action(locked_services, "suspend", [root.card_id])
    messages: list[Message] = []
    app = TrainerApp(locked_services, auto_drill=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        app.action_open("browse", "is:suspended")
        await settle(pilot)
        with held_lock(locked_services):
            await pilot.press("u")
            await settle(pilot)
            toasts = [m.notification for m in messages if isinstance(m, Notify)]
            assert any(t.title == "Could not unsuspend" and "locked" in t.message for t in toasts)
        assert app.is_running
        assert [c.suspended for c in cards(locked_services)] == [False, False, True]
        await pilot.press("u")
        await settle(pilot)
        assert [c.suspended for c in cards(locked_services)] == [False, False, False]


async def test_home_says_when_the_decks_cannot_be_read(locked_services: Services) -> None:
    messages: list[Message] = []
    app = TrainerApp(locked_services, auto_drill=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        path = locked_services.sqlite_path()
        assert path is not None
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("ALTER TABLE decks RENAME TO decks_elsewhere")  # a damaged collection
        other.close()
        app.screen.refresh_decks()  # type: ignore[attr-defined]
        for _ in range(10):  # not settle(): waiting on a failed worker raises in the test
            await pilot.pause(0.1)
        toasts = [m.notification for m in messages if isinstance(m, Notify)]
        assert any(t.title == "Could not read the decks" for t in toasts), toasts
        assert app.is_running
