"""What the drill engine hands to its front ends (the TUI and the plain mode)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from trainer.domain import AnswerKind, CardPhase, Rating, Verdict
from trainer.practice.queue import QueueCounts

__all__ = ["Outcome", "Presented", "QueueCounts", "SessionSummary", "clock_text"]


def clock_text(elapsed: timedelta) -> str:
    """A drill clock reading: "1:16", or "1:02:03" past an hour (whole seconds)."""
    seconds = max(0, int(elapsed.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


@dataclass(frozen=True)
class Presented:
    """A problem to show. ``prompt`` has parameters filled in (Markdown + ``$LaTeX$``, not
    yet made readable)."""

    card_id: int
    problem_id: int
    deck_key: str
    deck_name: str
    problem_key: str
    prompt: str
    kind: AnswerKind | None
    params: dict[str, str]
    hints_available: int
    phase: CardPhase
    is_leech: bool
    shown_at: datetime


@dataclass(frozen=True)
class Outcome:
    """The result of an attempt, a reveal or an override."""

    verdict: Verdict
    counted: bool  # False for unparseable/empty/too_long/timeout: no attempt counted
    attempts: int  # counted attempts so far on this problem
    finished: bool  # correct, revealed or overridden: Enter moves on
    rating: Rating | None  # the FSRS rating stored (None while nothing is stored)
    review_id: int | None
    answer: str  # the rendered reference answer (filled in once finished)
    solution: str  # the rendered worked solution ("" when none, or not finished)
    next_due: datetime | None  # the card's new due date when a review was stored
    overridden: bool = False
    answer_read_as: str = ""  # ``answer`` as the checker reads it ("" until finished)


@dataclass(frozen=True)
class SessionSummary:
    """A session in numbers: reviews stored, first-attempt successes and time spent."""

    done: int
    correct: int
    accuracy: float | None  # correct / done; None when nothing was done
    time_spent: timedelta  # the session from start to summary: what the drill clock shows
    due_tomorrow: int  # cards of the session's decks due during the next scheduler day
    again: int = 0
    hard: int = 0
    good: int = 0
    easy: int = 0
