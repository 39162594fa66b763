"""Find the answer inside what was typed: math delimiters, ``\\boxed{}``, short prose.

Learners type bare answers, but deck answers and pasted attempts often carry ``$…$``,
``\\(…\\)``, ``\\[…\\]`` or a whole sentence ("Therefore $x \\geq 5$ is the solution.").
``extract`` returns the piece to parse and where it starts in the original text, so a parse
error can still point at the right column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from trainer.checking.nodes import ALIASES, GREEK, KNOWN_FUNCTIONS

_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")
_CONNECTOR = re.compile(r"(?:,|;|&|\band\b|\bor\b)", re.IGNORECASE)
_GAP_NOISE = re.compile(r"\\(?:quad|qquad|text|textnormal|textrm|mbox|mathrm)\b|[\s{}$.\\,;:]")
_NUMBER_IN_PROSE = re.compile(
    r"(?<![\w.])[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?(?![\w.]*[A-Za-z_][0-9])"
)
_WORD = re.compile(r"[A-Za-z]{2,}")
_NOT_PROSE_WORDS = frozenset(
    {"and", "or", "pi", "inf", "infinity", "infty", "percent", "pct", "percentage", "text"}
    | KNOWN_FUNCTIONS
    | set(ALIASES)
    | GREEK
)


@dataclass(frozen=True)
class Extracted:
    text: str
    offset: int
    latex: bool
    prose: bool = False
    stray: int | None = None  # 0-based column of an unmatched ``$`` beside matched ones


def _match_brace(text: str, open_index: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``open_index``, or -1."""
    depth = 0
    i = open_index
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _joinable(gap: str) -> bool:
    """Two answers separated by ``gap`` belong together ("1 and 2", "1, 2", nothing)."""
    if not _GAP_NOISE.sub("", gap):
        return True
    return bool(_CONNECTOR.search(gap))


def _join(pieces: list[tuple[int, int, int, int]], text: str) -> tuple[str, int]:
    """Join the last run of joinable pieces (inner_start, inner_end, outer_start, outer_end)."""
    run = [pieces[-1]]
    for prev in reversed(pieces[:-1]):
        if _joinable(text[prev[3] : run[0][2]]):
            run.insert(0, prev)
        else:
            break
    if len(run) == 1:
        start, end = run[0][:2]
        return text[start:end], start
    return ", ".join(text[p[0] : p[1]] for p in run), run[0][0]


def _boxed(text: str) -> tuple[str, int] | None:
    pieces: list[tuple[int, int, int, int]] = []
    for m in _BOXED.finditer(text):
        close = _match_brace(text, m.end() - 1)
        if close < 0:
            return None
        pieces.append((m.end(), close, m.start(), close + 1))
    if not pieces:
        return None
    return _join(pieces, text)


def _segments(text: str) -> list[tuple[int, int, int, int]]:
    """Math segments as (outer_start, inner_start, inner_end, outer_end)."""
    out: list[tuple[int, int, int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "([":
            closer = "\\)" if text[i + 1] == "(" else "\\]"
            end = text.find(closer, i + 2)
            if end < 0:
                return out
            out.append((i, i + 2, end, end + 2))
            i = end + 2
            continue
        if c == "\\":
            i += 2
            continue
        if c == "$":
            double = text.startswith("$$", i)
            opener = 2 if double else 1
            j = i + opener
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith("$$" if double else "$", j):
                    break
                j += 1
            if j >= n:
                if double or out:  # "$$1$", "$1$ and $2": math opened and never closed
                    out.append((i, i, i, i))
                return out
            out.append((i, i + opener, j, j + opener))
            i = j + opener
            continue
        i += 1
    return out


def looks_like_prose(text: str) -> bool:
    """Some words, one of them a real word (4+ letters) that is not maths, or several words."""
    words = [w for w in _WORD.findall(re.sub(r"\\[A-Za-z]+", " ", text))]
    real = [w for w in words if w.lower() not in _NOT_PROSE_WORDS]
    return len(real) >= 2 or any(len(w) >= 4 for w in real)


_CODE = re.compile(r"[A-Za-z_]\w*\(|__|\blambda\b|\bimport\b|[`\[\]{}]|[A-Za-z_]\.[A-Za-z_]")
NUMBER_IN_PROSE = _NUMBER_IN_PROSE


def has_code(text: str) -> bool:
    """Something in the text looks like code (a call, brackets, dunder): never prose."""
    return bool(_CODE.search(text))


def sole_number(text: str) -> tuple[str, int] | None:
    """The one number in a few words that are not maths ("it's 8."), or None."""
    if (
        "\\" in text
        or _CODE.search(text)
        or not any(w.lower() not in _NOT_PROSE_WORDS for w in _WORD.findall(text))
    ):  # "root 4", "sqrt 4": the words are maths, not prose around a number
        return None
    found = list(_NUMBER_IN_PROSE.finditer(text))
    if len({m.group(0) for m in found}) != 1:
        return None
    return found[-1].group(0), found[-1].start()


def last_number(text: str, lead: str = "") -> tuple[str, int] | None:
    """The last stand-alone number in a sentence (never in something that looks like code)."""
    if _CODE.search(text):
        return None
    found = list(_NUMBER_IN_PROSE.finditer(text))
    if not found:
        return None
    m = found[-1]
    if not looks_like_prose(lead + " " + text[: m.start()]):
        return None  # the words must lead up to the number: "... the answer is 34"
    return m.group(0), m.start()


_STRAY_DOLLAR = re.compile(r"(?<!\\)\$")


@lru_cache(maxsize=4096)
def extract(raw: str) -> Extracted:
    """The part of ``raw`` that holds the answer."""
    latex = "$" in raw or "\\" in raw
    boxed = _boxed(raw)
    if boxed is not None:
        return Extracted(boxed[0], boxed[1], True)
    segments = _segments(raw)
    if segments and segments[-1][0] == segments[-1][3]:
        return Extracted(raw, 0, True, stray=segments[-1][0])
    if segments:
        outside = []
        prev = 0
        for outer_start, _, _, outer_end in segments:
            outside.append(raw[prev:outer_start])
            prev = outer_end
        stray = _STRAY_DOLLAR.search(raw, prev)
        if stray is not None:
            return Extracted(raw, 0, True, stray=stray.start())
        tail = raw[prev:]
        outside.append(tail)
        if not "".join(outside).strip(" \t\n.,;:!"):
            pieces = [(s, e, os, oe) for os, s, e, oe in segments]
            text, start = _join(pieces, raw)
            return Extracted(text, start, True)
        number = last_number(tail, lead=raw[:prev])
        if number is not None:
            return Extracted(number[0], prev + number[1], False, prose=True)
        pieces = [(s, e, os, oe) for os, s, e, oe in segments]
        text, start = _join(pieces, raw)
        return Extracted(text, start, True, prose=True)
    if "$" in raw:
        stripped = raw.replace("\\$", " ").replace("$", " ")
        return Extracted(stripped, 0, "\\" in raw, prose=looks_like_prose(stripped))
    return Extracted(raw, 0, latex, prose=looks_like_prose(raw))


_TRAILING_WORDS = re.compile(
    r"^(?P<value>.*?[0-9)\]}])\s+(?P<words>[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*){0,3})"
    r"\s*\.?\s*$"
)
_CONNECTIVES = frozenset(
    {"or", "and", "not", "nor", "either", "maybe", "but", "x", "times", "percent", "pct",
     "percentage", "per", "cent", "degree", "degrees", "deg", "mod", "i", "e", "pi", "inf",
     "infinity"}
)  # fmt: skip
_REFERENCE_NAMES = re.compile(r"\\[A-Za-z]+|\b(?:sqrt|pi|exp|ln|log|sin|cos|tan)\b")


def drop_trailing_words(attempt: str, reference: str) -> str:
    """``5 dollars``, ``12 eggs``: words after a value go when the answer has no letters.

    Only plain words at the very end, never a connective ("5 or 6" stays as it is)."""
    if re.search(r"[A-Za-z]", _REFERENCE_NAMES.sub("", extract(reference).text)):
        return attempt
    m = _TRAILING_WORDS.match(attempt)
    if m is None or "$" in attempt or "\\" in attempt:
        return attempt
    words = m.group("words").lower().split()
    if any(w in _CONNECTIVES or w in KNOWN_FUNCTIONS or w in ALIASES for w in words):
        return attempt
    if not all(len(w) >= 2 for w in words):
        return attempt
    return m.group("value")


_PLAIN_VALUE = re.compile(r"^\s*[-−]?\s*(?:[0-9]+(?:[.,][0-9]+)?|\.[0-9]+)\s*$")


def competing_pieces(raw: str) -> str | None:
    """Several answers offered in math pieces the extraction would not join: boxes
    (``\\boxed{6} or rather \\boxed{5}``), or plain-number math segments when there is no
    box (``I got $5$ but the book says $6$``). Names them, or None."""
    pieces: list[tuple[int, int, int, int]] = []
    for m in _BOXED.finditer(raw):
        close = _match_brace(raw, m.end() - 1)
        if close < 0:
            return None
        pieces.append((m.end(), close, m.start(), close + 1))
    boxes = bool(pieces)
    if not boxes:
        pieces = [(s, e, os, oe) for os, s, e, oe in _segments(raw) if e > s]
    if len(pieces) < 2:
        return None
    run = 1
    for prev, nxt in zip(reversed(pieces[:-1]), reversed(pieces[1:]), strict=True):
        if not _joinable(raw[prev[3] : nxt[2]]):
            break
        run += 1
    left_out = [raw[s:e] for s, e, _, _ in pieces[: len(pieces) - run]]
    chosen = [raw[s:e] for s, e, _, _ in pieces[len(pieces) - run :]]
    if not boxes:
        left_out = [t for t in left_out if _PLAIN_VALUE.match(t)]
        if not all(_PLAIN_VALUE.match(t) for t in chosen):
            return None
    norm = {" ".join(t.split()) for t in chosen}
    others = [t for t in left_out if " ".join(t.split()) not in norm]
    if not others:
        return None
    return f"it gives {others[-1].strip()} and {', '.join(sorted(norm))}"
