"""Why a wrong answer is wrong, in a teacher's words: run only after a wrong verdict.

The verdict never changes here: a diagnosis only swaps ``wrong_value`` (or a vaguer
reason) for a more specific one with a sentence: the sign of one term, a term missing or
too many, the inequality flipped, which endpoint, which tuple component or matrix entry,
the reciprocal, off by one, a decimal approximation where the exact value is asked.
Best effort and bounded: out of time, the original reason stands.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace

from trainer.checking import compare as comparing
from trainer.checking.exact import Undefined, exact_value
from trainer.checking.mutations import join_terms, ordinal, signed_terms, variants
from trainer.checking.nodes import Matrix, Node, Num, Seq, contains, free_symbols
from trainer.checking.numeric import FloatEval, NotScalar
from trainer.checking.sampling import Deadline, OutOfTime
from trainer.domain import AnswerKind, AnswerSpec, Form, Reason, Verdict

DIAGNOSABLE = frozenset({Reason.WRONG_VALUE, Reason.WRONG_ENDPOINT_TYPE})
DIAGNOSIS_BUDGET = 0.4  # seconds, at most, taken from what the check has left
_ORDERED = frozenset({"tuple", "bracket"})
_BARE_NUMBER = re.compile(
    r"^\s*\$?\s*[-+−]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*\$?\s*$"
)
_QUANTITY = re.compile(r"^\s*\$?\s*[-+−]?[\d.,]+(?:[eE][-+]?\d+)?\s*(?P<unit>.+?)\s*\$?\s*$")


def letter_case(
    attempt: str, references: tuple[str, ...], normalise: Callable[..., str]
) -> str | None:
    """``nacl`` for ``NaCl``: right but for capitals ("capitals matter: NaCl")."""
    got = normalise(attempt, False)
    for reference in references:
        if got == normalise(reference, False):
            return f"capitals matter: {normalise(reference, True)}"
    return None


def check_units(spec: AnswerSpec, attempt: str, deadline: Deadline) -> Verdict:
    """A units check that tells a missing unit from a wrong one.

    With ``allow_bare_value`` (for a prompt that names the unit: "in m/s"), a bare number
    is read in the answer's unit; without it, a bare number is ``missing_unit``.
    """
    from trainer.checking import messages
    from trainer.checking.units import check_quantity

    verdict = check_quantity(spec, attempt, deadline)
    unit = spec.options.units
    if unit is None:
        shape = _QUANTITY.match(spec.answer)
        unit = shape.group("unit") if shape else None
    if unit is None:
        return verdict
    if verdict.correct:
        return _unit_asked(spec, attempt, unit, verdict, deadline)
    if not _BARE_NUMBER.match(attempt):
        return verdict
    if spec.options.allow_bare_value:
        number = attempt.strip().strip("$").strip()
        return check_quantity(spec, f"{number} {unit}", deadline)
    if verdict.reason == Reason.WRONG_UNITS:
        return messages.verdict(Reason.MISSING_UNIT, verdict.read_as)
    return verdict


def _unit_asked(
    spec: AnswerSpec, attempt: str, unit: str, verdict: Verdict, deadline: Deadline
) -> Verdict:
    """With form ``numeral``, a right quantity must be a number in the unit asked."""
    from trainer.checking import messages
    from trainer.checking.units import check_quantity

    if spec.options.form != Form.NUMERAL or _BARE_NUMBER.match(attempt):
        return verdict
    shape = _QUANTITY.match(attempt)
    if shape is None:
        return messages.verdict(Reason.WRONG_FORM, verdict.read_as, detail="evaluate it")
    same = AnswerSpec(f"1 {unit}", AnswerKind.UNITS)
    if not check_quantity(same, f"1 {shape.group('unit')}", deadline).correct:
        return messages.verdict(Reason.WRONG_FORM, verdict.read_as, detail=f"give it in {unit}")
    return verdict


def diagnose(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    """A more specific reason for a wrong ``att``, or None when none can be named."""
    seconds = min(DIAGNOSIS_BUDGET, max(0.0, ctx.deadline.remaining() / 2))
    if seconds <= 0.01:
        return None
    local = replace(ctx, deadline=Deadline(seconds))
    try:
        return _diagnose(ref, att, local)
    except (OutOfTime, RecursionError, ArithmeticError, NotScalar, ValueError):
        return None


def _diagnose(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    found = _approximation(ref, att)
    if found is not None:
        return found
    found = _one_component(ref, att, ctx)
    if found is not None:
        return found
    if isinstance(_as_matrix(ref), Matrix) and isinstance(_as_matrix(att), Matrix):
        ref, att = _as_matrix(ref), _as_matrix(att)
    for variant in variants(ref):
        ctx.deadline.check()
        if _same(variant.node, att, ctx):
            if variant.reason == Reason.SIGN_ERROR and not variant.detail:
                return None  # the whole answer negated: compare already says so
            return comparing.Outcome(variant.reason, variant.detail)
    return _extra_term(ref, att, ctx) or _missing_monomial(ref, att, ctx)


def _same(ref: Node, att: Node, ctx: comparing.Context) -> bool:
    try:
        return comparing.compare(ref, att, ctx).correct
    except (Undefined, NotScalar, ValueError, ZeroDivisionError):
        return False


def _is_decimal(node: object) -> bool:
    return isinstance(node, Num) and ("." in node.text or "e" in node.text.lower())


def _approximation(ref: Node, att: Node) -> comparing.Outcome | None:
    """A decimal close to a value the reference gives exactly (``0.866`` for √3/2)."""
    if free_symbols(ref) or free_symbols(att) or isinstance(ref, Seq | Matrix):
        return None
    if not contains(att, _is_decimal) or contains(ref, _is_decimal):
        return None
    try:
        want = complex(FloatEval({}).run(ref))
        got = complex(FloatEval({}).run(att))
    except (Undefined, OverflowError, NotScalar, TypeError, ValueError, ZeroDivisionError):
        return None
    if abs(want.imag) > 1e-12 or abs(got.imag) > 1e-12 or want == got:
        return None
    try:
        rational = exact_value(ref)
    except Undefined:
        return None
    close = abs(want - got) <= max(0.01 * abs(want), 0.005)
    if not close:
        return None
    if rational is not None and rational.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 50, 100):
        return None  # a terminating decimal: a rounding slip, not an approximation
    return comparing.Outcome(Reason.APPROXIMATION, "")


def _as_matrix(node: Node) -> Node:
    """``[[1, 2], [3, 4]]`` read as a list of lists is a matrix here."""
    if (
        isinstance(node, Seq)
        and len(node.items) >= 2
        and all(isinstance(row, Seq) for row in node.items)
        and len({len(row.items) for row in node.items}) == 1  # type: ignore[union-attr]
    ):
        return Matrix(tuple(row.items for row in node.items))  # type: ignore[union-attr]
    return node


def _one_component(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    """Same shape, and exactly one tuple component or matrix entry differs."""
    ref, att = _as_matrix(ref), _as_matrix(att)
    if isinstance(ref, Matrix) and isinstance(att, Matrix):
        if [len(r) for r in ref.rows] != [len(r) for r in att.rows]:
            return None
        wrong = [
            (i, j)
            for i, row in enumerate(ref.rows)
            for j, entry in enumerate(row)
            if not _same(entry, att.rows[i][j], ctx)
        ]
        if len(wrong) == 1:
            i, j = wrong[0]
            where = f"the entry in row {i + 1}, column {j + 1} is wrong"
            return comparing.Outcome(Reason.WRONG_ENTRY, where)
        return None
    if (
        isinstance(ref, Seq)
        and isinstance(att, Seq)
        and ref.kind in _ORDERED
        and len(ref.items) == len(att.items) >= 2
    ):
        wrong = [k for k, item in enumerate(ref.items) if not _same(item, att.items[k], ctx)]
        if len(wrong) == 1:
            k = wrong[0]
            inner = _diagnose(ref.items[k], att.items[k], ctx)
            detail = f"the {ordinal(k)} component is wrong"
            if inner is not None:
                detail += f" ({inner.detail or str(inner.reason).replace('_', ' ')})"
            return comparing.Outcome(Reason.WRONG_ENTRY, detail)
    return None


def _extra_term(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    terms = signed_terms(att)
    if len(terms) < 2 or len(terms) > 12:
        return None
    for index in range(len(terms)):
        ctx.deadline.check()
        if _same(ref, join_terms([*terms[:index], *terms[index + 1 :]]), ctx):
            return comparing.Outcome(Reason.EXTRA_TERM, "")
    return None


def _missing_monomial(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    """``a² + b²`` for ``(a + b)²``: the difference is one term (a monomial) of the answer."""
    names = sorted(free_symbols(ref) | free_symbols(att))
    if not names or len(names) > 4 or isinstance(ref, Seq | Matrix):
        return None
    points = [
        {n: complex(0.7 + 0.31 * k + 0.17 * i) for i, n in enumerate(names)} for k in range(3)
    ]
    try:
        gaps = [_gap(ref, att, p) for p in points]
        for name in names:
            ctx.deadline.check()
            ratios = []
            for point, gap in zip(points, gaps, strict=True):
                doubled = _gap(ref, att, {**point, name: point[name] * 2})
                ratios.append(doubled / gap)
            power = ratios[0].real
            whole = round(math.log2(abs(power))) if abs(power) > 0 else -1
            if whole < 0 or any(abs(r - 2**whole) > 1e-6 * 2**whole for r in ratios):
                return None
    except (Undefined, OverflowError, NotScalar, TypeError, ValueError, ZeroDivisionError):
        return None
    if all(abs(g) < 1e-9 for g in gaps):
        return None
    return comparing.Outcome(Reason.MISSING_TERM, "")


def _gap(ref: Node, att: Node, point: dict[str, complex]) -> complex:
    value = complex(FloatEval(point).run(ref)) - complex(FloatEval(point).run(att))
    if abs(value) < 1e-12:
        raise ValueError("no gap")
    return value
