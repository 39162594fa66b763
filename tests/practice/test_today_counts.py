"""Today's counts from one source: home, the drill, stats and ``trainer decks --json`` agree
on a collection with learning and due cards across several decks and day-start hours."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from trainer.cli import CliContext
from trainer.clock import FrozenClock
from trainer.commands.decks import decks as decks_command
from trainer.domain import CardPhase
from trainer.practice.engine import PracticeSession
from trainer.practice.overview import deck_overview, today_counts, total_today
from trainer.practice.queue import QueueCounts
from trainer.practice.reports import stats_report
from trainer.practice.services import Services
from trainer.presentation.plain_mode import run_plain

# T0 (tests/conftest.py) is 2026-03-11 10:00 UTC.
TOMORROW_6 = datetime(2026, 3, 12, 6, 0, tzinfo=UTC)  # decks a and b: the day ends here


def review(due: datetime, phase: CardPhase = CardPhase.REVIEW, **extra: object) -> dict:
    return {
        "phase": phase,
        "stability": 10.0 if phase is CardPhase.REVIEW else 1.0,
        "difficulty": 5.0,
        "due": due,
        "last_review": due - timedelta(days=10 if phase is CardPhase.REVIEW else 0, hours=1),
        "step": 0 if phase is not CardPhase.REVIEW else None,
        "reps": 3,
        **extra,
    }


def answer_first(services: Services, deck: str) -> str:
    """Answer the deck's first problem right in a real drill; its key."""
    session = PracticeSession(services, [deck])
    try:
        shown = session.next_problem()
        assert shown is not None
        session.submit("2")
        return shown.problem_key
    finally:
        session.close()


def build(services: Services, clock: FrozenClock, make_deck) -> None:  # type: ignore[no-untyped-def]
    t0 = clock()
    day6 = {"timezone": "UTC", "day_start_hour": 6}
    make_deck(
        "a",
        [
            {"key": "a-l1", **review(t0 - timedelta(minutes=5), CardPhase.LEARNING)},
            {"key": "a-n1"},
            {"key": "a-n2", "note_key": "k"},
            {"key": "a-n3", "note_key": "k"},  # a sibling: waits for another day
            {"key": "a-n4"},
            {"key": "a-n5"},
            {"key": "a-l2", **review(TOMORROW_6 - timedelta(minutes=30), CardPhase.LEARNING)},
            {"key": "a-l3", **review(TOMORROW_6 + timedelta(minutes=30), CardPhase.LEARNING)},
            {"key": "a-r1", **review(t0 - timedelta(days=1))},
            {"key": "a-r2", **review(t0 - timedelta(hours=1))},
            {"key": "a-r3", **review(TOMORROW_6 - timedelta(hours=1))},
            {"key": "a-r4", **review(TOMORROW_6 + timedelta(hours=1))},
        ],
        preset={**day6, "new_per_day": 3, "reviews_per_day": 2},
        kind="integer",
    )
    make_deck(
        "b",
        [
            {"key": "b-n1"},
            {"key": "b-n2"},
            {"key": "b-n3"},
            {"key": "b-n4"},
            {"key": "b-s", "extra": {"suspended": True}},
            {"key": "b-b", "extra": {"buried_until": t0 + timedelta(days=1)}},
            {"key": "b-rl", **review(t0 - timedelta(minutes=1), CardPhase.RELEARNING)},
            {"key": "b-r1", **review(TOMORROW_6 - timedelta(minutes=1))},
            {"key": "b-r2", **review(TOMORROW_6)},  # the day's end is exclusive
        ],
        preset=day6,
    )
    make_deck(  # Tokyo, 04:00: the day ends at 19:00 UTC
        "c",
        [
            {"key": "c-r1", **review(datetime(2026, 3, 11, 18, 30, tzinfo=UTC))},
            {"key": "c-r2", **review(datetime(2026, 3, 11, 19, 30, tzinfo=UTC))},
            {"key": "c-n1"},
            {"key": "c-n2"},
        ],
        preset={"timezone": "Asia/Tokyo", "day_start_hour": 4, "new_per_day": 1},
    )
    # 05:00 UTC is still yesterday for deck b (its day starts at 06:00): not today's work
    clock.advance(timedelta(hours=-5))  # 05:00
    assert answer_first(services, "b") == "b-n1"
    clock.advance(timedelta(hours=5))  # back to 10:00
    # today, deck a: its due learning step first, then a new problem
    session = PracticeSession(services, ["a"])
    try:
        for expected in ("a-l1", "a-n1"):
            shown = session.next_problem()
            assert shown is not None and shown.problem_key == expected
            session.submit("2")
    finally:
        session.close()


EXPECTED = {
    # new: 3 a day less a-n1 done today = 2 (a-n2, a-n4: a-n3 is a-n2's sibling);
    # learning: a-l1 and a-n1 (steps later today) and a-l2 (before 06:00 tomorrow);
    # due: a-r1, a-r2, a-r3 under a limit of 2
    "a": QueueCounts(new=2, learning=3, due=2),
    # new: b-n2..b-n4 (b-n1 was done yesterday; suspended and buried left out);
    # learning: b-rl and b-n1's step; due: b-r1 only
    "b": QueueCounts(new=3, learning=2, due=1),
    "c": QueueCounts(new=1, learning=0, due=1),
}


def test_home_drill_stats_and_decks_json_agree(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    build(services, clock, make_deck)
    assert today_counts(services) == EXPECTED

    home = {d.key: d.today for d in deck_overview(services)}
    assert home == EXPECTED
    assert {d.key: (d.new, d.learning, d.due) for d in deck_overview(services)} == {
        key: (c.new, c.learning, c.due) for key, c in EXPECTED.items()
    }

    drill = {}
    for key in EXPECTED:
        session = PracticeSession(services, [key])
        try:
            drill[key] = session.counts()
        finally:
            session.close()
    assert drill == EXPECTED
    session = PracticeSession(services)
    try:
        assert session.counts() == total_today(EXPECTED) == QueueCounts(6, 5, 4)
    finally:
        session.close()

    out = io.StringIO()
    run_plain(services, None, io.StringIO(":quit\n"), out)
    assert out.getvalue().startswith("Today: 6 new, 5 learning, 4 due.\n")

    stats = {
        d.key: QueueCounts(d.today_new, d.today_learning, d.due_today)
        for d in stats_report(services).decks
    }
    assert stats == EXPECTED
    [only_b] = stats_report(services, "B").decks
    assert (only_b.today_new, only_b.today_learning, only_b.due_today) == (3, 2, 1)

    result = CliRunner().invoke(decks_command, ["--json"], obj=CliContext(_services=services))
    assert result.exit_code == 0, result.output
    listed = {d["key"]: d for d in json.loads(result.output)["decks"]}
    assert {k: QueueCounts(**d["today"]) for k, d in listed.items()} == EXPECTED
    assert (listed["a"]["total"], listed["a"]["new"]) == (12, 4)  # a-n1 is learning now
    assert (listed["b"]["total"], listed["b"]["new"]) == (9, 3)  # unseen: not suspended/buried


def test_sizes_leave_out_removed_problems(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    from sqlalchemy import update

    from trainer.store.models import ProblemRow

    make_deck(
        "d",
        [
            {"key": "n1"},
            {"key": "n2"},
            {"key": "gone"},
            {"key": "s", "extra": {"suspended": True}},
            {"key": "r", **review(clock() + timedelta(days=3))},
        ],
        preset={"timezone": "UTC"},
    )
    with services.collection.session_scope() as session:
        session.execute(
            update(ProblemRow).where(ProblemRow.key == "gone").values(removed_at=clock())
        )
    [deck] = deck_overview(services)
    assert (deck.total, deck.unseen, deck.suspended) == (4, 2, 1)
    assert deck.today == QueueCounts(new=2, learning=0, due=0)
