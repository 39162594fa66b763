"""Card search and the browse actions: a query tree (``search_tree``) as SQL.

The tree comes from ``trainer.practice.card_query``; ``deck:`` terms arrive resolved to
deck ids. Instants are epoch ms; ``Window.day_start(n)`` is the start of the scheduler day
``n`` days from today (0 today, 1 tomorrow, -6 six days ago), so ``prop:due`` and
``rated:`` follow the learner's day-start hour. Removed problems are never listed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    and_,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from trainer.domain import DAY_MS, CardPhase
from trainer.store.models import CardRow, DeckRow, ProblemRow, ReviewRow
from trainer.store.search_tree import (
    And,
    DeckIs,
    Everything,
    KeyIs,
    Not,
    Or,
    PropIs,
    Query,
    RatedIn,
    StateIs,
    TagIs,
    Text,
)

_STARTED = (int(CardPhase.LEARNING), int(CardPhase.REVIEW), int(CardPhase.RELEARNING))
_FAR_DAYS = 700_000  # prop:due beyond this many days: every due date is on one side


@dataclass(frozen=True)
class Window:
    """The moment a search is run at: now, and the scheduler days around it."""

    now_ms: int
    day_start: Callable[[int], int]  # day offset from today -> epoch ms of its start


@dataclass(frozen=True)
class CardListing:
    """One card as the browser lists it."""

    card_id: int
    problem_id: int
    deck_id: int
    deck_key: str
    deck_name: str
    problem_key: str
    prompt: str
    answer: str
    tags: tuple[str, ...]
    phase: CardPhase
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    stability: float | None
    difficulty: float | None
    position: int
    suspended: bool
    buried: bool
    leech: bool


@dataclass(frozen=True)
class ReviewEntry:
    """One stored review of a card: when, how it was graded, and what was typed."""

    review_id: int
    reviewed_at: datetime
    rating: int
    correct: bool | None
    reason: str | None
    attempts: tuple[str, ...]  # the counted attempts, in order
    response_ms: int | None
    override: str | None
    hint_used: bool
    revealed: bool
    source: str
    phase_before: CardPhase
    phase_after: CardPhase
    due_after: datetime | None
    stability_after: float | None


def _like(text: str) -> str:
    """A LIKE pattern: ``*`` is any run, everything else literal (escape ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def _ilike(column: Any, pattern: str) -> ColumnElement[bool]:
    return column.ilike(pattern, escape="\\")  # type: ignore[no-any-return]


def _due_days(op: str, value: float, window: Window) -> ColumnElement[bool]:
    """``prop:due OP value``: the card's due day, counted from today, compared."""
    started = and_(CardRow.phase.in_(_STARTED), CardRow.due.is_not(None))
    due = CardRow.due

    def start(offset: int) -> int:
        # beyond 700,000 days (1,900 years) every due date is on one side: keep the
        # date arithmetic inside the calendar
        return window.day_start(max(-_FAR_DAYS, min(_FAR_DAYS, offset)))

    if op == "<":
        cond: ColumnElement[bool] = due < start(math.ceil(value))
    elif op == "<=":
        cond = due < start(math.floor(value) + 1)
    elif op == ">":
        cond = due >= start(math.floor(value) + 1)
    elif op == ">=":
        cond = due >= start(math.ceil(value))
    else:
        whole = value == int(value)
        inside = and_(due >= start(int(value)), due < start(int(value) + 1)) if whole else false()
        cond = inside if op == "=" else not_(inside)
    return and_(started, cond)


def _compare(column: Any, op: str, value: float) -> ColumnElement[bool]:
    return {  # type: ignore[no-any-return]
        "<": column < value,
        "<=": column <= value,
        ">": column > value,
        ">=": column >= value,
        "=": column == value,
        "!=": column != value,
    }[op]


def _prop(term: PropIs, window: Window) -> ColumnElement[bool]:
    if term.prop == "due":
        return _due_days(term.op, term.value, window)
    if term.prop == "ivl":
        graduated = and_(
            CardRow.phase.in_((int(CardPhase.REVIEW), int(CardPhase.RELEARNING))),
            CardRow.due.is_not(None),
            CardRow.last_review.is_not(None),
        )
        interval = (
            type_coerce(CardRow.due, BigInteger) - type_coerce(CardRow.last_review, BigInteger)
        ) / literal(float(DAY_MS), Float)
        return and_(graduated, _compare(interval, term.op, term.value))
    column = {
        "reps": CardRow.reps,
        "lapses": CardRow.lapses,
        "stability": CardRow.stability,
        "difficulty": CardRow.difficulty,
        "pos": CardRow.position,
    }[term.prop]
    return _compare(column, term.op, term.value)


def _state(term: StateIs, window: Window) -> ColumnElement[bool]:
    now = window.now_ms
    buried = and_(CardRow.buried_until.is_not(None), CardRow.buried_until > now)
    if term.state == "new":
        return CardRow.phase == int(CardPhase.NEW)
    if term.state == "learning":
        return CardRow.phase.in_((int(CardPhase.LEARNING), int(CardPhase.RELEARNING)))
    if term.state == "review":
        return CardRow.phase.in_((int(CardPhase.REVIEW), int(CardPhase.RELEARNING)))
    if term.state == "suspended":
        return CardRow.suspended.is_(True)
    if term.state == "buried":
        return buried
    if term.state == "leech":
        return CardRow.leech.is_(True)
    # due: what the drill would count as due today (before the limits)
    return and_(
        CardRow.phase.in_(_STARTED),
        CardRow.due < window.day_start(1),
        CardRow.suspended.is_(False),
        not_(buried),
    )


def condition(query: Query, window: Window) -> ColumnElement[bool]:
    """The WHERE condition of a query tree over ``cards``/``problems``."""
    match query:
        case Everything():
            return true()
        case Text(value=value):
            pattern = f"%{_like(value)}%"
            return or_(
                _ilike(ProblemRow.prompt, pattern),
                _ilike(ProblemRow.answer, pattern),
                _ilike(ProblemRow.key, pattern),
            )
        case DeckIs(deck_ids=ids, name=name):
            if ids is None:
                raise ValueError(f"deck:{name} was not resolved to decks before the search")
            return CardRow.deck_id.in_(ids) if ids else false()
        case TagIs(name=name):
            padded = " " + ProblemRow.tags + " "
            return _ilike(padded, f"% {_like(name)} %")
        case KeyIs(key=key):
            return _ilike(ProblemRow.key, _like(key))
        case StateIs():
            return _state(query, window)
        case PropIs():
            return _prop(query, window)
        case RatedIn(days=days, rating=rating):
            # the day's reviews through ix_reviews_time (time, card, rating), not one
            # probe per card
            since = window.day_start(1 - days)
            conds = [ReviewRow.reviewed_at >= since]
            if rating is not None:
                conds.append(ReviewRow.rating == rating)
            return CardRow.id.in_(select(ReviewRow.card_id).where(*conds))
        case Not(term=term):
            # a NULL (prop:stability on a new card) is "not matching", so NOT gives true
            return not_(func.coalesce(condition(term, window), false()))
        case And(terms=terms):
            return and_(*(condition(t, window) for t in terms))
        case Or(terms=terms):
            return or_(*(condition(t, window) for t in terms))
    raise TypeError(f"not a query node: {query!r}")


def _where(query: Query, window: Window) -> ColumnElement[bool]:
    return and_(ProblemRow.removed_at.is_(None), condition(query, window))


def _listing(row: Any, now_ms: int) -> CardListing:
    buried_until = row.buried_until
    return CardListing(
        card_id=row.id,
        problem_id=row.problem_id,
        deck_id=row.deck_id,
        deck_key=row.deck_key,
        deck_name=row.deck_name,
        problem_key=row.problem_key,
        prompt=row.prompt,
        answer=row.answer,
        tags=tuple(row.tags.split()) if row.tags else (),
        phase=CardPhase(row.phase),
        due=row.due,
        last_review=row.last_review,
        reps=row.reps,
        lapses=row.lapses,
        stability=row.stability,
        difficulty=row.difficulty,
        position=row.position,
        suspended=bool(row.suspended),
        buried=buried_until is not None and buried_until.timestamp() * 1000 > now_ms,
        leech=bool(row.leech),
    )


_COLUMNS = (
    CardRow.id,
    CardRow.problem_id,
    CardRow.deck_id,
    DeckRow.key.label("deck_key"),
    DeckRow.name.label("deck_name"),
    ProblemRow.key.label("problem_key"),
    ProblemRow.prompt,
    ProblemRow.answer,
    ProblemRow.tags,
    CardRow.phase,
    CardRow.due,
    CardRow.last_review,
    CardRow.reps,
    CardRow.lapses,
    CardRow.stability,
    CardRow.difficulty,
    CardRow.position,
    CardRow.suspended,
    CardRow.buried_until,
    CardRow.leech,
)


def search_cards(
    session: Session, query: Query, window: Window, *, limit: int | None = None
) -> tuple[list[CardListing], int]:
    """The cards matching ``query`` by deck name then position (at most ``limit``), and
    how many match in all."""
    where = _where(query, window)
    joined = (
        select(*_COLUMNS)
        .join(ProblemRow, ProblemRow.id == CardRow.problem_id)
        .join(DeckRow, DeckRow.id == CardRow.deck_id)
        .where(where)
        .order_by(DeckRow.name, DeckRow.id, CardRow.position, CardRow.id)
    )
    if limit is not None:
        joined = joined.limit(limit)
    rows = [_listing(row, window.now_ms) for row in session.execute(joined)]
    if limit is None or len(rows) < limit:
        return rows, len(rows)
    total = session.scalar(
        select(func.count(CardRow.id))
        .join(ProblemRow, ProblemRow.id == CardRow.problem_id)
        .where(where)
    )
    return rows, int(total or 0)


def card_listing(session: Session, card_id: int, now_ms: int) -> CardListing | None:
    row = session.execute(
        select(*_COLUMNS)
        .join(ProblemRow, ProblemRow.id == CardRow.problem_id)
        .join(DeckRow, DeckRow.id == CardRow.deck_id)
        .where(CardRow.id == card_id)
    ).first()
    return None if row is None else _listing(row, now_ms)


def card_reviews(session: Session, card_id: int) -> list[ReviewEntry]:
    """Every stored review of the card, oldest first."""
    rows = session.scalars(
        select(ReviewRow)
        .where(ReviewRow.card_id == card_id)
        .order_by(ReviewRow.reviewed_at, ReviewRow.id)
    )
    return [
        ReviewEntry(
            review_id=r.id,
            reviewed_at=r.reviewed_at,
            rating=r.rating,
            correct=r.correct,
            reason=r.reason,
            attempts=tuple(r.attempt_text.split("\n")) if r.attempt_text else (),
            response_ms=r.response_ms,
            override=r.override,
            hint_used=bool(r.hint_used),
            revealed=bool(r.revealed),
            source=r.source,
            phase_before=CardPhase(r.phase_before),
            phase_after=CardPhase(r.phase_after),
            due_after=r.due_after,
            stability_after=r.stability_after,
        )
        for r in rows
    ]
