"""``check(spec, attempt)``: the one entry point that grades an attempt.

Order of work: refuse empty / too long input; pull the answer out of delimiters or prose;
text and choice kinds compare normalised strings; everything else is parsed (a parse error
is ``unparseable`` with a column, never a wrong answer) and compared by ``compare``.
Every path is bounded by the budget; running out gives ``timeout``, never "correct".
"""

from __future__ import annotations

import logging
import re
import time
from fractions import Fraction
from functools import lru_cache

from trainer.checking import compare as comparing
from trainer.checking import matrices, messages
from trainer.checking.ambiguity import (
    choice_letters,
    choice_texts_named,
    competing_in_chain,
    competing_in_prose,
    competing_values,
    mentions_alternatives,
    names_every,
)
from trainer.checking.extraction import (
    competing_pieces,
    drop_trailing_words,
    extract,
    last_number,
    looks_like_prose,
    sole_number,
)
from trainer.checking.lexer import LexError, LexMode
from trainer.checking.limits import DEFAULT_BUDGET, MAX_ANSWER_CHARS, MAX_ATTEMPT_CHARS
from trainer.checking.nodes import Node, Num, Postfix, Sym, contains, free_symbols
from trainer.checking.parser import ParseError, parse
from trainer.checking.qualifiers import qualified_number
from trainer.checking.rendering import render
from trainer.checking.sampling import Deadline, OutOfTime
from trainer.checking.scalars import Tolerance
from trainer.domain import AnswerKind, AnswerSpec, Reason, Verdict

_log = logging.getLogger(__name__)
_NUMERIC_KINDS = frozenset(
    {AnswerKind.INTEGER, AnswerKind.DECIMAL, AnswerKind.RATIONAL, AnswerKind.SCIENTIFIC,
     AnswerKind.PERCENT, AnswerKind.UNITS}
)  # fmt: skip
_UNITS_SHAPE = re.compile(
    r"^\s*[-+−]?[\d.,\s]+(?:[eE][-+]?\d+)?\s*(?:\\(?:text|mathrm|textnormal|rm)\s*\{\s*)?"
    r"(?:[A-Za-zµΩ°Å]|\\AA\b)"
)
_TEXT_COMMAND = re.compile(r"\\(?:text|textbf|textnormal|textrm|mathrm|mbox|textit)\s*\{([^{}]*)\}")
_LATEX_NOISE = re.compile(r"\\[,;!: ]|\\(?:quad|qquad|left|right)\b|[$]")
_SIMPLE_NUMBER = re.compile(r"^-?[0-9]{1,30}(?:\.[0-9]{1,30})?$")
_DELIMITERS = re.compile(r"\\[()\[\]]|\$")
_PLAIN_NUMBER = re.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+)$")
_TEXT_LETTER = re.compile(r"^\\text(?:bf)?\{\s*\(?[A-Ha-h]\)?\s*\}$")
_WORDS_ONLY = re.compile(r"^(?:\\text\{)?[A-Za-z][A-Za-z ]*\}?$")
_CHOICE_LETTER = re.compile(r"(?<![A-Za-z])\(?([A-H])\)?(?![A-Za-z])")
_CHOICE_NOISE = re.compile(r"[\s(){}\[\].:)]")


# "$28$ %", "\boxed{28} pct": the percent is said outside the maths that was extracted.
_SAYS_PERCENT = re.compile(r"(?:%|\bper\s?cent\b|\bpct\b)[\s.$]*$", re.IGNORECASE)


class Unreadable(ValueError):
    def __init__(self, message: str, column: int | None) -> None:
        super().__init__(message)
        self.column = column


def infer_kind(spec: AnswerSpec) -> AnswerKind | None:
    """The kind of an answer without one: from the options, then the answer's shape."""
    if spec.kind is not None:
        return spec.kind
    opts = spec.options
    if opts.choices:
        return AnswerKind.CHOICE
    if opts.units:
        return AnswerKind.UNITS
    return _infer_from_text(spec.answer)


@lru_cache(maxsize=4096)
def _infer_from_text(answer: str) -> AnswerKind | None:
    text = _DELIMITERS.sub(" ", extract(answer).text).strip()
    if text.endswith("%") or text.endswith("\\%"):
        return AnswerKind.PERCENT
    unit_text = _DELIMITERS.sub(" ", answer).strip()
    if _UNITS_SHAPE.match(unit_text):
        from trainer.checking.units import looks_like_quantity

        if looks_like_quantity(unit_text):
            return AnswerKind.UNITS
    if _PLAIN_NUMBER.match(text):
        return AnswerKind.DECIMAL
    if _TEXT_LETTER.match(text):
        return AnswerKind.CHOICE
    if _WORDS_ONLY.match(text) and (text.startswith("\\text") or looks_like_prose(text + " x")):
        return AnswerKind.TEXT
    return None


@lru_cache(maxsize=64)
def mode_for(kind: AnswerKind | None, latex: bool) -> LexMode:
    return LexMode(latex=latex, numeric=kind in _NUMERIC_KINDS, words=kind == AnswerKind.UNITS)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, mode: LexMode) -> Node:
    return parse(text, mode)


def read(raw: str, kind: AnswerKind | None) -> Node:
    """Parse what was typed, finding the answer inside prose if needed."""
    found = extract(raw)
    if found.stray is not None:
        raise Unreadable("a $ that opens math is never closed", found.stray + 1)
    mode = mode_for(kind, found.latex)
    try:
        return _parse_cached(found.text, mode)
    except (LexError, ParseError) as exc:
        number = last_number(found.text) if found.prose else sole_number(found.text)
        if number is not None:  # "it's 8.": words around one number
            return _parse_cached(number[0], mode_for(kind, False))
        column = found.offset + exc.pos + 1
        raise Unreadable(str(exc), column) from exc
    except RecursionError as exc:
        raise Unreadable("nested too deeply", None) from exc


def _prose_number(raw: str, kind: AnswerKind | None) -> Node | None:
    found = extract(raw)
    if not found.prose:
        return None
    number = last_number(found.text)
    return None if number is None else _parse_cached(number[0], mode_for(kind, False))


def normalise_text(raw: str, case_sensitive: bool = False) -> str:
    text = extract(raw).text
    text = _TEXT_COMMAND.sub(r"\1", text)
    text = _LATEX_NOISE.sub(" ", text)
    text = " ".join(text.split()).strip(" .")
    return text if case_sensitive else text.casefold()


def normalise_choice(raw: str) -> str:
    text = _TEXT_COMMAND.sub(r"\1", extract(raw).text)
    text = _LATEX_NOISE.sub(" ", text)
    named, _ = choice_letters(text)
    if len(named) == 1:  # "answer: c", "b) London"
        return next(iter(named))
    letters = _CHOICE_NOISE.sub("", text)
    if len(letters) > 1:  # "Answer: B", "The answer is (B)."
        found = _CHOICE_LETTER.findall(text)
        if found:
            return found[-1].casefold()
    return letters.casefold()


def check(spec: AnswerSpec, attempt: str, *, budget: float = DEFAULT_BUDGET) -> Verdict:
    """Grade ``attempt`` against ``spec``. Never raises; bounded by ``budget`` seconds."""
    start = time.monotonic()
    try:
        verdict = _check(spec, attempt, Deadline(budget))
        if time.monotonic() - start > budget:  # a step that could not be interrupted
            return messages.verdict(Reason.TIMEOUT, "")
        return verdict
    except OutOfTime:
        return messages.verdict(Reason.TIMEOUT, "")
    except RecursionError:  # the attempt nests deeper than any step can follow
        return messages.verdict(Reason.UNPARSEABLE, "", detail="nested too deeply")
    except Exception as exc:  # a checker bug must not crash a review, nor blame the learner
        if time.monotonic() - start > budget:
            return messages.verdict(Reason.TIMEOUT, "")
        _log.exception("checker bug: answer %r, attempt %r", spec.answer, attempt[:200])
        return messages.verdict(
            Reason.CHECKER_ERROR, "", detail=f"{type(exc).__name__}: {exc}"[:200]
        )


def _check(spec: AnswerSpec, attempt: str, deadline: Deadline) -> Verdict:
    attempt = str(attempt)
    if len(attempt) > MAX_ATTEMPT_CHARS:
        return messages.verdict(Reason.TOO_LONG, "")
    if not attempt.strip():
        return messages.verdict(Reason.EMPTY, "")
    if len(spec.answer) > MAX_ANSWER_CHARS:
        return messages.verdict(Reason.UNPARSEABLE, "", detail="the reference answer is too long")
    kind = infer_kind(spec)
    opts = spec.options
    references = (spec.answer, *opts.alternatives)
    if kind == AnswerKind.TEXT:
        got = normalise_text(attempt, opts.case_sensitive)
        ok = any(got == normalise_text(r, opts.case_sensitive) for r in references)
        if not ok and opts.case_sensitive:
            from trainer.checking.diagnosis import letter_case

            hint = letter_case(attempt, references, normalise_text)
            if hint is not None:
                return messages.verdict(Reason.LETTER_CASE, got, detail=hint)
        return messages.verdict(Reason.EQUAL if ok else Reason.WRONG_VALUE, got)
    if kind == AnswerKind.CHOICE:
        return _check_choice(spec, attempt)
    found = extract(attempt)
    hedged = found.prose or "?" in attempt or mentions_alternatives(attempt)
    why = competing_in_prose(found.text) if hedged and found.text == attempt else None
    why = why or competing_pieces(attempt) or qualified_number(attempt)
    if why is not None:
        return messages.verdict(Reason.AMBIGUOUS, "", detail=why)
    if kind == AnswerKind.UNITS:
        from trainer.checking.unit_answers import check_units

        return check_units(spec, attempt, deadline, _check)
    attempt = drop_trailing_words(attempt, spec.answer)
    quick = _quick_number(spec, attempt, kind)
    if quick is not None:
        return quick
    try:
        att = read(attempt, kind)
    except Unreadable as exc:
        hint = _layout_hint(spec, kind, attempt)
        if hint is not None:
            return messages.verdict(Reason.UNPARSEABLE, "", detail=hint)
        return messages.verdict(Reason.UNPARSEABLE, "", detail=str(exc), column=exc.column)
    if matrices.written_other_way(attempt) and matrices.is_one_value(att):
        # "(3 -1)" read as 3 - 1 where a pair is expected: a slip of layout
        hint = _layout_hint(spec, kind, attempt)
        if hint is not None:
            return messages.verdict(Reason.UNPARSEABLE, render(att), detail=hint)
    read_as = render(att)
    why = competing_in_chain(att) or _competing_values(att, spec, kind)
    if why is not None:
        return messages.verdict(Reason.AMBIGUOUS, read_as, detail=why)
    best: comparing.Outcome | None = None
    for reference in references:
        outcome = _compare_text(reference, attempt, att, kind, spec, deadline)
        if outcome.correct:
            best = outcome
            break
        best = best or outcome
    assert best is not None
    if best.correct and opts.form is not None:
        from trainer.checking.forms import form_problem

        problem = form_problem(
            read(spec.answer, kind), att, opts.form, deadline, kind=kind,
            attempt_text=extract(attempt).text,
            references=tuple(extract(r).text for r in references),
            bare_ok=opts.allow_bare_value,
        )  # fmt: skip
        if problem is not None:
            return messages.verdict(Reason.WRONG_FORM, read_as, detail=problem)
    if not best.correct:
        from trainer.checking.diagnosis import DIAGNOSABLE, diagnose

        if best.reason in DIAGNOSABLE and _readable(spec.answer, kind):
            ref = read(spec.answer, kind)
            seen = _drop_constants(att, ref) if opts.up_to_constant else att
            context = _context(spec, kind, deadline)
            named = diagnose(
                ref, seen, context, up_to_constant=opts.up_to_constant, reason=best.reason
            )
            best = named or best
    if best.reason == Reason.OFF_BY_CONSTANT and opts.up_to_constant:
        return messages.verdict(Reason.EQUIVALENT, read_as, detail="equal up to a constant")
    return messages.verdict(best.reason, read_as, detail=best.detail)


def _readable(text: str, kind: AnswerKind | None) -> bool:
    try:
        read(text, kind)
    except Unreadable:
        return False
    return True


def _layout_hint(spec: AnswerSpec, kind: AnswerKind | None, attempt: str) -> str | None:
    """For a matrix or tuple answer typed another way (``[19 22; 43 50]``, ``(3 -1)``):
    how to write it, or None when the attempt is not such a slip."""
    if not matrices.written_other_way(attempt):
        return None
    try:
        return matrices.layout_hint_for(read(spec.answer, kind))
    except Unreadable:
        return None


def _competing_values(att: Node, spec: AnswerSpec, kind: AnswerKind | None) -> str | None:
    try:
        ref = read(spec.answer, kind)
    except Unreadable:
        return None
    return competing_values(att, ref)


def _quick_number(spec: AnswerSpec, attempt: str, kind: AnswerKind | None) -> Verdict | None:
    """Plain number against plain number, no tolerance or options: a Fraction comparison."""
    opts = spec.options
    text = attempt.strip()
    if (
        not _SIMPLE_NUMBER.match(text)
        or opts.alternatives
        or opts.form
        or not (kind in _NUMERIC_KINDS or kind is None)
    ):
        return None
    if opts.abs_tol or opts.rel_tol or kind in (AnswerKind.UNITS, AnswerKind.PERCENT):
        return None
    try:
        ref = read(spec.answer, kind)
    except Unreadable:
        return None
    if not isinstance(ref, Num):
        return None
    value = Fraction(text)
    reason = Reason.EQUAL if value == ref.value else Reason.WRONG_VALUE
    if reason == Reason.WRONG_VALUE and value == -ref.value:
        reason = Reason.SIGN_ERROR
    if reason == Reason.WRONG_VALUE:
        from trainer.checking.diagnosis import number_slip

        reason = number_slip(ref.value, value) or reason
    return messages.verdict(reason, text)


def _compare_text(
    reference: str, attempt: str, att: Node, kind: AnswerKind | None, spec: AnswerSpec,
    deadline: Deadline,
) -> comparing.Outcome:  # fmt: skip
    opts = spec.options
    try:
        ref = read(reference, kind)
    except Unreadable:
        same = normalise_text(reference) == normalise_text(attempt)
        return comparing.Outcome(Reason.EQUAL if same else Reason.WRONG_VALUE)
    if opts.up_to_constant:
        att, ref = _drop_constants(att, ref), _drop_constants(ref, att)
    ctx = _context(spec, kind, deadline)
    outcome = comparing.compare_answer(ref, att, ctx)
    if not outcome.correct and kind == AnswerKind.PERCENT:
        bare_ok = opts.allow_bare_value or bool(_SAYS_PERCENT.search(attempt))
        outcome = _percent_fallback(ref, att, ctx, bare_ok) or outcome
    if not outcome.correct:
        alt = _prose_number(attempt, kind)
        if alt is not None and alt != att:
            second = comparing.compare(ref, alt, ctx)
            if second.correct:
                return second
    return outcome


def _context(spec: AnswerSpec, kind: AnswerKind | None, deadline: Deadline) -> comparing.Context:
    opts = spec.options
    return comparing.Context(
        tol=Tolerance(opts.abs_tol or 0.0, opts.rel_tol or 0.0),
        deadline=deadline,
        kind=kind,
        ordered=opts.ordered,
        allow_bare_value=opts.allow_bare_value,
    )


def _percent_fallback(
    ref: Node, att: Node, ctx: comparing.Context, bare_ok: bool
) -> comparing.Outcome | None:
    """``28`` for "28%": right with ``allow_bare_value``, else ``wrong_form`` (add the %)."""
    read_percent = contains(att, lambda n: isinstance(n, Postfix) and n.op == "%")
    if isinstance(ref, Postfix) and ref.op == "%" and not read_percent:  # "1/8%" is 1/(8%)
        second = comparing.compare(ref.operand, att, ctx)
        if second.correct and not bare_ok:
            return comparing.Outcome(Reason.WRONG_FORM, "write it as a percentage, with %")
        return second if second.correct else None
    return None


_CONSTANT_NAME = re.compile(r"[CcKk](?:_?\{?[0-9]\}?)?$")


def _drop_constants(att: Node, ref: Node) -> Node:
    """For "up to a constant": an added ``+ C`` (``c``, ``K``, ``C_1``) not in the reference
    counts as zero. Only a term of the sum: ``x²/2 + Cx`` is not ``x²/2`` plus a constant."""
    from trainer.checking.mutations import join_terms, signed_terms

    extra = {n for n in free_symbols(att) - free_symbols(ref) if _CONSTANT_NAME.match(n)}
    if not extra:
        return att
    terms = signed_terms(att)
    kept = [(neg, t) for neg, t in terms if not (isinstance(t, Sym) and t.name in extra)]
    if len(kept) == len(terms) or any(free_symbols(t) & extra for _, t in kept):
        return att  # the constant stands inside a product or a function
    return join_terms(kept)


def _check_choice(spec: AnswerSpec, attempt: str) -> Verdict:
    choices = spec.options.choices
    said = normalise_text(attempt)
    if not any(said == normalise_text(text) for text in choices):
        cleaned = _LATEX_NOISE.sub(" ", _TEXT_COMMAND.sub(r"\1", extract(attempt).text))
        letters, negated = choice_letters(cleaned)
        texts = {chr(ord("a") + k) for k in choice_texts_named(cleaned, choices)}
        several_asked = len(choice_letters(spec.answer)[0]) > 1  # a multi-select answer
        several = len(letters | texts) > 1 or names_every(cleaned)  # "B or C", "all of them"
        if not several_asked and (negated or several):
            letters = letters | texts
            named = ", ".join(sorted(x.upper() for x in letters)) or "a choice"
            why = f"it says not {named}" if negated else f"it names {named}"
            return messages.verdict(Reason.AMBIGUOUS, "", detail=why)
    got = normalise_choice(attempt)
    wanted = {normalise_choice(spec.answer)} | {
        normalise_choice(a) for a in spec.options.alternatives
    }
    if choices and got not in wanted:
        for index, text in enumerate(choices):
            if normalise_text(text) == normalise_text(attempt):
                got = chr(ord("a") + index)
        by_text = choice_texts_named(normalise_text(attempt), choices)
        if got not in wanted and len(by_text) == 1:  # "the capital is London"
            got = chr(ord("a") + by_text[0])
    ok = got in wanted
    return messages.verdict(Reason.EQUAL if ok else Reason.WRONG_VALUE, got.upper() or attempt)
