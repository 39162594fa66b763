"""Deck queries: listing decks with their card counts, reading and saving deck settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from trainer.domain import AnswerKind, CardPhase, CheckOptions, Preset, Problem
from trainer.errors import NotFoundError
from trainer.store.models import CardRow, DeckRow, ProblemRow
from trainer.store.types import to_ms


@dataclass(frozen=True)
class DeckSize:
    """A deck and how many problems it holds: live ones, unseen ones (new, not suspended
    or buried) and suspended ones. Today's counts come from the queue, not from here."""

    id: int
    key: str
    name: str
    version: str
    bundled: bool
    problems: int
    unseen: int
    suspended: int


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


def deck_sizes(session: Session, *, now: datetime) -> list[DeckSize]:
    """Every deck, by name, with its live, unseen and suspended problem counts.

    Three grouped counts instead of one pass over every card and problem: the cards per
    deck and the suspended ones read covering indexes, the unseen ones only the new
    cards (``ix_cards_deck_phase_position``), and removed problems (usually none) come
    off through their partial index.
    """
    now_ms = to_ms(now)

    def per_deck(stmt: Any) -> dict[int, int]:
        return {int(deck_id): int(n) for deck_id, n in session.execute(stmt)}

    removed = select(ProblemRow.id).where(ProblemRow.removed_at.is_not(None)).scalar_subquery()
    live = CardRow.problem_id.not_in(removed)
    cards = per_deck(select(CardRow.deck_id, func.count()).where(live).group_by(CardRow.deck_id))
    unseen = per_deck(
        select(CardRow.deck_id, func.count())
        .where(
            CardRow.phase == int(CardPhase.NEW),
            CardRow.suspended.is_(False),
            or_(CardRow.buried_until.is_(None), CardRow.buried_until <= now_ms),
            live,
        )
        .group_by(CardRow.deck_id)
    )
    suspended = per_deck(
        select(CardRow.deck_id, func.count())
        .where(CardRow.suspended.is_(True), live)
        .group_by(CardRow.deck_id)
    )
    decks = session.execute(
        select(DeckRow.id, DeckRow.key, DeckRow.name, DeckRow.version, DeckRow.bundled).order_by(
            DeckRow.name
        )
    )
    return [
        DeckSize(
            id=deck_id,
            key=key,
            name=name,
            version=version,
            bundled=bool(bundled),
            problems=cards.get(deck_id, 0),
            unseen=unseen.get(deck_id, 0),
            suspended=suspended.get(deck_id, 0),
        )
        for deck_id, key, name, version, bundled in decks
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
