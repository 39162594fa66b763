"""The browse service: searches over a real collection (imported deck files, card states set
through the store), the actions, and a problem's history after real drill reviews."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from trainer.clock import FrozenClock
from trainer.domain import CardPhase
from trainer.practice.browse import QueryError, apply_action, problem_history, search
from trainer.practice.engine import PracticeSession
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.store.models import CardRow, ProblemRow, ReviewRow

ALGEBRA = """format = 1
[deck]
id = 'alg'
name = 'Algebra basics'
kind = 'integer'
[[problems]]
id = 'lin-1'
prompt = 'Solve 2x = 4'
answer = '2'
tags = ['equations', 'linear']
[[problems]]
id = 'lin-2'
prompt = 'Solve 3x = 9'
answer = '3'
tags = ['equations', 'linear']
[[problems]]
id = 'quad-1'
prompt = 'Positive root of x^2 = 16'
answer = '4'
tags = ['equations', 'quadratic']
[[problems]]
id = 'ineq-1'
prompt = 'Smallest integer x with x > 7'
answer = '8'
tags = ['inequalities']
"""
ARITH = """format = 1
[deck]
id = 'arith'
name = 'Mental arithmetic'
kind = 'integer'
[[problems]]
id = 'add-1'
prompt = '100% of 5'
answer = '5'
tags = ['percent_x']
[[problems]]
id = 'add-2'
prompt = '7 * 6'
answer = '42'
"""
DAY = timedelta(days=1)


@pytest.fixture
def collection(backend_services: Services, tmp_path: Path) -> Services:
    """Two imported decks, on SQLite and on PostgreSQL in turn."""
    for name, text in (("alg.toml", ALGEBRA), ("arith.toml", ARITH)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        import_path(backend_services, path)
    return backend_services


def card_id(services: Services, key: str) -> int:
    with services.collection.session_scope(write=False) as session:
        return session.scalars(
            select(CardRow.id).join(ProblemRow).where(ProblemRow.key == key)
        ).one()


def set_card(services: Services, key: str, **values: object) -> None:
    cid = card_id(services, key)
    with services.collection.session_scope() as session:
        session.execute(update(CardRow).where(CardRow.id == cid).values(**values))


def keys(services: Services, text: str) -> list[str]:
    return [c.problem_key for c in search(services, text).cards]


def test_fields_states_and_boolean_structure(collection: Services, clock: FrozenClock) -> None:
    now = clock()
    set_card(
        collection,
        "lin-1",
        phase=int(CardPhase.REVIEW),
        due=now + 2 * DAY,
        last_review=now - 8 * DAY,
        reps=3,
        lapses=2,
        stability=9.0,
        difficulty=6.0,
    )
    set_card(
        collection,
        "lin-2",
        phase=int(CardPhase.LEARNING),
        due=now + timedelta(minutes=5),
        last_review=now,
        reps=1,
    )
    set_card(
        collection,
        "quad-1",
        phase=int(CardPhase.REVIEW),
        due=now - DAY,
        last_review=now - 5 * DAY,
        reps=4,
        leech=True,
        lapses=8,
    )
    set_card(collection, "add-1", suspended=True)
    set_card(collection, "add-2", buried_until=now + DAY)

    assert keys(collection, "") == ["lin-1", "lin-2", "quad-1", "ineq-1", "add-1", "add-2"]
    assert keys(collection, "solve") == ["lin-1", "lin-2"]  # prompt, any case
    assert keys(collection, "42") == ["add-2"]  # the answer
    assert keys(collection, "quad") == ["quad-1"]  # the key
    assert keys(collection, "100%") == ["add-1"]  # % is literal
    assert keys(collection, "x*16") == ["quad-1"]  # * is any run
    assert keys(collection, "deck:arith") == ["add-1", "add-2"]
    assert keys(collection, "deck:mental") == ["add-1", "add-2"]  # a name prefix
    assert keys(collection, 'deck:"Algebra BASICS"') == ["lin-1", "lin-2", "quad-1", "ineq-1"]
    assert keys(collection, "deck:a*") == keys(collection, "")  # a glob takes every fit
    assert keys(collection, "tag:linear") == ["lin-1", "lin-2"]
    assert keys(collection, "tag:LINEAR") == ["lin-1", "lin-2"]
    assert keys(collection, "tag:line") == []  # a tag is whole, not a substring
    assert keys(collection, "tag:equa*") == ["lin-1", "lin-2", "quad-1"]
    assert keys(collection, "tag:percent_x") == ["add-1"]
    assert keys(collection, "tag:percentxx") == []  # _ is literal, not one character
    assert keys(collection, "key:lin-*") == ["lin-1", "lin-2"]
    assert keys(collection, "is:new") == ["ineq-1", "add-1", "add-2"]
    assert keys(collection, "is:learning") == ["lin-2"]
    assert keys(collection, "is:review") == ["lin-1", "quad-1"]
    assert keys(collection, "is:due") == ["lin-2", "quad-1"]  # due before today's end
    assert keys(collection, "is:suspended") == ["add-1"]
    assert keys(collection, "is:buried") == ["add-2"]
    assert keys(collection, "is:leech") == ["quad-1"]
    assert keys(collection, "prop:lapses>=2") == ["lin-1", "quad-1"]
    assert keys(collection, "prop:due<0") == ["quad-1"]  # overdue
    assert keys(collection, "prop:due=2") == ["lin-1"]
    assert keys(collection, "prop:due<3") == ["lin-1", "lin-2", "quad-1"]
    assert keys(collection, "prop:due>=1") == ["lin-1"]
    assert keys(collection, "prop:due<99999999999") == ["lin-1", "lin-2", "quad-1"]
    assert keys(collection, "prop:due>-99999999999") == ["lin-1", "lin-2", "quad-1"]
    assert keys(collection, "prop:due>99999999999") == []
    assert keys(collection, "prop:ivl>=10") == ["lin-1"]  # due - last review = 10 days
    assert keys(collection, "prop:ivl<5") == ["quad-1"]  # a learning card has no interval
    assert keys(collection, "prop:stability>5") == ["lin-1"]
    assert keys(collection, "-prop:stability>5") == ["lin-2", "quad-1", "ineq-1", "add-1", "add-2"]
    assert keys(collection, "tag:equations -tag:linear") == ["quad-1"]
    assert keys(collection, "tag:inequalities or deck:arith") == ["ineq-1", "add-1", "add-2"]
    assert keys(collection, "deck:alg (is:new or is:leech)") == ["quad-1", "ineq-1"]
    assert keys(collection, "-(is:new or is:review)") == ["lin-2"]


def test_a_removed_problem_is_never_listed(collection: Services, clock: FrozenClock) -> None:
    with collection.collection.session_scope() as session:
        session.execute(
            update(ProblemRow).where(ProblemRow.key == "lin-1").values(removed_at=clock())
        )
    assert "lin-1" not in keys(collection, "")


def test_deck_errors_name_the_column_and_the_candidates(collection: Services) -> None:
    with pytest.raises(QueryError) as info:
        search(collection, "is:new deck:nope")
    assert str(info.value) == "column 8: no deck 'nope' (decks: alg, arith)"
    with pytest.raises(QueryError) as info:
        search(collection, "deck:a")
    assert str(info.value) == "column 1: deck:a is ambiguous: it could be alg, arith"
    with pytest.raises(QueryError) as info:  # PostgreSQL text cannot hold NUL
        search(collection, "solve\x00")
    assert str(info.value) == "column 6: control character U+0000 cannot be searched for"


def test_limit_keeps_the_total(collection: Services) -> None:
    found = search(collection, "deck:alg", limit=2)
    assert [c.problem_key for c in found.cards] == ["lin-1", "lin-2"]
    assert found.total == 4


def test_actions_change_only_what_differs(collection: Services, clock: FrozenClock) -> None:
    ids = [c.card_id for c in search(collection, "tag:equations").cards]
    assert apply_action(collection, "suspend", ids) == 3
    assert apply_action(collection, "suspend", ids) == 0
    assert keys(collection, "is:suspended") == ["lin-1", "lin-2", "quad-1"]
    assert apply_action(collection, "unsuspend", ids[:1]) == 1
    assert keys(collection, "is:suspended") == ["lin-2", "quad-1"]
    assert apply_action(collection, "bury", ids) == 3
    assert keys(collection, "is:buried") == ["lin-1", "lin-2", "quad-1"]
    assert apply_action(collection, "unbury", ids[1:]) == 2
    assert keys(collection, "is:buried") == ["lin-1"]
    clock.advance(timedelta(days=1))  # buried until the next day only
    assert keys(collection, "is:buried") == []


def test_forget_resets_to_new_and_keeps_the_history(collection: Services) -> None:
    session = PracticeSession(collection, ["alg"])
    shown = session.next_problem()
    assert shown is not None and shown.problem_key == "lin-1"
    session.submit("5")
    session.submit("2")
    session.close()
    history = problem_history(collection, shown.card_id)
    [review] = history.reviews
    assert review.attempts == ("5", "2")
    assert review.correct is True and review.rating == 1  # wrong first: Again
    assert review.phase_before is CardPhase.NEW and history.card.reps == 1
    assert apply_action(collection, "forget", [shown.card_id]) == 1
    assert apply_action(collection, "forget", [shown.card_id]) == 0
    after = problem_history(collection, shown.card_id)
    assert after.card.phase is CardPhase.NEW and after.card.due is None
    assert (after.card.reps, after.card.lapses, after.card.stability) == (0, 0, None)
    assert after.card.position == history.card.position
    assert len(after.reviews) == 1  # history kept
    with collection.collection.session_scope(write=False) as s:
        assert s.scalars(select(ReviewRow.card_id)).all() == [shown.card_id]
    assert keys(collection, "rated:1") == ["lin-1"]
    assert keys(collection, "rated:1:1") == ["lin-1"]
    assert keys(collection, "rated:1:3") == []
