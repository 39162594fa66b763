"""Domain types shared by every layer.

Standard library only: the checker, the scheduler, the deck formats, the store and the
UI all speak in these frozen dataclasses and enums, so none of them needs to know about
another's internals. Every type that is persisted has ``to_dict``/``from_dict`` so the
store can keep it as JSON without knowing its fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

# The answer vocabulary lives in trainer.answers; re-exported here.
from trainer.answers import AnswerKind as AnswerKind
from trainer.answers import AnswerSpec as AnswerSpec
from trainer.answers import CheckOptions as CheckOptions
from trainer.answers import Form as Form
from trainer.answers import Reason as Reason
from trainer.answers import Verdict as Verdict

DAY_MS = 86_400_000
"""A day in milliseconds: the store keeps every time as epoch ms (UTC days, before any
time zone or day-start hour is applied)."""


@dataclass(frozen=True)
class Parameter:
    """A value drawn at review time for a parametric problem.

    Exactly one of ``range`` (inclusive integer bounds, with ``step``) or ``choice`` is set.
    Values in ``exclude`` are never drawn.
    """

    name: str
    range: tuple[int, int] | None = None
    step: int = 1
    choice: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.range is not None:
            out["range"] = list(self.range)
            if self.step != 1:
                out["step"] = self.step
        if self.choice is not None:
            out["choice"] = list(self.choice)
        if self.exclude:
            out["exclude"] = list(self.exclude)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Parameter:
        rng = data.get("range")
        choice = data.get("choice")
        return cls(
            name=str(data["name"]),
            range=(int(rng[0]), int(rng[1])) if rng is not None else None,
            step=int(data.get("step", 1)),
            choice=tuple(str(c) for c in choice) if choice is not None else None,
            exclude=tuple(str(e) for e in data.get("exclude", ())),
        )


@dataclass(frozen=True)
class Problem:
    """One answer-only practice problem as a deck defines it.

    ``key`` is stable inside its deck: a re-import matches on it. ``note_key`` groups
    siblings (the clozes of one Anki note) that must not be shown on the same day.
    Prompt, answer and solution may be templates over ``parameters``: ``{a}`` is a
    parameter's value and ``{=a*b}`` a value computed by the checker's safe evaluator.
    """

    key: str
    prompt: str
    answer: str
    kind: AnswerKind | None = None
    options: CheckOptions = field(default_factory=CheckOptions)
    solution: str = ""
    hints: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    constraints: tuple[str, ...] = ()
    note_key: str | None = None
    media: tuple[str, ...] = ()

    @property
    def is_parametric(self) -> bool:
        return bool(self.parameters)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "prompt": self.prompt,
            "answer": self.answer,
            "kind": str(self.kind) if self.kind else None,
            "options": self.options.to_dict(),
            "solution": self.solution,
            "hints": list(self.hints),
            "tags": list(self.tags),
            "parameters": [p.to_dict() for p in self.parameters],
            "constraints": list(self.constraints),
            "note_key": self.note_key,
            "media": list(self.media),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        kind = data.get("kind")
        return cls(
            key=str(data["key"]),
            prompt=str(data["prompt"]),
            answer=str(data["answer"]),
            kind=AnswerKind(kind) if kind else None,
            options=CheckOptions.from_dict(data.get("options") or {}),
            solution=str(data.get("solution") or ""),
            hints=tuple(data.get("hints") or ()),
            tags=tuple(data.get("tags") or ()),
            parameters=tuple(Parameter.from_dict(p) for p in data.get("parameters") or ()),
            constraints=tuple(data.get("constraints") or ()),
            note_key=data.get("note_key"),
            media=tuple(data.get("media") or ()),
        )

    def content_hash(self) -> str:
        """A digest of everything but the key: a re-import compares it to tell what changed."""
        body = self.to_dict()
        del body["key"]
        raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()

    def spec(
        self, deck_kind: AnswerKind | None = None, deck_options: CheckOptions | None = None
    ) -> AnswerSpec:
        """The checker spec for this problem, with the deck's defaults underneath."""
        options = (deck_options or CheckOptions()).merged(self.options)
        return AnswerSpec(answer=self.answer, kind=self.kind or deck_kind, options=options)


@dataclass(frozen=True)
class Deck:
    """A deck as a file defines it: metadata, checker defaults and problems."""

    key: str
    name: str
    problems: tuple[Problem, ...] = ()
    description: str = ""
    version: str = "1"
    author: str = ""
    licence: str = ""
    kind: AnswerKind | None = None
    options: CheckOptions = field(default_factory=CheckOptions)
    # The order new problems come in ("mixed" or "file"), when the file says; an import
    # sets the deck's setting to it (``Preset.new_order``). None: the file does not say.
    new_order: str | None = None
    # Source revision stamps, set by readers that can tell an unchanged source row before
    # building a problem from it (Anki: a digest of the raw note). ``revisions`` maps a
    # problem key to its stamp; ``unchanged`` lists the keys the reader left out of
    # ``problems`` because the collection already holds them at that very stamp
    # (``ReadOptions.known_revisions``). Neither is part of what the deck *is*.
    revisions: Mapping[str, str] = field(default_factory=dict, compare=False)
    unchanged: tuple[str, ...] = field(default=(), compare=False)


class Rating(IntEnum):
    """FSRS ratings; values match fsrs and the open-spaced-repetition review-log format."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardPhase(IntEnum):
    """Card state; values match the review-log format's ``review_state`` column."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True)
class CardState:
    """A card's FSRS memory state. Every datetime is timezone-aware UTC."""

    phase: CardPhase = CardPhase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


class Override(StrEnum):
    """The learner overruled the checker."""

    ACCEPT = "accept"  # "the checker was wrong: accept my answer"
    REJECT = "reject"  # "count this as wrong"


class ReviewSource(StrEnum):
    """Where a review came from: graded here, or imported from another tool."""

    GRADED = "graded"
    IMPORTED_GRADED = "imported_graded"
    IMPORTED_SELF_RATED = "imported_self_rated"


@dataclass(frozen=True, slots=True)
class Review:
    """One review's facts: what the learner did and how it was rated. The card's state
    before and after it travels beside it as two ``CardState`` (the store keeps both, so
    a review can be undone exactly)."""

    reviewed_at: datetime  # timezone-aware UTC
    rating: Rating
    correct: bool
    reason: Reason | None = None  # the verdict's; None when revealed unanswered
    attempts: int = 1
    response_ms: int = 0
    attempt_text: str = ""  # every counted attempt, one per line
    params: dict[str, str] | None = None  # a parametric problem's drawn values
    override: Override | None = None
    hint_used: bool = False
    revealed: bool = False
    source: ReviewSource = ReviewSource.GRADED


@dataclass(frozen=True)
class HistoryEntry:
    """One review imported from another tool's log, before it is replayed into FSRS."""

    problem_key: str
    reviewed_at: datetime
    rating: Rating
    phase: CardPhase | None = None
    duration_ms: int | None = None
    deck_key: str | None = None
    source: ReviewSource = ReviewSource.IMPORTED_SELF_RATED


@dataclass(frozen=True)
class MediaFile:
    """A media file carried by a package; ``name`` is as the package names it (untrusted)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Skipped:
    """Something an import left out, and where and why."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(frozen=True)
class ImportBatch:
    """What a deck reader produced: decks, history and media, plus what it skipped."""

    decks: tuple[Deck, ...]
    history: tuple[HistoryEntry, ...] = ()
    media: tuple[MediaFile, ...] = ()
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class Preset:
    """Per-deck scheduling settings. Steps are in seconds; the day starts at a local hour."""

    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (60, 600)
    relearning_steps: tuple[int, ...] = (600,)
    maximum_interval: int = 36500
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4
    timezone: str | None = None  # IANA name; None = the machine's local zone
    parameters: tuple[float, ...] | None = None  # personal FSRS weights; None = defaults
    # New problems: "mixed" takes them from the deck's sections (first tags) in turn,
    # "file" in the deck file's order.
    new_order: str = "mixed"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preset:
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue  # settings written by a newer version: ignore, do not crash
            if key in ("learning_steps", "relearning_steps") and value is not None:
                value = tuple(int(v) for v in value)
            elif key == "parameters" and value is not None:
                value = tuple(float(v) for v in value)
            kwargs[key] = value
        return cls(**kwargs)

    def with_overrides(self, overrides: dict[str, Any]) -> Preset:
        """This preset with a deck's own settings on top (unknown keys ignored)."""
        return Preset.from_dict({**self.to_dict(), **overrides})


@dataclass(frozen=True)
class Identity:
    """Whose collection a connection opens: ``learner`` (their own schema), ``admin`` (owns
    the shared tables) or ``single`` (SQLite, or a PostgreSQL collection that is not a
    class)."""

    role: str
    name: str
    server: str

    @property
    def is_learner(self) -> bool:
        return self.role == "learner"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LearnerActivity:
    """One learner of a class, as the teacher's report reads them from the server."""

    name: str
    reviews: int
    right_first_time: int  # reviews answered right at the first attempt, unaided
    review_phase: int  # reviews of cards in the review phase (true retention's base)
    review_phase_passed: int
    due_backlog: int  # cards due now, not suspended
    active_days: tuple[int, ...]  # UTC day numbers with at least one review
    last_active_ms: int | None
    removed: bool


@dataclass(frozen=True)
class WrongAnswer:
    """A wrong first attempt that several learners gave: the text, why, how often."""

    text: str
    reason: str | None
    count: int


@dataclass(frozen=True)
class ProblemItem:
    """WebWorK-style item analysis of one problem across the class."""

    deck_key: str
    problem_key: str
    prompt: str
    reviews: int
    attempts: int
    right_first_time: int
    learners: int
    wrong_answers: tuple[WrongAnswer, ...]
