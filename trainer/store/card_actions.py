"""The browse actions on cards: suspend, unsuspend, bury, unbury, forget.

Each changes only the cards not already so and says how many it changed; the caller
runs it in one write transaction (``Collection.run_write``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, or_, update
from sqlalchemy.orm import Session

from trainer.domain import CardPhase
from trainer.store.card_search import Window
from trainer.store.models import CardRow
from trainer.store.types import from_ms


def _chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _update(session: Session, ids: Sequence[int], where: Any, values: dict[str, Any]) -> int:
    changed = 0
    for chunk in _chunks(list(ids)):
        result = session.execute(
            update(CardRow).where(CardRow.id.in_(chunk), where).values(**values),
            execution_options={"synchronize_session": False},
        )
        changed += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return changed


def set_suspended(session: Session, card_ids: Sequence[int], suspended: bool) -> int:
    """Suspend or unsuspend the cards; how many changed."""
    return _update(
        session, card_ids, CardRow.suspended.is_(not suspended), {"suspended": suspended}
    )


def unbury(session: Session, card_ids: Sequence[int], now_ms: int) -> int:
    """Give back the buried ones among the cards today; how many were buried."""
    return _update(
        session,
        card_ids,
        and_(CardRow.buried_until.is_not(None), CardRow.buried_until > now_ms),
        {"buried_until": None},
    )


def bury(session: Session, card_ids: Sequence[int], until_ms: int) -> int:
    """Hide the cards until ``until_ms`` (the next scheduler day); how many changed."""
    return _update(
        session,
        card_ids,
        or_(CardRow.buried_until.is_(None), CardRow.buried_until < until_ms),
        {"buried_until": from_ms(until_ms)},
    )


def forget(session: Session, card_ids: Sequence[int]) -> int:
    """Reset the cards to new, keeping their position and their review history; how many
    were not new already."""
    return _update(
        session,
        card_ids,
        or_(CardRow.phase != int(CardPhase.NEW), CardRow.reps != 0, CardRow.leech.is_(True)),
        {
            "phase": int(CardPhase.NEW),
            "step": None,
            "stability": None,
            "difficulty": None,
            "due": None,
            "last_review": None,
            "reps": 0,
            "lapses": 0,
            "leech": False,
        },
    )


def act(session: Session, action: str, card_ids: Sequence[int], window: Window) -> int:
    """One browse action on the cards (``suspend``, ``unsuspend``, ``bury`` until the next
    day, ``unbury``, ``forget``); how many changed."""
    if action in ("suspend", "unsuspend"):
        return set_suspended(session, card_ids, action == "suspend")
    if action == "bury":
        return bury(session, card_ids, window.day_start(1))
    if action == "unbury":
        return unbury(session, card_ids, window.now_ms)
    if action == "forget":
        return forget(session, card_ids)
    raise ValueError(f"unknown action {action!r}")
