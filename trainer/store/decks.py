"""Deck queries: listing decks with their card counts, reading and saving deck settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from trainer.domain import AnswerKind, CardPhase, CheckOptions, Preset, Problem
from trainer.errors import NotFoundError
from trainer.store.models import CardRow, DeckRow, ProblemRow
from trainer.store.types import to_ms


@dataclass(frozen=True)
class DeckCounts:
    """A deck and its card counts as of one moment."""

    id: int
    key: str
    name: str
    version: str
    problems: int
    new: int
    learning: int
    due: int
    suspended: int
    bundled: bool


@dataclass(frozen=True)
class DeckInfo:
    id: int
    key: str
    name: str
    description: str
    version: str
    kind: AnswerKind | None
    options: CheckOptions
    preset: Preset
    bundled: bool
    source: str
    author: str = ""
    licence: str = ""


def deck_counts(session: Session, *, now: datetime, day_end: datetime) -> list[DeckCounts]:
    """Every deck with problem, new, learning and due counts.

    ``due`` counts review cards due before the end of the learner's day; ``learning``
    counts learning and relearning cards due by then too. Suspended and buried cards and
    removed problems are left out of new/learning/due.
    """
    end = to_ms(day_end)
    now_ms = to_ms(now)
    active = and_(
        CardRow.suspended.is_(False),
        or_(CardRow.buried_until.is_(None), CardRow.buried_until <= now_ms),
        ProblemRow.removed_at.is_(None),
    )
    due_soon = and_(active, CardRow.due < end)  # day_end is exclusive
    learning_phase = CardRow.phase.in_((int(CardPhase.LEARNING), int(CardPhase.RELEARNING)))

    def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = (
        select(
            DeckRow.id,
            DeckRow.key,
            DeckRow.name,
            DeckRow.version,
            DeckRow.bundled,
            count_if(ProblemRow.removed_at.is_(None)),
            count_if(and_(active, CardRow.phase == int(CardPhase.NEW))),
            count_if(and_(due_soon, learning_phase)),
            count_if(and_(due_soon, CardRow.phase == int(CardPhase.REVIEW))),
            count_if(CardRow.suspended.is_(True)),
        )
        .select_from(DeckRow)
        .outerjoin(CardRow, CardRow.deck_id == DeckRow.id)
        .outerjoin(ProblemRow, ProblemRow.id == CardRow.problem_id)
        .group_by(DeckRow.id, DeckRow.key, DeckRow.name, DeckRow.version, DeckRow.bundled)
        .order_by(DeckRow.name)
    )
    return [
        DeckCounts(
            id=row[0],
            key=row[1],
            name=row[2],
            version=row[3],
            bundled=bool(row[4]),
            problems=int(row[5]),
            new=int(row[6]),
            learning=int(row[7]),
            due=int(row[8]),
            suspended=int(row[9]),
        )
        for row in session.execute(stmt)
    ]


def _info(row: DeckRow) -> DeckInfo:
    return DeckInfo(
        id=row.id,
        key=row.key,
        name=row.name,
        description=row.description,
        version=row.version,
        kind=AnswerKind(row.kind) if row.kind else None,
        options=CheckOptions.from_dict(row.options or {}),
        preset=Preset.from_dict(row.preset or {}),
        bundled=row.bundled,
        source=row.source,
        author=row.author,
        licence=row.licence,
    )


def list_decks(session: Session) -> list[DeckInfo]:
    return [_info(row) for row in session.scalars(select(DeckRow).order_by(DeckRow.name))]


def find_deck(session: Session, name_or_key: str) -> DeckInfo:
    """A deck by key or name, case-insensitive, or a unique prefix (``deck_match``); a
    clear error naming the choices or the candidates."""
    from trainer.store.deck_match import pick_deck

    rows = list(session.scalars(select(DeckRow)))
    return _info(pick_deck(name_or_key, rows, lambda r: r.key, lambda r: r.name))


def live_problems(session: Session, deck_id: int) -> list[Problem]:
    """The deck's problems as stored, in card position order; removed ones left out."""
    from trainer.store.problem_rows import decode_problem

    rows = session.execute(
        select(
            ProblemRow.key,
            ProblemRow.prompt,
            ProblemRow.answer,
            ProblemRow.kind,
            ProblemRow.note_key,
            ProblemRow.tags,
            ProblemRow.body,
        )
        .join(CardRow, CardRow.problem_id == ProblemRow.id)
        .where(ProblemRow.deck_id == deck_id, ProblemRow.removed_at.is_(None))
        .order_by(CardRow.position, ProblemRow.id)
    ).all()
    return [decode_problem(*row) for row in rows]


def preset_overrides(session: Session, deck_id: int) -> dict[str, object]:
    """The deck's own preset settings, without the collection defaults filled in."""
    row = session.get(DeckRow, deck_id)
    if row is None:
        raise NotFoundError(f"no deck with id {deck_id}")
    return dict(row.preset or {})


def save_preset(session: Session, deck_id: int, preset: Preset) -> None:
    row = session.get(DeckRow, deck_id)
    if row is None:
        raise NotFoundError(f"no deck with id {deck_id}")
    row.preset = preset.to_dict()
