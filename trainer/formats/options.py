"""What the user told an import: the shared options of every reader."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from trainer.domain import Problem
from trainer.errors import DeckFormatError, FormatProblem

Progress = Callable[[int, int | None], None]
KnownRevisions = Callable[[str], Mapping[str, str]]
ProblemCheck = Callable[[Problem], list[tuple[tuple[str | int, ...], str]]]
"""What is wrong with a built problem, as (field path, message) pairs: the checker's
template validation, handed in by the application (formats never evaluates)."""

FORMATS = ("toml", "csv", "tsv", "jsonl", "json", "apkg", "colpkg", "revlog")
MAPPABLE_FIELDS = ("prompt", "answer", "id", "tags", "kind", "solution", "hints", "note")


@dataclass(frozen=True)
class ReadOptions:
    """Options for ``read_any`` and every reader.

    ``field_map`` maps our field (prompt, answer, id, tags, kind, solution, hints, note) to
    a source column (CSV/TSV), a dotted path (JSON) or an Anki field name; ``a+b`` joins
    several sources. ``answer_marker`` (e.g. ``"####"``) takes the final answer after the
    last marker. ``progress(done, total)`` is called while big files are read.
    ``known_revisions(deck_key)``, when given, returns the collection's problems of that
    deck as ``problem key -> source revision``: a reader that stamps its rows (Anki) then
    skips building the problems whose stamp is already there (``Deck.unchanged``).
    ``check_problem``, when given, is run on every problem a deck file builds; what it
    reports is an error at that problem's line.
    """

    deck_name: str | None = None
    format: str | None = None
    field_map: Mapping[str, str] = field(default_factory=dict)
    answer_marker: str | None = None
    progress: Progress | None = None
    known_revisions: KnownRevisions | None = None
    check_problem: ProblemCheck | None = None


def parse_field_map(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["prompt=Question", "answer=Answer"]`` -> a field map; bad pairs raise clearly."""
    out: dict[str, str] = {}
    problems = []
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        ours, theirs = ours.strip().lower(), theirs.strip()
        if not sep or not ours or not theirs:
            problems.append(
                FormatProblem("--map", None, pair, "expected FIELD=SOURCE, e.g. prompt=Question")
            )
        elif ours not in MAPPABLE_FIELDS:
            problems.append(
                FormatProblem(
                    "--map",
                    None,
                    pair,
                    f"unknown field {ours!r}; expected one of {', '.join(MAPPABLE_FIELDS)}",
                )
            )
        else:
            out[ours] = theirs
    if problems:
        raise DeckFormatError(problems)
    return out


def slug(name: str) -> str:
    """A deck key from a display name: ``"Math::Calculus"`` -> ``"math.calculus"``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("::", ".")
    text = re.sub(r"[^a-z0-9._-]+", "-", text).strip("-._")
    text = re.sub(r"-*\.-*", ".", re.sub(r"-{2,}", "-", text))
    if text:
        return text
    return "deck-" + hashlib.blake2b(name.encode("utf-8"), digest_size=4).hexdigest()
