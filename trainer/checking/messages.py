"""Learner-facing messages for each reason code."""

from __future__ import annotations

from trainer.domain import Reason, Verdict

_CORRECT = frozenset({Reason.EQUAL, Reason.EQUIVALENT, Reason.WITHIN_TOLERANCE})

MESSAGES: dict[Reason, str] = {
    Reason.EQUAL: "Correct.",
    Reason.EQUIVALENT: "Correct: equivalent to the expected answer.",
    Reason.WITHIN_TOLERANCE: "Correct: within the allowed tolerance.",
    Reason.WRONG_VALUE: "Not correct.",
    Reason.SIGN_ERROR: "Not correct: check the sign.",
    Reason.OFF_BY_CONSTANT: "Not correct: off by a constant.",
    Reason.MISSING_ELEMENTS: "Not correct: some elements are missing.",
    Reason.EXTRA_ELEMENTS: "Not correct: there are elements too many.",
    Reason.WRONG_ORDER: "Not correct: the right elements in the wrong order.",
    Reason.WRONG_ENDPOINT_TYPE: "Not correct: check which endpoints are included.",
    Reason.WRONG_UNITS: "Not correct: check the units.",
    Reason.INCOMPATIBLE_UNITS: "Not correct: these units measure something else.",
    Reason.WRONG_FORM: "Right value, but not in the form asked for.",
    Reason.UNPARSEABLE: "Could not read that; please check the input.",
    Reason.EMPTY: "No answer given.",
    Reason.TOO_LONG: "That answer is too long (over 1000 characters).",
    Reason.TIMEOUT: "Checking took too long; this attempt was not graded.",
    Reason.AMBIGUOUS: "Ambiguous: that names more than one answer; give one. Not counted.",
    Reason.CHECKER_ERROR: "The checker failed here (a bug, not your mistake). Not counted.",
}


def verdict(
    reason: Reason, read_as: str, *, detail: str = "", column: int | None = None
) -> Verdict:
    """A ``Verdict`` with the standard message, plus a detail such as where parsing failed."""
    message = MESSAGES[reason]
    if detail:
        if reason == Reason.AMBIGUOUS:
            message = f"Ambiguous: {detail}; give one answer. Not counted."
        elif reason == Reason.UNPARSEABLE:
            message = f"Could not read that: {detail}"
            if column is not None and "column" not in detail:
                message += f" (at column {column})"
            message += "."
        else:
            message = f"{message.rstrip('.')}: {detail}."
    return Verdict(correct=reason in _CORRECT, reason=reason, message=message, read_as=read_as)
