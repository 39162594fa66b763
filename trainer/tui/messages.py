"""Messages that workers post to their screens: results come back as messages, not calls.

Widget-level messages live nested in their sender (``AnswerInput.Submitted``); these are
the ones a worker thread posts when it finishes, so a handler on the UI thread mutates.
They do not bubble: only the screen that started the worker handles them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from trainer.practice.browse import ProblemHistory, SearchResult
    from trainer.practice.drill_types import Outcome
    from trainer.practice.importing import ImportReport
    from trainer.practice.overview import DeckToday
    from trainer.stats.report import StatsReport


@dataclass
class AttemptGraded(Message, bubble=False):
    """The grading worker finished: the verdict and whether a review was stored."""

    text: str
    outcome: Outcome


@dataclass
class GradingFailed(Message, bubble=False):
    """Grading raised a user-facing error (the answer is kept; nothing was stored)."""

    text: str
    error: str


@dataclass
class ProblemShown(Message):
    """A problem was painted; the app's ready signal for the startup benchmark."""

    card_id: int


@dataclass
class DecksLoaded(Message, bubble=False):
    """The deck-counts worker finished: decks with their new/learning/due counts."""

    decks: list[DeckToday]


@dataclass
class StatsLoaded(Message, bubble=False):
    """The stats worker finished computing the report for one deck (or all)."""

    deck: str | None
    report: StatsReport
    year: dict[str, int] | None = None  # reviews per local ISO date, the last year
    today: dict[str, Any] | None = None  # deck key -> today's QueueCounts (as home shows)


@dataclass
class ImportProgressed(Message, bubble=False):
    """The import worker made progress: ``done`` of ``total`` steps."""

    done: int
    total: int


@dataclass
class ImportFinished(Message, bubble=False):
    """The import worker finished (``dry_run``: nothing was written); ``error`` if it failed."""

    path: str
    dry_run: bool
    report: ImportReport | None = None
    error: Exception | None = None


@dataclass
class WriteFinished(Message, bubble=False):
    """A write worker (suspend, reveal, save, …) finished; ``result`` is what it returned."""

    action: str
    result: Any


@dataclass
class WriteFailed(Message, bubble=False):
    """A write worker failed; ``error`` says why in one line (nothing was changed)."""

    action: str
    error: str


@dataclass
class CardsFound(Message, bubble=False):
    """The browse search worker finished: the cards found, or why the query is wrong."""

    query: str
    result: SearchResult | None = None
    error: str | None = None


@dataclass
class HistoryLoaded(Message, bubble=False):
    """The history worker finished: one card's problem and reviews, or why not."""

    card_id: int
    history: ProblemHistory | None = None
    error: str | None = None
