"""A units answer, checked as a learner means it: a missing unit is not a wrong one.

``check_units`` wraps the quantity check: a bare number is ``missing_unit`` (or, with
``allow_bare_value``, read in the answer's unit, for a prompt that names it: "in m/s");
with form ``numeral`` a right quantity must be a number in the unit the answer uses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from trainer.checking.sampling import Deadline
from trainer.domain import AnswerKind, AnswerSpec, Form, Reason, Verdict

if TYPE_CHECKING:
    from trainer.checking.units import NumberCheck

_BARE_NUMBER = re.compile(
    r"^\s*\$?\s*[-+−]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*\$?\s*$"
)
_GROUPING = re.compile(r"(?<=\d)(?:\\[,;: ]|\{,\}|[ ,\u2009\u202f])(?=\d{3}(?!\d))")
_EXPONENT = re.compile(r"\^\s*\{?\s*[-−]?\s*\d+\s*\}?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")
_DIGIT = re.compile(r"\d")
_SCIENTIFIC = re.compile(
    r"(?<=\d)\s*(?:\\times|\\cdot|[×*·])\s*10\s*\^\s*(?:\{\s*[-−+]?\s*\d+\s*\}|[-−+]?\d+)|(?<=\d)\s*[×·]\s*10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
)
_QUANTITY = re.compile(r"^\s*\$?\s*[-+−]?[\d.,]+(?:[eE][-+]?\d+)?\s*(?P<unit>.+?)\s*\$?\s*$")


def check_units(
    spec: AnswerSpec, attempt: str, deadline: Deadline, check_number: NumberCheck
) -> Verdict:
    """A units check that tells a missing unit from a wrong one.

    With ``allow_bare_value`` (for a prompt that names the unit: "in m/s"), a bare number
    is read in the answer's unit; without it, a bare number is ``missing_unit``.
    """
    from trainer.checking import messages
    from trainer.checking.units import check_quantity

    verdict = check_quantity(spec, attempt, deadline, check_number)
    unit = spec.options.units
    if unit is None:
        shape = _QUANTITY.match(spec.answer)
        unit = shape.group("unit") if shape else None
    if unit is None:
        return verdict
    if verdict.correct:
        return _unit_asked(spec, attempt, unit, verdict, deadline, check_number)
    if not _BARE_NUMBER.match(attempt):
        return verdict
    if spec.options.allow_bare_value:
        number = attempt.strip().strip("$").strip()
        return check_quantity(spec, f"{number} {unit}", deadline, check_number)
    if verdict.reason == Reason.WRONG_UNITS:
        return messages.verdict(Reason.MISSING_UNIT, verdict.read_as)
    return verdict


def _unit_asked(
    spec: AnswerSpec,
    attempt: str,
    unit: str,
    verdict: Verdict,
    deadline: Deadline,
    check_number: NumberCheck,
) -> Verdict:
    """With form ``numeral``, a right quantity must be a number in the unit asked."""
    from trainer.checking import messages
    from trainer.checking.units import check_quantity

    if spec.options.form != Form.NUMERAL or _BARE_NUMBER.match(attempt):
        return verdict
    number_first = _SCIENTIFIC.sub("e0", _GROUPING.sub("", attempt))  # "5\,000 m", "3 × 10^8 m"
    shape = _QUANTITY.match(number_first)
    if shape is None or _DIGIT.search(_EXPONENT.sub("", shape.group("unit"))):
        # "(2000 + 3000) m", "5000 m + 0 m": a calculation left, not a number and a unit
        return messages.verdict(Reason.WRONG_FORM, verdict.read_as, detail="evaluate it")
    same = AnswerSpec(f"1 {unit}", AnswerKind.UNITS)
    if not check_quantity(same, f"1 {shape.group('unit')}", deadline, check_number).correct:
        return messages.verdict(Reason.WRONG_FORM, verdict.read_as, detail=f"give it in {unit}")
    return verdict
