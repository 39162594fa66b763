"""Learner-facing messages for each reason code."""

from __future__ import annotations

from trainer.domain import Reason, Verdict

_CORRECT = frozenset({Reason.EQUAL, Reason.EQUIVALENT, Reason.WITHIN_TOLERANCE})
# Reasons whose detail is a whole sentence of its own ("capitals matter: NaCl"), shown
# after "Not correct:" instead of after the standard sentence.
_DETAIL_REPLACES = frozenset(
    {Reason.LETTER_CASE, Reason.WRONG_ENTRY, Reason.SIGN_ERROR, Reason.MISSING_TERM,
     Reason.EXTRA_TERM, Reason.WRONG_ENDPOINT_TYPE, Reason.WRONG_UNITS}
)  # fmt: skip

MESSAGES: dict[Reason, str] = {
    Reason.EQUAL: "Correct.",
    Reason.EQUIVALENT: "Equivalent to the expected answer.",
    Reason.WITHIN_TOLERANCE: "Within the allowed tolerance.",
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
    Reason.INEQUALITY_FLIPPED: "Not correct: the inequality points the wrong way.",
    Reason.MISSING_TERM: "Not correct: a term is missing.",
    Reason.EXTRA_TERM: "Not correct: there is a term too many.",
    Reason.LETTER_CASE: "Not correct: capitals matter.",
    Reason.APPROXIMATION: "Not correct: that is an approximation; give the exact value.",
    Reason.WRONG_ENTRY: "Not correct: one entry is wrong.",
    Reason.MISSING_UNIT: "Not correct: give the unit too.",
    Reason.RECIPROCAL: "Not correct: that is the reciprocal of the answer.",
    Reason.OFF_BY_ONE: "Not correct: off by one.",
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
        elif reason in _DETAIL_REPLACES:
            message = f"{message.split(':')[0]}: {detail}."
        else:
            message = f"{message.rstrip('.')}: {detail}."
    return Verdict(correct=reason in _CORRECT, reason=reason, message=message, read_as=read_as)
