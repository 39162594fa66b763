"""Attempts that name competing answers: never graded by picking one of them.

A learner who writes "The answer is 5, not 6", "either 5 or 6", "x = 5 = 6" or "A or D"
has not given one answer. Taking "the last one" would make hedging a winning strategy, so
such an attempt is *ambiguous*: it is not counted, and the message says why.

The rules, one principle each:

- **Prose.** Every number in the words is a candidate; one right after "not"/"never" (or
  followed by "is wrong") is *withdrawn* (bounds and ranges: ``qualifiers``). Two or
  more distinct candidates still standing with words that offer alternatives ("or",
  "maybe", "between", "?"), or a final candidate that is withdrawn, are competing. An
  earlier withdrawn one is a correction ("not 10, it is 1,000.99" reads 1000.99).
- **Chains.** ``x = 5 = 6``, ``4 = 3`` or ``x ≈ 4 = 3``: constants joined by ``=`` must
  be equal, else the chain names competing values (``≈`` may join an approximation).
- **Lists for one value.** ``5 or 6``, ``5, 6`` or ``6 ± 1`` where one value is asked.
- **Choices.** More than one choice letter (``A or D``, ``A B C D``, ``A/D``, ``ABCD``), or
  a negated one (``not D``).
"""

from __future__ import annotations

import re
from fractions import Fraction

from trainer.checking.exact import Undefined, exact_value
from trainer.checking.extraction import NUMBER_IN_PROSE, has_code
from trainer.checking.nodes import (
    LOOSE_LISTS,
    Interval,
    Matrix,
    Node,
    PlusMinus,
    Rel,
    Seq,
    Sym,
    free_symbols,
)

_NEGATION_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno|\b(?:anything|everything|all)\s+but|\bexcept|\bother\s+than|\binstead\s+of|\brather\s+than|"
    r"\bneither|\bnor)\s+(?:(?:it'?s|is|be|equal(?:s)?(?:\s+to)?|the|answer|just)\s+)*$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^\s*[$)}\]]*\s*\(?\s*(?:is\s+|was\s+|'s\s+)?(?:wrong|incorrect|false|not\b)", re.IGNORECASE
)
_HEDGE = re.compile(
    r"\b(?:or|either|and|also|but|maybe|perhaps|probably|possibly|between|guess|think|"
    r"unsure|sure|might|could|no|wait|sorry|actually|mean|oops|instead|rather|else|to|"
    r"not|neither|nor)\b|\?",
    re.IGNORECASE,
)
# Words that make a sentence of a short attempt even where "and"/"or" join a list: "not 8",
# "7 not 8", "maybe 4, maybe 5", "9, or is it 8?".
_ALTERNATIVES = re.compile(
    r"\b(?:not|never|neither|nor|no|maybe|perhaps|probably|possibly|either|between|guess|"
    r"think|unsure|might|could|wait|sorry|actually|mean|oops|instead|rather|is\s+it)\b|n't|\?"
    r"|\(\s*(?:or|and)\b",  # "4 (or 5)"
    re.IGNORECASE,
)
_TEXT_WRAPPER = re.compile(r"\\(?:text|textbf|textrm|textit|textnormal|mathrm|mbox)\s*\{([^{}]*)\}")
_CHOICE_TOKEN = re.compile(r"[A-Za-z]+")
_CHOICE_NEGATION = re.compile(r"\b(?:not|except|but\s+not|never|isn'?t|wrong|incorrect)\b", re.I)


def _number_value(text: str) -> Fraction | None:
    cleaned = text.replace("−", "-").replace(",", "")
    try:
        return Fraction(cleaned)
    except ValueError:
        return None


def competing_in_prose(text: str) -> str | None:
    """Why the numbers in a sentence compete, or None when at most one answer stands."""
    text = _TEXT_WRAPPER.sub(r" \1 ", text)  # \text{not } 6 reads "not 6"
    if has_code(text):
        return None
    found = list(NUMBER_IN_PROSE.finditer(text))
    if not found:
        return None
    standing: list[Fraction] = []
    last_withdrawn = False
    for m in found:
        value = _number_value(m.group(0))
        if value is None:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 20]
        withdrawn = bool(_NEGATION_BEFORE.search(before) or _NEGATION_AFTER.match(after))
        last_withdrawn = withdrawn
        if not withdrawn and value not in standing:
            standing.append(value)
    if last_withdrawn:
        return f"it says {found[-1].group(0)} is not the answer"
    if len(standing) >= 2 and _HEDGE.search(text):
        shown = " and ".join(str(v) for v in standing[:3])
        return f"it names {shown}"
    return None


def _constant(node: Node) -> Fraction | complex | None:
    """The value of a constant tree, exact where possible, else a float (None: no value)."""
    if free_symbols(node):
        return None
    try:
        exact = exact_value(node)
    except Undefined:
        return None
    if exact is not None:
        return exact
    from trainer.checking.numeric import FloatEval, NotScalar
    from trainer.checking.numeric import Undefined as NoValue

    try:
        return complex(FloatEval({}).run(node))
    except (NoValue, OverflowError, NotScalar):
        return None


def _agree(a: Fraction | complex, b: Fraction | complex) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    x, y = complex(a), complex(b)
    return abs(x - y) <= 1e-12 * max(abs(x), abs(y), 1e-300)


def competing_in_chain(node: Node) -> str | None:
    """``x = 5 = 6``, ``4 = 3``, ``x ≈ 4 = 3``: constants of one chain that disagree."""
    if not isinstance(node, Rel):
        return None
    if not set(node.ops) <= {"=", "~"}:
        if free_symbols(node) or "in" in node.ops:
            return None
        return "a relation between numbers names two values"
    loose = "=" not in node.ops  # only ≈: every link names a candidate (``4 ≈ 3``)
    previous: tuple[Fraction | complex, int] | None = None
    for index, item in enumerate(node.items):
        value = _constant(item)
        if value is None:
            if free_symbols(item):
                previous = None
            continue
        if previous is not None:
            approx = "~" in node.ops[previous[1] : index]
            if not approx and not _agree(previous[0], value):
                return "the chain of equalities names different values"
            if approx and loose and not _near(previous[0], value):
                return "it names values that are not even approximately equal"
        previous = (value, index)
    return None


def _near(a: Fraction | complex, b: Fraction | complex) -> bool:
    x, y = complex(a), complex(b)
    return abs(x - y) <= 0.05 * max(abs(x), abs(y))


def competing_values(att: Node, ref: Node) -> str | None:
    """Several values in an attempt where the reference is one value."""
    if isinstance(ref, Seq | Rel | Interval | Matrix | PlusMinus):
        return None
    if isinstance(att, PlusMinus):
        return "± names two values"
    if isinstance(att, Seq) and att.kind in LOOSE_LISTS and len(att.items) >= 2:
        values = [_constant(_named(item)) for item in att.items]
        if all(v is not None for v in values):
            distinct: list[Fraction | complex] = []
            for v in values:
                assert v is not None
                if not any(_agree(v, d) for d in distinct):
                    distinct.append(v)
            if len(distinct) >= 2:
                return "it names several values"
    return None


def _named(item: Node) -> Node:
    """``x = 4`` names 4 (one label, one constant); anything else is itself."""
    if (
        isinstance(item, Rel)
        and item.ops == ("=",)
        and isinstance(item.items[0], Sym)
        and not free_symbols(item.items[1])
    ):
        return item.items[1]
    return item


def mentions_alternatives(text: str) -> bool:
    """Words that offer, withdraw or bound an answer ("or", "not", "at least", "?")."""
    return bool(_ALTERNATIVES.search(text))


_CHOICE_ALL = re.compile(r"\b(?:all|both|none|every|each)\b", re.IGNORECASE)


def choice_texts_named(text: str, choices: tuple[str, ...]) -> list[int]:
    """Indexes of the choices whose text appears in ``text`` as whole words."""
    low = text.casefold()
    return [
        k
        for k, choice in enumerate(choices)
        if choice.strip()
        and re.search(r"(?<!\w)" + re.escape(choice.strip().casefold()) + r"(?!\w)", low)
    ]


def choice_letters(text: str, letters: str = "ABCDEFGH") -> tuple[set[str], bool]:
    """The choice letters named in ``text`` (case-folded) and whether one is negated.

    A run of several capitals that are all choice letters (``ABCD``) names each of them.
    """
    upper: set[str] = set()
    lower: set[str] = set()
    for m in _CHOICE_TOKEN.finditer(text):
        word = m.group(0)
        if len(word) == 1 and word.upper() in letters:
            (upper if word.isupper() else lower).add(word.casefold())
        elif word.isupper() and len(word) <= len(letters) and set(word) <= set(letters):
            upper.update(word.casefold())
    # a lone lowercase "a" is an article beside a capital choice ("it's a B")
    return (upper or lower), bool(_CHOICE_NEGATION.search(text))


def names_every(text: str) -> bool:
    """``all of the above``, ``both B and C``, ``none``: several choices at once."""
    return bool(_CHOICE_ALL.search(text))
