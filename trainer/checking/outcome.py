"""What a comparison returns (``Outcome``) and what it is given (``Context``)."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.checking.sampling import Deadline
from trainer.checking.scalars import Tolerance
from trainer.domain import AnswerKind, Reason

_GOOD = frozenset({Reason.EQUAL, Reason.EQUIVALENT, Reason.WITHIN_TOLERANCE})


@dataclass(frozen=True)
class Outcome:
    reason: Reason
    detail: str = ""

    @property
    def correct(self) -> bool:
        return self.reason in _GOOD


@dataclass(frozen=True)
class Context:
    tol: Tolerance
    deadline: Deadline
    kind: AnswerKind | None = None
    ordered: bool | None = None
    allow_bare_value: bool = False
