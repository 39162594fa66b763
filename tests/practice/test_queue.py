"""Today's queue: order, daily limits across day boundaries and DST, siblings, the index."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from trainer.clock import FrozenClock
from trainer.domain import CardPhase
from trainer.practice.engine import PracticeSession
from trainer.practice.services import Services
from trainer.store.drill_store import DrillStore
from trainer.wiring import build_services


def review_spec(key: str, due: datetime, stability: float = 10.0, days_ago: int = 10) -> dict:
    return {
        "key": key,
        "phase": CardPhase.REVIEW,
        "stability": stability,
        "difficulty": 5.0,
        "due": due,
        "last_review": due - timedelta(days=days_ago),
        "reps": 2,
    }


def drain(session: PracticeSession, answer: str = "2") -> list[str]:
    """Answer everything available now, correctly; the problem keys in the order first shown
    (a new card comes back for its learning steps)."""
    keys = []
    while (shown := session.next_problem()) is not None:
        keys.append(shown.problem_key)
        session.submit(answer)
    return list(dict.fromkeys(keys))


def test_learning_due_first_then_reviews_by_due_with_new_mixed_in(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    now = clock()
    make_deck(
        "d",
        [
            review_spec("r2", now - timedelta(hours=2)),
            review_spec("r1", now - timedelta(days=1)),
            review_spec("r3", now - timedelta(minutes=5)),
            {"key": "n1"},
            {"key": "n2"},
            {
                "key": "l1",
                "phase": CardPhase.LEARNING,
                "step": 1,
                "stability": 2.0,
                "difficulty": 5.0,
                "due": now - timedelta(minutes=1),
                "last_review": now - timedelta(minutes=11),
                "reps": 1,
            },
        ],
        preset={"timezone": "UTC", "new_per_day": 2},
    )
    session = PracticeSession(services)
    counts = session.counts()
    assert (counts.new, counts.learning, counts.due) == (2, 1, 3)
    order = drain(session)
    assert order[0] == "l1"
    rest = order[1:]
    assert [k for k in rest if k.startswith("r")] == ["r1", "r2", "r3"]
    assert [k for k in rest if k.startswith("n")] == ["n1", "n2"]
    assert rest[-1] != "n2" or rest[0] != "n1"  # spread among the reviews, not bunched


def test_new_limit_counts_earlier_sessions_and_resets_at_day_start(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck(
        "d", [{"key": f"n{i}"} for i in range(5)], preset={"timezone": "UTC", "new_per_day": 2}
    )
    clock.now = datetime(2026, 3, 11, 22, 0, tzinfo=UTC)
    first = PracticeSession(services)
    shown = first.next_problem()
    first.submit("2")
    second = PracticeSession(services)  # same day: one new left
    assert second.counts().new == 1
    assert second.next_problem().problem_key != shown.problem_key
    second.submit("2")
    assert PracticeSession(services).counts().new == 0
    clock.now = datetime(2026, 3, 12, 3, 59, tzinfo=UTC)  # before 04:00: still the same day
    assert PracticeSession(services).counts().new == 0
    clock.now = datetime(2026, 3, 12, 4, 0, tzinfo=UTC)
    assert PracticeSession(services).counts().new == 2


def test_session_rebuilds_its_queue_when_a_new_day_begins(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck(
        "d", [{"key": f"n{i}"} for i in range(4)], preset={"timezone": "UTC", "new_per_day": 1}
    )
    clock.now = datetime(2026, 3, 11, 23, 0, tzinfo=UTC)
    session = PracticeSession(services)
    assert drain(session) == ["n0"]
    clock.now = datetime(2026, 3, 12, 4, 30, tzinfo=UTC)
    shown = session.next_problem()
    assert shown is not None and shown.problem_key == "n1"


def test_review_limit_with_backlog_keeps_lowest_retrievability(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    now = clock()
    make_deck(
        "d",
        [
            review_spec("strong", now - timedelta(days=3), stability=100.0, days_ago=40),
            review_spec("weak", now - timedelta(hours=3), stability=2.0, days_ago=30),
            review_spec("medium", now - timedelta(days=1), stability=20.0, days_ago=30),
        ],
        preset={"timezone": "UTC", "reviews_per_day": 2},
    )
    assert drain(PracticeSession(services)) == ["weak", "medium"]
    assert PracticeSession(services).counts().due == 0  # the limit holds for the day


def test_day_boundary_follows_local_time_across_dst(
    tmp_path, make_deck, services: Services
) -> None:
    # Berlin moves from CET (UTC+1) to CEST (UTC+2) on 2026-03-29 at 02:00 local.
    preset = {"timezone": "Europe/Berlin", "new_per_day": 1}
    clock = FrozenClock(datetime(2026, 3, 28, 10, 0, tzinfo=UTC))
    services.clock = clock
    make_deck("d", [{"key": f"n{i}"} for i in range(3)], preset=preset)
    session = PracticeSession(services)
    session.next_problem()
    session.submit("2")  # Good on a new card: a 10-minute learning step
    clock.advance(minutes=10)
    shown = session.next_problem()
    assert shown is not None and shown.phase is CardPhase.LEARNING
    outcome = session.submit("2")  # graduates: due at the start of a later local day
    due = outcome.next_due
    assert due is not None
    local = due.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    assert (local.hour, local.minute) == (4, 0)
    # The day of the DST change starts at 04:00 CEST = 02:00 UTC, not 03:00 UTC.
    clock.now = datetime(2026, 3, 29, 1, 59, tzinfo=UTC)
    assert PracticeSession(services).counts().new == 0
    clock.now = datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert PracticeSession(services).counts().new == 1


def test_siblings_wait_for_tomorrow(services: Services, clock: FrozenClock, make_deck) -> None:
    ids = make_deck(
        "d",
        [
            {"key": "c1", "note_key": "note"},
            {"key": "c2", "note_key": "note"},
            {"key": "other"},
        ],
        preset={"timezone": "UTC"},
    )
    session = PracticeSession(services)
    assert session.counts().new == 2
    assert drain(session) == ["c1", "other"]
    # c2 is buried until tomorrow, so a new session today does not show it either.
    assert PracticeSession(services).counts().new == 0
    clock.advance(days=1)
    tomorrow = PracticeSession(services)
    first = tomorrow.next_problem()
    assert first is not None and first.card_id == ids["c2"]


def test_undo_unburies_the_siblings(services: Services, clock: FrozenClock, make_deck) -> None:
    make_deck(
        "d",
        [{"key": "c1", "note_key": "n"}, {"key": "c2", "note_key": "n"}],
        preset={"timezone": "UTC"},
    )
    session = PracticeSession(services)
    session.next_problem()
    session.submit("2")
    assert PracticeSession(services).counts().new == 0
    session.undo()
    assert PracticeSession(services).counts().new == 1


def test_learning_step_comes_back_in_session_and_learn_ahead(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck("d", [{"key": "n"}], preset={"timezone": "UTC"})
    session = PracticeSession(services)
    session.next_problem()
    session.submit("2")  # Good -> 10-minute step
    # nothing else left: learn ahead (20 minutes) shows it early
    again = session.next_problem()
    assert again is not None and again.phase is CardPhase.LEARNING
    session.submit("2")  # graduates to Review: gone for today
    assert session.next_problem() is None


def test_learning_not_within_learn_ahead_ends_the_session(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck("d", [{"key": "n"}], preset={"timezone": "UTC", "learning_steps": [3600]})
    session = PracticeSession(services)
    session.next_problem()
    session.submit("0")  # Again: back in an hour
    assert session.next_problem() is None
    assert session.counts().learning == 1
    clock.advance(minutes=45)
    assert session.next_problem() is not None


def test_skip_puts_the_problem_at_the_back(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck("d", [{"key": "a"}, {"key": "b"}], preset={"timezone": "UTC"})
    session = PracticeSession(services)
    assert session.next_problem().problem_key == "a"
    session.skip()
    assert session.next_problem().problem_key == "b"
    session.skip()
    assert session.next_problem().problem_key == "a"


def test_skipping_new_problems_does_not_keep_a_due_review_waiting(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    """A skipped new card gave its turn back, so a learner skipping new problems never
    reached the review due today (300 skips over 250 new cards, not one review)."""
    now = clock()
    cards = [review_spec("due", now - timedelta(hours=1))]
    cards += [{"key": f"n{i:02d}"} for i in range(20)]
    make_deck("d", cards, preset={"timezone": "UTC", "new_per_day": 20})
    session = PracticeSession(services)
    shown = []
    for _ in range(25):
        presented = session.next_problem()
        assert presented is not None
        shown.append(presented.problem_key)
        session.skip()
    assert "due" in shown[:22], shown


def test_due_now_is_a_range_scan_on_the_deck_due_index(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck("d", [review_spec(f"r{i}", clock() - timedelta(hours=i)) for i in range(3)])
    path = services.collection.engine.url.database
    conn = sqlite3.connect(path, isolation_level=None)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    store = DrillStore(conn, "sqlite")
    now_ms = 1_800_000_000_000
    assert len(store.due_cards(1, now_ms, now_ms)) == 3
    store.new_cards(1, now_ms, 10)
    due_sql, new_sql = statements[-2], statements[-1]
    due_plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + due_sql))
    new_plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + new_sql))
    assert "ix_cards_deck_due (deck_id=? AND due<?)" in due_plan and "SCAN c" not in due_plan
    assert "ix_cards_deck_phase_position" in new_plan and "SCAN c" not in new_plan
    assert "TEMP B-TREE" not in due_plan + new_plan  # the index gives the order
    conn.close()


def test_session_over_a_fresh_collection_is_empty(tmp_path, clock: FrozenClock) -> None:
    services = build_services(home=tmp_path / "h", clock=clock, import_bundled=False)
    try:
        session = PracticeSession(services)
        assert session.next_problem() is None
        summary = session.summary()
        assert summary.done == 0 and summary.accuracy is None
    finally:
        services.close()


def test_quick_open_only_for_an_up_to_date_sqlite_file(
    tmp_path, services: Services, clock: FrozenClock, make_deck
) -> None:
    from pathlib import Path

    from trainer.store.drill_store import head_revision
    from trainer.store.migrate import HEAD_REVISION

    assert head_revision() == HEAD_REVISION
    assert DrillStore.open_sqlite(tmp_path / "missing.sqlite3") is None
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES ('0000_older')")
    conn.commit()
    conn.close()
    assert DrillStore.open_sqlite(old) is None
    make_deck("d", [{"key": "n"}], preset={"timezone": "UTC"})
    store = DrillStore.open_sqlite(Path(services.collection.engine.url.database))
    assert store is not None
    session = PracticeSession(services, store=store)
    assert session.next_problem().problem_key == "n"
    assert session.submit("2").review_id is not None
    session.close()


def test_drill_opens_a_missing_collection_the_full_way(tmp_path) -> None:
    """No collection yet: the drill creates it (with the bundled decks) and runs."""
    import os
    import subprocess
    import sys

    home = tmp_path / "new-home"
    env = {**os.environ, "TRAINER_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "drill", "--plain"],
        input=":quit\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (home / "collection.sqlite3").is_file()
    assert "Session over: 0 reviewed" in result.stdout


def test_every_deck_with_its_own_limits(services: Services, clock: FrozenClock, make_deck) -> None:
    make_deck(
        "a", [{"key": f"a{i}"} for i in range(5)], preset={"timezone": "UTC", "new_per_day": 1}
    )
    make_deck(
        "b", [{"key": f"b{i}"} for i in range(5)], preset={"timezone": "UTC", "new_per_day": 3}
    )
    session = PracticeSession(services)  # every deck
    assert session.counts().new == 4
    shown = drain(session)
    assert sorted(shown) == ["a0", "b0", "b1", "b2"]
    only_b = PracticeSession(services, ["b"])
    assert only_b.counts().new == 0


def test_a_skipped_learning_step_waits_behind_the_rest(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    now = clock()
    make_deck(
        "d",
        [
            {
                "key": "step",
                "phase": CardPhase.LEARNING,
                "step": 1,
                "stability": 2.0,
                "difficulty": 5.0,
                "due": now - timedelta(minutes=2),
                "last_review": now - timedelta(minutes=12),
                "reps": 1,
            },
            review_spec("rev", now - timedelta(hours=1)),
        ],
        preset={"timezone": "UTC"},
    )
    session = PracticeSession(services)
    assert session.next_problem().problem_key == "step"
    session.skip()
    assert session.next_problem().problem_key == "rev"
    session.submit("2")
    assert session.next_problem().problem_key == "step"  # learn-ahead: nothing else left
