"""Question tests for a problem's answer spec (STACK's question tests as the model): pure.

``right_forms(spec)`` are equivalent ways to write the answer (plain and LaTeX) that must
be graded right; ``learner_mistakes(spec)`` are answers with one mistake a learner could
make (the sign of one term, the reciprocal, off by one, swapped tuple entries, the
inequality flipped, an endpoint open instead of closed, the unit dropped or changed, the
wrong capitals, a decimal approximation) that must be graded wrong, each with the reason
a teacher would give; ``prompt_segments(prompt)`` are the ``$…$`` parts of a prompt,
which must not be accepted as the answer. ``trainer lint`` runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.checking.exact import Undefined, exact_value
from trainer.checking.mutations import variants
from trainer.checking.nodes import Node, Num, contains, free_symbols
from trainer.checking.writing import to_latex, to_plain
from trainer.domain import AnswerKind, AnswerSpec, Form, Reason

MAX_MISTAKES = 16
_SEGMENT = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_QUANTITY = re.compile(
    r"^\s*(?P<number>[-+−]?[\d.,]+(?:[eE][-+]?\d+)?)\s*(?P<unit>[^\d\s.,].*?)\s*$"
)
_PROMPT_QUANTITY = re.compile(r"(?<![\w.])\d[\d.]*(?:e\d+)?\s*[A-Za-zµΩ][\w/^*·]*(?:/[\w^]+)?")
# A text answer that is maths ("x + 1") should not depend on its spaces.
_TIGHT = re.compile(r"\s*([-+*/=<>^,])\s*")
_MATHS = re.compile(r"[A-Za-z0-9)]\s*[-+*/=<>^]\s*[A-Za-z0-9(]")
# For "unit changed": a unit of another quantity than the answer's.
_OTHER_UNITS = ("kg", "s", "m", "A")


@dataclass(frozen=True)
class TestAttempt:
    """One question-test attempt: what it is, what is typed, the reason it should get."""

    name: str
    text: str
    reason: Reason | None = None  # for a mistake: the diagnosis a teacher would give


def prompt_segments(prompt: str, kind: AnswerKind | None = None) -> list[str]:
    """The ``$…$`` and ``$$…$$`` segments of a prompt, in order; for a units answer, also
    the quantities its text names ("Convert 72 km/h to m/s": ``72 km/h``)."""
    found = [(m.group(1) or m.group(2)).strip() for m in _SEGMENT.finditer(prompt)]
    if kind == AnswerKind.UNITS:
        found += [m.group(0).strip() for m in _PROMPT_QUANTITY.finditer(prompt)]
    return found


def _kind(spec: AnswerSpec) -> AnswerKind | None:
    from trainer.checking.checker import infer_kind

    return infer_kind(spec)


def _node(spec: AnswerSpec) -> Node | None:
    from trainer.checking.checker import Unreadable, read

    try:
        return read(spec.answer, _kind(spec))
    except Unreadable:
        return None


def right_forms(spec: AnswerSpec) -> list[TestAttempt]:
    """Equivalent right answers in other notations: plain and LaTeX (where they apply)."""
    kind = _kind(spec)
    answer = spec.answer.strip()
    if kind == AnswerKind.TEXT:
        out = [TestAttempt("spacing", f"  {answer}  ")]
        tight = _TIGHT.sub(r"\1", answer)
        if tight != answer and _MATHS.search(answer):
            out.append(TestAttempt("without spaces", tight))
        if not spec.options.case_sensitive and answer.upper() != answer and "\\" not in answer:
            out.append(TestAttempt("capitals", answer.upper()))
        return out
    if kind == AnswerKind.CHOICE:
        return [TestAttempt("lower case", answer.lower()), TestAttempt("bracketed", f"({answer})")]
    if kind == AnswerKind.UNITS:
        shape = _QUANTITY.match(answer)
        if shape is None:
            return []
        number, unit = shape.group("number"), shape.group("unit")
        return [TestAttempt("LaTeX", f"${number}\\,\\text{{{unit}}}$")]
    if spec.options.form in (Form.LITERAL, Form.MIXED_NUMBER):
        return []  # only the answer as written is in the form
    node = _node(spec)
    if node is None:
        return []
    return [TestAttempt("plain", to_plain(node)), TestAttempt("LaTeX", f"${to_latex(node)}$")]


def learner_mistakes(spec: AnswerSpec) -> list[TestAttempt]:
    """Answers with one likely mistake each, with the reason each should get."""
    kind = _kind(spec)
    answer = spec.answer.strip()
    if kind == AnswerKind.TEXT:
        if spec.options.case_sensitive and answer.swapcase() != answer:
            return [TestAttempt("letter case", answer.swapcase(), Reason.LETTER_CASE)]
        return []
    if kind == AnswerKind.CHOICE:
        return []
    if kind == AnswerKind.UNITS:
        return _unit_mistakes(spec)
    node = _node(spec)
    if node is None:
        return []
    written = {to_plain(node), answer}
    out: list[TestAttempt] = []
    for variant in variants(node):
        text = to_plain(variant.node)
        if text not in written:
            written.add(text)
            out.append(TestAttempt(variant.name, text, variant.reason))
    out = _spread(out, MAX_MISTAKES)
    tolerant = bool(spec.options.abs_tol or spec.options.rel_tol)
    if tolerant:  # a mistake inside the tolerance is a right answer
        out = [m for m in out if m.reason not in (Reason.OFF_BY_ONE,)]
    approximation = None if tolerant else _approximation(node)
    if approximation is not None:
        out.append(TestAttempt("decimal approximation", approximation, Reason.APPROXIMATION))
    if spec.options.form == Form.FACTORED:
        expanded = expanded_text(node)
        if expanded is not None and expanded not in written:
            out.append(TestAttempt("other form (expanded)", expanded, Reason.WRONG_FORM))
    if spec.options.form == Form.LITERAL and re.fullmatch(r"-?\d+", answer):
        out.append(TestAttempt("other literal", f"{answer}.0", Reason.WRONG_FORM))
    return out


def _spread(items: list[TestAttempt], limit: int) -> list[TestAttempt]:
    """At most ``limit`` items, taken evenly so every kind of mistake keeps a share."""
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(k * step)] for k in range(limit)]


def _approximation(node: Node) -> str | None:
    if free_symbols(node) or contains(node, lambda n: isinstance(n, Num) and "." in n.text):
        return None
    try:
        if exact_value(node) is not None:
            return None
        from trainer.checking.numeric import FloatEval

        value = complex(FloatEval({}).run(node))
    except (Undefined, ArithmeticError, ValueError, TypeError):
        return None
    if abs(value.imag) > 1e-12 or abs(value.real - round(value.real, 3)) < 1e-12:
        return None  # zero, or a value three decimals write exactly (sqrt(4))
    return f"{value.real:.3f}"


def _unit_mistakes(spec: AnswerSpec) -> list[TestAttempt]:
    shape = _QUANTITY.match(spec.answer.strip())
    if shape is None:
        return []
    number, unit = shape.group("number"), shape.group("unit")
    out = []
    if not spec.options.allow_bare_value:
        out.append(TestAttempt("unit dropped", number, Reason.MISSING_UNIT))
    other = next(u for u in _OTHER_UNITS if u not in re.split(r"[/*·^ ]", unit))
    out.append(TestAttempt("unit changed", f"{number} {other}", Reason.INCOMPATIBLE_UNITS))
    return out


def expanded_text(node: Node) -> str | None:
    """A polynomial written out term by term (``x^2 + 5x + 6`` for ``(x+2)(x+3)``), or None
    when ``node`` is not a polynomial with rational coefficients."""
    from trainer.checking.polynomials import canonical

    form = canonical(node)
    if form is None or form.has_atoms or form.den != {(): 1} or not form.num:
        return None
    terms = []
    for monomial, coefficient in sorted(
        form.num.items(), key=lambda item: -sum(power for _, power in item[0])
    ):
        factors = "".join(f"{name}^{power}" if power > 1 else f"{name}" for name, power in monomial)
        size = abs(coefficient)
        number = "" if size == 1 and factors else str(size)
        sign = "-" if coefficient < 0 else "+"
        body = f"({number})" if "/" in number and factors else number
        terms.append(f"{sign} {body}{factors}")
    text = " ".join(terms)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]
