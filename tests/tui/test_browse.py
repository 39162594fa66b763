"""Browse in the real app on a real collection: search, act on cards, read a history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Static

from trainer.practice.browse import apply_action, search
from trainer.practice.services import Services
from trainer.tui.app import TrainerApp
from trainer.tui.screens.browse import BrowseScreen
from trainer.tui.screens.problem_history import ProblemHistoryScreen
from trainer.tui.widgets.card_table import CardTable

from .screen_text import shown_text

SIZE = (100, 30)
Probe = Any  # the ``db`` fixture (tests/tui/conftest.py)


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_in(pilot: Pilot[Any], text: str) -> None:
    for char in text:
        await pilot.press(char)


def card_id(services: Services, key: str) -> int:
    [card] = search(services, f"key:{key}").cards
    return card.card_id


def listed(app: TrainerApp) -> list[str]:
    return [card.problem_key for card in app.screen.query_one(CardTable).cards]


def status(app: TrainerApp) -> str:
    return shown_text(app.screen.query_one("#browse-status", Static))


async def open_browse(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("b")  # from home
    await settle(pilot)
    assert isinstance(pilot.app.screen, BrowseScreen)


async def test_search_lists_what_matches_and_a_bad_query_says_where(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_browse(pilot)
        assert listed(app) == ["times", "power", "root"]  # every card, in deck order
        await pilot.press("slash")
        assert app.screen.query_one("#query", Input).has_focus
        await type_in(pilot, "key:power or key:root")
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == ["power", "root"]
        assert status(app).startswith("2 cards for “key:power or key:root”")
        # The selected card's full names and prompt, under the table.
        detail = shown_text(app.screen.query_one("#card-detail", Static))
        assert "Mini arithmetic · power" in detail and "What is 2³?" in detail
        query = app.screen.query_one("#query", Input)
        query.value = ""
        query.focus()
        await type_in(pilot, "dekc:mini")
        await pilot.press("enter")
        await settle(pilot)
        assert status(app).startswith("⚠ column 1"), status(app)
        assert listed(app) == ["power", "root"]  # the last good results stay


async def test_a_long_search_error_is_shown_whole_at_80_columns(mini_services: Services) -> None:
    """The status line was one row high: "… (one of: new, learning, review, due," and the
    rest of the message cut off."""
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browse(pilot)
        await pilot.press("slash")
        await type_in(pilot, "is:bogus")
        await pilot.press("enter")
        await settle(pilot)
        line = app.screen.query_one("#browse-status", Static)
        shown = " ".join(line.render_line(y).text.strip() for y in range(line.size.height))
        assert shown.startswith("⚠ column 4: is:bogus is not a state"), shown
        assert shown.endswith("suspended, buried, leech)"), shown


async def test_unsuspend_from_the_palette_entry(mini_services: Services, db: Probe) -> None:
    apply_action(mini_services, "suspend", [card_id(mini_services, "root")])
    messages: list[Message] = []
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_in(pilot, "Unsuspend")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one("#query", Input).value == "is:suspended"
        assert listed(app) == ["root"]
        await pilot.press("u")
        await settle(pilot)
        assert [c.suspended for c in db.cards()] == [False, False, False]
        assert listed(app) == []  # searched again: nothing is suspended now
        said = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert "1 card unsuspended" in said


async def test_suspend_bury_and_forget_act_on_the_marked_cards(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_browse(pilot)
        await pilot.press("space")  # mark times, the cursor moves to power
        await pilot.press("space")  # mark power
        await pilot.press("s")
        await settle(pilot)
        assert [c.suspended for c in db.cards()] == [True, True, False]
        await pilot.press("b")  # nothing marked now: the card under the cursor
        await settle(pilot)
        assert sum(c.buried_until is not None for c in db.cards()) == 1
        await pilot.press("f")
        await settle(pilot)
        assert "Reset 1 card to new?" in shown_text(app.screen.query_one(Static))
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("B")  # unbury the card under the cursor
        await settle(pilot)
        assert all(c.buried_until is None for c in db.cards())


async def test_forget_resets_a_reviewed_card_to_new_and_keeps_its_review(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services)  # a drill on "times"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in(pilot, "42")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape", "enter")  # end the session, then home
        await open_browse(pilot)
        assert db.cards()[0].reps == 1
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        times = db.cards()[0]
        assert times.reps == 0 and times.due is None and times.phase == 0
        assert len(db.reviews()) == 1  # the history is kept


async def test_history_shows_each_review_with_its_attempts_and_verdict(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services)  # opens a drill on "times"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for text in ("41", "42"):
            await pilot.press("ctrl+u")
            await type_in(pilot, text)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("escape")  # end the session
        await settle(pilot)
        await pilot.press("enter")  # session end -> home
        await open_browse(pilot)
        await pilot.press("enter")  # the history of the card under the cursor: times
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemHistoryScreen)
        head = shown_text(screen.query_one("#history-card", Static))
        assert "Mini arithmetic · times" in head and "What is 6 × 7?" in head
        assert "1 review, 0 lapses" in head
        table = screen.query_one("#history-reviews")
        [row] = [table.get_row_at(i) for i in range(table.row_count)]  # type: ignore[attr-defined]
        cells = [str(getattr(c, "plain", c)) for c in row]
        assert cells[1] == "Again" and cells[3] == "41 | 42"
        assert cells[2].startswith("✓ on attempt 2 (first: ")  # the first verdict's reason
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


async def test_history_says_who_overrode_a_verdict(mini_services: Services, db: Probe) -> None:
    """A right answer the learner counted as wrong reads "✗ counted as wrong by you
    (checker: …)", not "✗ equal · override: reject" (a ✗ beside "equal")."""
    app = TrainerApp(mini_services)  # opens a drill on "times"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in(pilot, "42")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+o")  # count it as wrong
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # session end -> home
        await open_browse(pilot)
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#history-reviews")
        [row] = [table.get_row_at(i) for i in range(table.row_count)]  # type: ignore[attr-defined]
        verdict = str(getattr(row[2], "plain", row[2]))
        assert verdict.startswith("✗ counted as wrong by you (checker: "), verdict
        assert "override" not in verdict


async def test_export_from_the_palette_writes_csv_and_never_overwrites(
    mini_services: Services, db: Probe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    messages: list[Message] = []
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_in(pilot, "Export")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        path = app.screen.query_one("#export-path", Input)
        assert path.value == str(tmp_path / "trainer-reviews-2026-03-11.csv")
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
        written = (tmp_path / "trainer-reviews-2026-03-11.csv").read_text(encoding="utf-8")
        assert written.startswith("card_id,review_time,review_rating")
        said = [m.notification.message for m in messages if isinstance(m, Notify)]
        target = tmp_path / "trainer-reviews-2026-03-11.csv"
        assert f"wrote 0 reviews to {target}" in said, said  # not "0 reviews row(s)"
        # Again to the same name: refused, the file kept as it was.
        await pilot.press("ctrl+p")
        await type_in(pilot, "Export")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        note = shown_text(app.screen.query_one("#export-note", Static))
        assert note.startswith("⚠") and "exists" in note
        assert (tmp_path / "trainer-reviews-2026-03-11.csv").read_text("utf-8") == written


LONG_NAME = """format = 1
[deck]
id = 'alg'
name = 'Algebra: expand, factor, solve'
kind = 'integer'
[[problems]]
id = 'lin-1'
prompt = 'Solve 2x = 4'
answer = '2'
"""


async def test_a_wide_table_gives_the_deck_name_the_room_it_has(
    mini_services: Services, tmp_path: Path
) -> None:
    """At 100 columns the deck name was cut at 20 ("Algebra: expand, f…") beside a
    24-wide state column holding "new": problem and state now take what they need."""
    from trainer.practice.library import import_path

    deck = tmp_path / "alg.toml"
    deck.write_text(LONG_NAME, encoding="utf-8")
    import_path(mini_services, deck)
    app = TrainerApp(mini_services, auto_drill=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        table = app.screen.query_one(CardTable)
        widths = {str(key.value): column.width for key, column in table.columns.items()}
        assert widths["deck"] >= len("Algebra: expand, factor, solve"), widths
        assert widths["state"] >= len("new") and widths["problem"] >= len("lin-1"), widths
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 100
