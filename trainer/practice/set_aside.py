"""Undo for what a drill does besides reviewing: suspend, bury and skip.

The engine keeps its reviews in ``PracticeSession._history``; these actions go on a
second list, each stamped with how many reviews the session held when it happened. The
two lists together are the session's actions in order: undo takes the newest, a set-aside
when its stamp equals the number of reviews still held (nothing reviewed since), else the
last review. ``Undone`` says which it was, in words a front end can show as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trainer.practice.drill_types import Presented
from trainer.practice.showing import Showing

UndoKind = Literal["review", "suspend", "bury", "skip"]

DESCRIPTIONS: dict[UndoKind, str] = {
    "review": "undone: the last review is deleted and the card restored",
    "suspend": "undone: suspend (the problem is unsuspended and shown again)",
    "bury": "undone: bury (the problem is unburied and shown again)",
    "skip": "undone: skip (the problem is shown again)",
}


@dataclass(frozen=True)
class SetAside:
    """A problem suspended, buried or skipped without a review, and how to put it back."""

    kind: Literal["suspend", "bury", "skip"]
    showing: Showing
    reviews_before: int  # reviews the session held then: orders it among the reviews
    buried_until: int | None = None  # the card's buried_until before a bury (epoch ms)


@dataclass(frozen=True)
class Undone:
    """What one undo took back, and the problem now shown again."""

    kind: UndoKind
    presented: Presented | None  # None: answered before it was set aside, not shown again
    description: str


def undone(kind: UndoKind, presented: Presented) -> Undone:
    return Undone(kind, presented, DESCRIPTIONS[kind])


def newest_is_set_aside(set_aside: list[SetAside], reviews_held: int) -> bool:
    """Whether the session's newest action is the last set-aside (not the last review)."""
    return bool(set_aside) and set_aside[-1].reviews_before >= reviews_held
