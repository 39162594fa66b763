"""The drill queue's SQL: due and new card fetches, committing a review, undo, bury, suspend.

Statements over the session's one DBAPI connection (``drill_connection``), written once;
each write is one transaction. The store takes and returns domain objects
(``CardState``, ``Review``, ``Problem``) and maps them to columns itself
(``drill_records``).

Times are epoch milliseconds UTC, as ``trainer.store.types`` stores them. "What is due
now" is a range scan on ``ix_cards_deck_due``; new cards come from
``ix_cards_deck_phase_position`` in position order; neither ever scans the table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from trainer.domain import CardState, Override, Problem, Rating, Review
from trainer.errors import TrainerError
from trainer.store.drill_connection import DrillConnection, head_revision
from trainer.store.drill_records import (
    AFTER_COLUMNS,
    CARD_COLUMNS,
    REVIEW_COLUMNS,
    STATE_COLUMNS,
    CardRecord,
    DeckRecord,
    ProblemRecord,
    after_values,
    review_values,
    state_values,
)


class StaleCardError(TrainerError):
    """The card changed (another session reviewed it) since it was read: nothing was
    written; read it again and recompute."""


__all__ = [
    "CARD_COLUMNS",
    "REVIEW_COLUMNS",
    "STATE_COLUMNS",
    "CardRecord",
    "DeckRecord",
    "ProblemRecord",
    "DrillStore",
    "StaleCardError",
    "head_revision",
]

# This module must not import SQLAlchemy: the drill opens a SQLite collection with the
# standard library alone, so the first problem is on screen before SQLAlchemy would
# have finished importing (see ``DrillStore.open_sqlite``).
_SELECT_CARD = ", ".join(f"c.{name}" for name in CARD_COLUMNS)
_ACTIVE = (
    "c.suspended = ? AND (c.buried_until IS NULL OR c.buried_until <= ?) AND p.removed_at IS NULL"
)
_INSERT_REVIEW = (
    f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(REVIEW_COLUMNS))})"
)
_SET_STATE = (
    f"UPDATE cards SET {', '.join(f'{name} = ?' for name in STATE_COLUMNS)} "
    "WHERE id = ? AND reps = ?"
)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, dict):
        return value
    return json.loads(value)


class DrillStore(DrillConnection):
    """The queue's statements: due and new cards, problems, and the review writes."""

    # ------------------------------------------------------------------ reads
    def decks(self, keys: Sequence[str] | None = None) -> list[DeckRecord]:
        rows = self._rows("SELECT id, key, name, kind, options, preset FROM decks ORDER BY name")
        records = [
            DeckRecord(r[0], r[1], r[2], r[3], _json(r[4]) or {}, _json(r[5]) or {}) for r in rows
        ]
        if keys is None:
            return records
        return [d for d in records if d.key in set(keys)]

    def setting(self, key: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return _json(rows[0][0]) if rows else None

    def due_cards(self, deck_id: int, before_ms: int, now_ms: int) -> list[CardRecord]:
        """Started cards (learning, review, relearning) due before ``before_ms``, by due.

        A range scan on ``ix_cards_deck_due``; suspended, buried and removed ones are left out.
        """
        rows = self._rows(
            f"SELECT {_SELECT_CARD}, p.note_key FROM cards c "
            "JOIN problems p ON p.id = c.problem_id "
            f"WHERE c.deck_id = ? AND c.due < ? AND c.phase != 0 AND {_ACTIVE} "
            "ORDER BY c.due",
            (deck_id, before_ms, False, now_ms),
        )
        return [CardRecord(*row) for row in rows]

    def new_cards(self, deck_id: int, now_ms: int, limit: int) -> list[CardRecord]:
        """Up to ``limit`` new cards in position order (``ix_cards_deck_phase_position``)."""
        if limit <= 0:
            return []
        rows = self._rows(
            f"SELECT {_SELECT_CARD}, p.note_key FROM cards c "
            "JOIN problems p ON p.id = c.problem_id "
            f"WHERE c.deck_id = ? AND c.phase = 0 AND {_ACTIVE} "
            "ORDER BY c.position LIMIT ?",
            (deck_id, False, now_ms, limit),
        )
        return [CardRecord(*row) for row in rows]

    def new_cards_with_tags(
        self, deck_id: int, now_ms: int, limit: int
    ) -> list[tuple[CardRecord, str]]:
        """Up to ``limit`` new cards in position order, each with its problem's tags (space
        separated, "" for none). The same index range as ``new_cards``."""
        if limit <= 0:
            return []
        rows = self._rows(
            f"SELECT {_SELECT_CARD}, p.note_key, p.tags FROM cards c "
            "JOIN problems p ON p.id = c.problem_id "
            f"WHERE c.deck_id = ? AND c.phase = 0 AND {_ACTIVE} "
            "ORDER BY c.position LIMIT ?",
            (deck_id, False, now_ms, limit),
        )
        return [(CardRecord(*row[:-1]), row[-1] or "") for row in rows]

    def card(self, card_id: int) -> CardRecord | None:
        rows = self._rows(
            f"SELECT {_SELECT_CARD}, p.note_key FROM cards c "
            "JOIN problems p ON p.id = c.problem_id WHERE c.id = ?",
            (card_id,),
        )
        return CardRecord(*rows[0]) if rows else None

    def problems(self, ids: Sequence[int]) -> dict[int, Problem]:
        """Problems by id, fetched in chunks (only the ones the queue holds)."""
        out: dict[int, Problem] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._rows(
                "SELECT id, deck_id, key, note_key, prompt, answer, kind, body FROM problems "
                f"WHERE id IN ({marks})",
                chunk,
            )
            for r in rows:
                record = ProblemRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _json(r[7]) or {})
                out[r[0]] = record.problem()
        return out

    def answered_since(self, deck_id: int, since_ms: int) -> dict[int, int]:
        """Reviews of the deck's cards since ``since_ms``, counted by ``phase_before``.

        Phase 0 counts the new cards introduced; phase 2 the reviews done. Uses
        ``ix_reviews_time``.
        """
        rows = self._rows(
            "SELECT r.phase_before, COUNT(*) FROM reviews r JOIN cards c ON c.id = r.card_id "
            # "+c.deck_id": never drive this from the deck's cards, scan today's reviews.
            "WHERE r.reviewed_at >= ? AND +c.deck_id = ? GROUP BY r.phase_before",
            (since_ms, deck_id),
        )
        return {int(phase): int(count) for phase, count in rows}

    def recent_response_ms(self, deck_id: int, limit: int = 1000) -> list[int]:
        """The deck's latest ``limit`` answer times, newest first. A reveal is not an
        answer: the seconds before giving up would pull the median down, and every
        ordinary right answer after a few quick reveals would be rated Hard."""
        rows = self._rows(
            "SELECT r.response_ms FROM reviews r JOIN cards c ON c.id = r.card_id "
            # "+c.deck_id": walk ix_reviews_time backwards, never the deck's cards.
            "WHERE +c.deck_id = ? AND r.response_ms IS NOT NULL AND r.revealed = ? "
            "ORDER BY r.reviewed_at DESC LIMIT ?",
            (deck_id, False, limit),
        )
        return [int(r[0]) for r in rows]

    def sibling_ids(
        self, deck_id: int, note_key: str, card_id: int
    ) -> list[tuple[int, int | None]]:
        """The other cards of one note: ``(card id, buried_until)`` pairs."""
        rows = self._rows(
            "SELECT c.id, c.buried_until FROM cards c JOIN problems p ON p.id = c.problem_id "
            "WHERE p.deck_id = ? AND p.note_key = ? AND c.id != ?",
            (deck_id, note_key, card_id),
        )
        return [(int(r[0]), r[1]) for r in rows]

    def count_due_between(self, deck_id: int, start_ms: int, end_ms: int) -> int:
        rows = self._rows(
            "SELECT COUNT(*) FROM cards c WHERE c.deck_id = ? AND c.due >= ? AND c.due < ? "
            "AND c.phase != 0 AND c.suspended = ?",
            (deck_id, start_ms, end_ms, False),
        )
        return int(rows[0][0])

    def review_row(self, review_id: int) -> dict[str, Any] | None:
        rows = self._rows(
            f"SELECT id, {', '.join(REVIEW_COLUMNS)} FROM reviews WHERE id = ?", (review_id,)
        )
        if not rows:
            return None
        return dict(zip(("id", *REVIEW_COLUMNS), rows[0], strict=True))

    # ------------------------------------------------------------------ writes
    def record_review(
        self,
        card_id: int,
        before: CardState,
        after: CardState,
        review: Review,
        *,
        leech: bool,
        bury: Sequence[int] = (),
        bury_until_ms: int | None = None,
    ) -> int:
        """Store one review: the review row (its facts, the state ``before`` and ``after``)
        and the card's new state, and bury ``bury`` (the card's siblings) until
        ``bury_until_ms``, in one transaction. Returns the review id. The card must still
        have ``before.reps`` reps (no other review since it was read), else
        ``StaleCardError`` and nothing is written."""
        values = review_values(card_id, before, after, review)
        with self._write() as cursor:
            if self._returning:
                self._exec(cursor, _INSERT_REVIEW + " RETURNING id", values)
                review_id = int(cursor.fetchone()[0])
            else:
                self._exec(cursor, _INSERT_REVIEW, values)
                review_id = int(cursor.lastrowid)
            self._set_state(cursor, card_id, state_values(after, leech), before.reps)
            for sibling in bury:
                self._exec(
                    cursor,
                    "UPDATE cards SET buried_until = ? WHERE id = ?",
                    (bury_until_ms, sibling),
                )
        if self._checkpointer is not None:
            self._checkpointer.committed()
        return review_id

    def _set_state(
        self, cursor: Any, card_id: int, state: Sequence[Any], expected_reps: int
    ) -> None:
        self._exec(cursor, _SET_STATE, (*state, card_id, expected_reps))
        if cursor.rowcount != 1:
            raise StaleCardError(f"card {card_id} was reviewed elsewhere since it was shown")

    def amend_review(
        self,
        review_id: int,
        *,
        attempts: int | None = None,
        attempt_text: str | None = None,
        correct: bool | None = None,
        hint_used: bool | None = None,
        revealed: bool | None = None,
    ) -> None:
        """Change what a later attempt, a hint or a reveal changes on a stored review (the
        columns given; the card's state stays)."""
        changes = {
            name: value
            for name, value in (
                ("attempts", attempts),
                ("attempt_text", attempt_text),
                ("correct", correct),
                ("hint_used", hint_used),
                ("revealed", revealed),
            )
            if value is not None
        }
        if not changes:
            return
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self._write() as cursor:
            self._exec(
                cursor,
                f"UPDATE reviews SET {assignments} WHERE id = ?",
                (*changes.values(), review_id),
            )

    def override_review(
        self,
        review_id: int,
        card_id: int,
        reviewed: CardState,
        after: CardState,
        *,
        rating: Rating,
        override: Override,
        leech: bool,
    ) -> None:
        """The learner overruled the checker on a stored review: its rating, verdict and
        ``*_after`` columns, and the card's state, become ``after`` (one transaction). The
        card must still be as the review left it (``reviewed.reps``), else
        ``StaleCardError``."""
        assignments = ", ".join(
            f"{name} = ?" for name in ("rating", "override", "correct", *AFTER_COLUMNS)
        )
        values = (int(rating), str(override), override is Override.ACCEPT, *after_values(after))
        with self._write() as cursor:
            self._exec(
                cursor, f"UPDATE reviews SET {assignments} WHERE id = ?", (*values, review_id)
            )
            self._set_state(cursor, card_id, state_values(after, leech), reviewed.reps)

    def undo_review(
        self,
        review_id: int,
        card: CardRecord,
        unbury: Sequence[tuple[int, int | None]] = (),
        expected_reps: int | None = None,
    ) -> None:
        """Delete a review and put its card back exactly as ``card`` (every column), and the
        siblings it buried back to their ``buried_until``: one transaction. With
        ``expected_reps`` (the reps the review left), ``StaleCardError`` if the card was
        reviewed again since, and nothing is changed."""
        columns = [name for name in CARD_COLUMNS if name != "id"]
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._write() as cursor:
            self._exec(cursor, "DELETE FROM reviews WHERE id = ?", (review_id,))
            where, params = "id = ?", [card.id]
            if expected_reps is not None:
                where, params = "id = ? AND reps = ?", [card.id, expected_reps]
            self._exec(
                cursor,
                f"UPDATE cards SET {assignments} WHERE {where}",
                (*(getattr(card, name) for name in columns), *params),
            )
            if expected_reps is not None and cursor.rowcount != 1:
                raise StaleCardError(f"card {card.id} was reviewed elsewhere since")
            for sibling, until in unbury:
                self._exec(
                    cursor, "UPDATE cards SET buried_until = ? WHERE id = ?", (until, sibling)
                )

    def bury(self, card_id: int, until_ms: int | None) -> None:
        """Set the card's ``buried_until`` (None: not buried; undo restores the old one)."""
        with self._write() as cursor:
            self._exec(
                cursor, "UPDATE cards SET buried_until = ? WHERE id = ?", (until_ms, card_id)
            )

    def set_suspended(self, card_id: int, suspended: bool) -> None:
        with self._write() as cursor:
            self._exec(cursor, "UPDATE cards SET suspended = ? WHERE id = ?", (suspended, card_id))
