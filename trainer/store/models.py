"""The collection schema: SQLAlchemy 2.0 typed models.

ORM classes end in ``Row`` so they never pass for domain objects; the repositories turn
rows into ``trainer.domain`` types. Every time column is ``UTCDateTime`` (epoch ms).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from trainer.store.types import UTCDateTime

_EDGE_WHERE = (
    "phase_before = 2 AND due_before - last_review_before > 1641600000"
    " AND due_before - last_review_before < 1900800000"
)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class DeckRow(Base):
    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[str] = mapped_column(String(50), default="1")
    author: Mapped[str] = mapped_column(String(500), default="")
    licence: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str | None] = mapped_column(String(20))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    preset: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str] = mapped_column(String(1000), default="")
    bundled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class ProblemRow(Base):
    __tablename__ = "problems"
    __table_args__ = (
        UniqueConstraint("deck_id", "key", name="uq_problems_deck_key"),
        # the stats screen: removed problems (usually none) and tagged ones (0004)
        Index(
            "ix_problems_removed",
            "id",
            sqlite_where=text("removed_at IS NOT NULL"),
            postgresql_where=text("removed_at IS NOT NULL"),
        ),
        Index(
            "ix_problems_tagged",
            "id",
            "tags",
            "removed_at",
            sqlite_where=text("tags <> ''"),
            postgresql_where=text("tags <> ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(500))
    note_key: Mapped[str | None] = mapped_column(String(500))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tags: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    # The reader's stamp of the source row (see migration 0002); NULL when it has none.
    source_rev: Mapped[str | None] = mapped_column(String(64))
    removed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CardRow(Base):
    __tablename__ = "cards"
    __table_args__ = (
        # "What is due now" is a range scan on (deck, due); new cards have no due.
        Index("ix_cards_deck_due", "deck_id", "due"),
        # covering the stats forecast and interval histogram (0005)
        Index("ix_cards_due", "due", "phase", "suspended", "last_review", "deck_id", "problem_id"),
        Index("ix_cards_deck_phase_position", "deck_id", "phase", "position"),
        # the most-lapsed cards and the leeches, read from the top (0004)
        Index("ix_cards_lapses", "lapses", "reps", "leech", "deck_id", "problem_id"),
        # the stats deck flags and difficulty histogram (0005)
        Index(
            "ix_cards_deck_difficulty", "deck_id", "difficulty", "suspended", "leech", "problem_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("problems.id", ondelete="CASCADE"), unique=True
    )
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    phase: Mapped[int] = mapped_column(Integer, default=0)
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime | None]
    last_review: Mapped[datetime | None]
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[datetime | None]
    leech: Mapped[bool] = mapped_column(Boolean, default=False)


class ReviewRow(Base):
    """One graded (or imported) review, with the card state before and after it.

    The before-state makes undo exact; the after-state lets history be audited and
    replayed. ``phase_before`` is the review log's ``review_state``.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        # the rating too: fitting FSRS reads every review from the index alone (0006)
        Index("ix_reviews_card_time", "card_id", "reviewed_at", "rating"),
        # covering: the last 30 days of the stats report read the index alone (0003)
        Index(
            "ix_reviews_time",
            "reviewed_at",
            "card_id",
            "rating",
            "phase_before",
            "due_before",
            "last_review_before",
            "stability_before",
            "response_ms",
            "override",
        ),
        # reviews whose maturity depends on the day clock (interval 19-22 days; 0003)
        Index(
            "ix_reviews_interval_edge",
            "reviewed_at",
            "card_id",
            "rating",
            "phase_before",
            "due_before",
            "last_review_before",
            sqlite_where=text(_EDGE_WHERE),
            postgresql_where=text(_EDGE_WHERE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    reviewed_at: Mapped[datetime]
    rating: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    response_ms: Mapped[int | None] = mapped_column(Integer)
    attempt_text: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    override: Mapped[str | None] = mapped_column(String(16))
    hint_used: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(32), default="graded")

    phase_before: Mapped[int] = mapped_column(Integer)
    step_before: Mapped[int | None]
    stability_before: Mapped[float | None] = mapped_column(Float)
    difficulty_before: Mapped[float | None] = mapped_column(Float)
    due_before: Mapped[datetime | None]
    last_review_before: Mapped[datetime | None]
    reps_before: Mapped[int] = mapped_column(Integer, default=0)
    lapses_before: Mapped[int] = mapped_column(Integer, default=0)

    phase_after: Mapped[int] = mapped_column(Integer)
    step_after: Mapped[int | None]
    stability_after: Mapped[float | None] = mapped_column(Float)
    difficulty_after: Mapped[float | None] = mapped_column(Float)
    due_after: Mapped[datetime | None]


class ReviewDayTotalRow(Base):
    """True-retention counts per deck and UTC day of review, kept by triggers (0003).

    Eligible reviews, their passes, and those mature under any day clock (interval >= 22
    days) with their passes; see ``trainer.store.aggregates.day_totals``.
    """

    __tablename__ = "review_day_totals"

    deck_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: see 0003
    utc_day: Mapped[int] = mapped_column(Integer, primary_key=True)
    eligible: Mapped[int] = mapped_column(Integer)
    passes: Mapped[int] = mapped_column(Integer)
    mature: Mapped[int] = mapped_column(Integer)
    mature_passes: Mapped[int] = mapped_column(Integer)


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
