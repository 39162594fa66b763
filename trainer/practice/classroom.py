"""A class on one server, as the teacher runs it: learners in and out, and the report.

The store does the SQL (``trainer.store.class_roster``, ``trainer.store.class_report``);
this module turns what it reads into the report a teacher reads: per learner their
reviews, right first time, true retention, due backlog, streak and last activity; per
problem WeBWorK-style item analysis (who tried it, how often right first time, and the
wrong answers the class gives most, with why they were wrong).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from trainer.domain import DAY_MS, Identity, LearnerActivity, ProblemItem
from trainer.stats.streak import streak_lengths

if TYPE_CHECKING:
    from trainer.practice.services import Services


@dataclass(frozen=True)
class LearnerLine:
    """One learner in the teacher's report."""

    name: str
    reviews: int
    right_first_time: float | None  # share of reviews, None before the first
    true_retention: float | None  # passes among review-phase reviews
    due_backlog: int
    streak: int  # consecutive UTC days with a review, ending today or yesterday
    last_active: datetime | None
    removed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "reviews": self.reviews,
            "right_first_time": _rounded(self.right_first_time),
            "true_retention": _rounded(self.true_retention),
            "due_backlog": self.due_backlog,
            "streak": self.streak,
            "last_active": None if self.last_active is None else self.last_active.isoformat(),
            "removed": self.removed,
        }


@dataclass(frozen=True)
class ClassReport:
    deck: str | None
    learners: list[LearnerLine]
    problems: list[ProblemItem]

    def to_dict(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "learners": [line.to_dict() for line in self.learners],
            "problems": [problem_dict(item) for item in self.problems],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def learner_line(activity: LearnerActivity, now_ms: int) -> LearnerLine:
    current, _longest = streak_lengths(activity.active_days, now_ms // DAY_MS)
    last = activity.last_active_ms
    return LearnerLine(
        name=activity.name,
        reviews=activity.reviews,
        right_first_time=_share(activity.right_first_time, activity.reviews),
        true_retention=_share(activity.review_phase_passed, activity.review_phase),
        due_backlog=activity.due_backlog,
        streak=current,
        last_active=None if last is None else datetime.fromtimestamp(last / 1000, UTC),
        removed=activity.removed,
    )


def problem_dict(item: ProblemItem) -> dict[str, Any]:
    return {
        "deck": item.deck_key,
        "problem": item.problem_key,
        "prompt": item.prompt,
        "reviews": item.reviews,
        "attempts": item.attempts,
        "learners": item.learners,
        "right_first_time": _rounded(_share(item.right_first_time, item.reviews)),
        "wrong_answers": [
            {"answer": w.text, "reason": w.reason, "count": w.count} for w in item.wrong_answers
        ],
    }


def class_report(services: Services, deck: str | None = None) -> ClassReport:
    """The whole report, for every learner (removed ones marked) and every problem tried."""
    from trainer.store.class_report import deck_id_named, item_analysis, learner_activity

    collection = services.collection
    deck_id, deck_key = deck_id_named(collection, deck) if deck else (None, None)
    now_ms = int(services.clock().timestamp() * 1000)
    activity = learner_activity(collection, now_ms, deck_id)
    return ClassReport(
        deck=deck_key,
        learners=[learner_line(a, now_ms) for a in activity],
        problems=item_analysis(collection, deck_id),
    )


def add_learner(services: Services, name: str, password: str, *, adopt: bool) -> tuple[int, int]:
    """Create the learner's login and schema; ``(cards, reviews adopted)``."""
    from trainer.store.class_roster import enroll

    now_ms = int(services.clock().timestamp() * 1000)
    return enroll(services.collection, name, password, now_ms, adopt=adopt)


def remove_learner(services: Services, name: str, *, keep_history: bool) -> None:
    from trainer.store.class_roster import withdraw

    now_ms = int(services.clock().timestamp() * 1000)
    withdraw(services.collection, name, keep_history=keep_history, now_ms=now_ms)


def learners(services: Services) -> list[LearnerLine]:
    """The roster with each learner's reviews and last activity."""
    from trainer.store.class_report import learner_activity

    now_ms = int(services.clock().timestamp() * 1000)
    return [learner_line(a, now_ms) for a in learner_activity(services.collection, now_ms)]


def whose(services: Services) -> Identity:
    """Whose collection the app has open: a SQLite file is its only user's (and is not
    opened for this); on PostgreSQL, a class learner, the class admin, or its only user."""
    if services.sqlite_path() is not None and not services.collection_is_open:
        return Identity("single", "", "")
    return services.collection.identity


def owner_line(identity: Identity) -> str:
    """What the home screen says about whose collection this is ("" for a lone learner)."""
    if identity.is_learner:
        return f"{identity.name}'s collection on {identity.server}"
    if identity.is_admin:
        return f"class admin {identity.name} on {identity.server}: press c for the class report"
    return ""
