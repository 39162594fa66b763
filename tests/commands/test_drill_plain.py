"""The plain mode's commands, driven in-process over text streams on a frozen clock."""

from __future__ import annotations

import io

from sqlalchemy import select

from trainer.clock import FrozenClock
from trainer.domain import Problem
from trainer.practice.services import Services
from trainer.presentation.plain_mode import describe_wait, run_plain
from trainer.store.models import CardRow, ProblemRow, ReviewRow

from ..deck_rows import store_deck


def add_deck(services: Services, problems: list[Problem]) -> None:
    store_deck(services, problems)


def drive(services: Services, text: str) -> str:
    out = io.StringIO()
    run_plain(services, ["d"], io.StringIO(text), out)
    return out.getvalue()


def test_hint_override_wrong_bury_suspend_and_unknown_commands(
    services: Services, clock: FrozenClock
) -> None:
    add_deck(
        services,
        [
            Problem(key="a", prompt="$2^{3}$ = ?", answer="8", hints=("2 * 2 * 2",)),
            Problem(key="b", prompt="3 + 3", answer="6"),
            Problem(key="c", prompt="4 + 4", answer="8"),
        ],
    )
    out = drive(services, ":hint\n:hint\n8\n:override wrong\n:frobnicate\n:help\n:bury\n:suspend\n")
    assert "2³ = ?" in out  # the prompt's LaTeX made readable
    assert "Hint: 2 * 2 * 2" in out and "No more hints." in out
    assert "Rated Hard" in out  # right after a hint
    assert "Overridden: counted as wrong." in out and "Rated Again" in out
    assert "Unknown command :frobnicate" in out
    assert "Buried until tomorrow." in out and "Suspended." in out
    with services.collection.session_scope(write=False) as session:
        [review] = session.scalars(select(ReviewRow)).all()
        assert (review.rating, review.override, review.hint_used) == (1, "reject", True)
        cards = {c.position: c for c in session.scalars(select(CardRow))}
        assert cards[1].buried_until is not None and cards[2].suspended is True


def test_override_before_any_review_and_empty_answer(
    services: Services, clock: FrozenClock
) -> None:
    add_deck(services, [Problem(key="a", prompt="1 + 1", answer="2")])
    out = drive(services, ":override\n\n:undo\n:quit\n")
    assert "nothing to override" in out
    assert "Not counted" in out and "Nothing to undo." in out
    assert "Session over: 0 reviewed" in out


def test_describe_wait(clock: FrozenClock) -> None:
    now = clock()
    from datetime import timedelta

    assert describe_wait(now, None) == "not scheduled"
    assert describe_wait(now, now + timedelta(seconds=59.5)) == "in 1 minute"
    assert describe_wait(now, now + timedelta(minutes=10)) == "in 10 minutes"
    assert describe_wait(now, now + timedelta(days=3, hours=2)) == "in 3 days"
    assert describe_wait(now, now + timedelta(seconds=5)) == "in under a minute"
    assert describe_wait(now, now + timedelta(seconds=0.5)) == "now"
    assert describe_wait(now, now - timedelta(minutes=3)) == "now"


def test_override_after_a_wrong_attempt_moves_on_and_stores_one_review(
    services: Services,
) -> None:
    """Found by the reliability tests: after ':override' on the problem on screen, the
    next answer used to end the session with 'this problem is finished'."""
    add_deck(
        services,
        [
            Problem(key="a", prompt="2 + 2", answer="4"),
            Problem(key="b", prompt="3 + 3", answer="6"),
        ],
    )
    out = drive(services, "5\n:override\n6\n")
    assert "Overridden: counted as right." in out
    assert out.index("Overridden") < out.index("3 + 3")  # the next problem is shown
    assert "error" not in out.lower()
    with services.collection.session_scope(write=False) as session:
        reviews = session.execute(
            select(ProblemRow.key, ReviewRow.override, ReviewRow.rating)
            .join(CardRow, CardRow.id == ReviewRow.card_id)
            .join(ProblemRow, ProblemRow.id == CardRow.problem_id)
            .order_by(ReviewRow.id)
        ).all()
    assert [tuple(r) for r in reviews] == [("a", "accept", 3), ("b", None, 3)]


def test_undo_takes_back_suspend_bury_and_skip_in_order_and_says_which(
    services: Services, clock: FrozenClock
) -> None:
    add_deck(
        services,
        [
            Problem(key="a", prompt="1 + 1", answer="2"),
            Problem(key="b", prompt="2 + 2", answer="4"),
            Problem(key="c", prompt="3 + 3", answer="6"),
        ],
    )
    out = drive(services, ":suspend\n:bury\n:skip\n:undo\n:undo\n:undo\n:undo\n:quit\n")
    lines = [line.removeprefix("> ") for line in out.splitlines()]
    undone = [line for line in lines if line.startswith(("Undone", "Nothing"))]
    assert undone == [
        "Undone: skip (the problem is shown again).",
        "Undone: bury (the problem is unburied and shown again).",
        "Undone: suspend (the problem is unsuspended and shown again).",
        "Nothing to undo.",
    ]
    # each undo shows its problem again: c (skipped), then b, then a
    after = {line: lines[i + 3] for i, line in enumerate(lines) if line.startswith("Undone")}
    assert list(after.values()) == ["3 + 3", "2 + 2", "1 + 1"]
    with services.collection.session_scope(write=False) as session:
        cards = list(session.scalars(select(CardRow)))
        assert all(not c.suspended and c.buried_until is None for c in cards)


def test_summary_says_time_spent_as_the_drill_clock_reads(
    services: Services, clock: FrozenClock
) -> None:
    add_deck(services, [Problem(key="a", prompt="1 + 1", answer="2")])

    class Ticking(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            clock.advance(seconds=38)  # the learner thinks, then types
            return super().readline()

    out = io.StringIO()
    run_plain(services, ["d"], Ticking("2\n"), out)
    # two reads (the answer, then end of input): 1:16 on the clock
    assert "time spent 1:16." in out.getvalue()
    assert "answering" not in out.getvalue()


def test_the_tui_and_plain_mode_say_a_wait_the_same_way(clock: FrozenClock) -> None:
    """One wording (trainer.presentation.waits): the TUI's feedback footer uses it too."""
    from datetime import timedelta

    from trainer.tui.widgets import feedback

    now = clock()
    assert feedback.describe_wait is describe_wait
    assert describe_wait(now, now + timedelta(days=45)) == "in 2 months"
    assert describe_wait(now, now + timedelta(days=400)) == "in 1 year"
    assert describe_wait(now, now + timedelta(hours=5)) == "in 5 hours"


def test_a_verdict_does_not_say_wrong_twice(services: Services) -> None:
    """ "Wrong. Off by one.", not "Wrong. Not correct: off by one."; a message that only
    starts with the word ("Correctly …") keeps it."""
    from trainer.presentation.plain_mode import verdict_line

    add_deck(services, [Problem(key="a", prompt="1 + 1", answer="2")])
    out = drive(services, "3\n2\n:quit\n")
    assert "Wrong. Off by one." in out and "Not correct" not in out, out
    assert verdict_line(True, "Correct: equivalent to the expected answer.") == (
        "Correct. Equivalent to the expected answer."
    )
    assert verdict_line(False, "Correctly rounded, but 3 digits") == (
        "Wrong. Correctly rounded, but 3 digits."
    )
