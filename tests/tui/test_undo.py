"""ctrl+z in the drill takes back the session's actions newest first, reviews and
set-asides alike (suspend, bury, skip), shows the problem again and says what it undid."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from trainer.practice.services import Services
from trainer.tui.app import TrainerApp
from trainer.tui.widgets.problem_view import ProblemView

from .screen_text import shown_text

SIZE = (80, 24)
Probe = Any  # the ``db`` fixture (tests/tui/conftest.py)


async def press(pilot: Pilot[Any], key: str) -> None:
    await pilot.press(key)
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def prompt(app: TrainerApp) -> str:
    return shown_text(app.screen.query_one(ProblemView))


def undo_notes(messages: list[Message]) -> list[str]:
    return [
        m.notification.message
        for m in messages
        if isinstance(m, Notify)
        and m.notification.title == "Undo"
        or isinstance(m, Notify)
        and "nothing to undo" in m.notification.message
    ]


async def test_undo_takes_back_skip_bury_and_suspend_in_order(
    mini_services: Services, db: Probe
) -> None:
    messages: list[Message] = []
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        assert "6 × 7" in prompt(app)
        await press(pilot, "ctrl+n")  # suspend times
        assert "2³" in prompt(app)
        await press(pilot, "ctrl+b")  # bury power
        assert "√81" in prompt(app)
        await press(pilot, "ctrl+s")  # skip root: the last one left, so it is shown again
        suspended = [c.suspended for c in db.cards()]
        buried = [c.buried_until is not None for c in db.cards()]
        assert suspended == [True, False, False] and buried == [False, True, False]

        await press(pilot, "ctrl+z")
        assert "√81" in prompt(app)
        await press(pilot, "ctrl+z")
        assert "2³" in prompt(app)
        assert [c.buried_until is not None for c in db.cards()] == [False, False, False]
        await press(pilot, "ctrl+z")
        assert "6 × 7" in prompt(app)
        assert [c.suspended for c in db.cards()] == [False, False, False]
        await press(pilot, "ctrl+z")
        said = undo_notes(messages)
        assert [s.split(" (")[0] for s in said] == [
            "undone: skip",
            "undone: bury",
            "undone: suspend",
            "nothing to undo in this session",
        ], said
        assert db.reviews() == []


async def test_undo_after_a_review_and_a_suspend_takes_the_suspend_first(
    mini_services: Services, db: Probe
) -> None:
    messages: list[Message] = []
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        for char in "42":
            await pilot.press(char)
        await press(pilot, "enter")
        await press(pilot, "enter")  # on to power
        await press(pilot, "ctrl+n")  # suspend power
        await press(pilot, "ctrl+z")
        assert "2³" in prompt(app) and not any(c.suspended for c in db.cards())
        assert len(db.reviews()) == 1  # the review is still there
        await press(pilot, "ctrl+z")
        assert "6 × 7" in prompt(app) and db.reviews() == []
        said = undo_notes(messages)
        assert said[0].startswith("undone: suspend") and said[1].startswith(
            "undone: the last review"
        )
