"""How a ``Problem`` is kept in the ``problems`` table, and read back.

Columns hold what queries need (prompt, answer, kind, note_key, tags as space-separated
text). ``body`` is ``{}`` for a plain problem, which the columns describe completely (the
bulk of an Anki or CSV import), and otherwise the whole ``Problem.to_dict()`` without the
key (solution, hints, parameters, options...), so ``Problem.from_dict({**body, "key": k})``
works on it. ``decode_problem`` rebuilds the ``Problem`` exactly from either.

``content_hash`` is the store's own digest of everything but the key: a re-import
compares it to tell changed problems from unchanged ones. It is cheap on purpose (one
blake2b over the joined fields, JSON only for the rare non-empty extras): re-importing
20,000 problems must cost milliseconds, not the ~20 µs a full ``to_dict`` + JSON takes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from hashlib import blake2b
from typing import Any

from trainer.domain import CheckOptions, Problem

_DEFAULT = CheckOptions()
_DEFAULT_OPTIONS = vars(_DEFAULT)
# The last options object found equal to the defaults (``CheckOptions`` is frozen).
_default_seen: list[CheckOptions] = [_DEFAULT]
_SEP = "\x1f"
EMPTY_BODY = "{}"


def _extras(problem: Problem) -> dict[str, Any] | None:
    """``None`` for a plain problem (columns say it all), else the full ``to_dict()``."""
    plain = (
        not (problem.solution or problem.hints or problem.parameters or problem.constraints)
        and not problem.media
    )
    options = problem.options
    if plain and not _spaced_tags(problem.tags):
        if options is _default_seen[0]:
            return None
        if vars(options) == _DEFAULT_OPTIONS:
            _default_seen[0] = options  # readers share one default instance: check it once
            return None
    body = problem.to_dict()
    del body["key"]
    return body


def _spaced_tags(tags: tuple[str, ...]) -> bool:
    return bool(tags) and any(
        not tag or len(tag.split()) != 1 or tag.strip() != tag for tag in tags
    )


def encode_problem(problem: Problem) -> tuple[str | None, str, str, str | None, str, str, str]:
    """``(note_key, prompt, answer, kind, body_json, tags_text, content_hash)`` for a row.

    Runs once per imported problem, so the plain problem (no extras, default options:
    the bulk of an Anki or CSV import) is checked field by field without ``to_dict``.
    """
    extras = _extras(problem)
    body = (
        EMPTY_BODY
        if extras is None
        else json.dumps(extras, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    )
    kind = problem.kind.value if problem.kind is not None else None
    tags = " ".join(problem.tags) if problem.tags else ""
    note_key = problem.note_key
    raw = f"{problem.prompt}{_SEP}{problem.answer}{_SEP}{kind or ''}{_SEP}{tags}{_SEP}"
    raw = f"{raw}{note_key or ''}{_SEP}{body}"
    digest = blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()
    return note_key, problem.prompt, problem.answer, kind, body, tags, digest


def encode_rows(
    problems: Sequence[Problem], revisions: Mapping[str, str]
) -> list[tuple[str, str | None, str, str, str | None, str, str, str, str | None]]:
    """``(key, *encode_problem(p), revisions.get(key))`` for every problem, in order.

    The import's loop: the plain problem's test and digest are inlined (same values as
    ``encode_problem``, which every other problem goes through).
    """
    out: list[tuple[Any, ...]] = []
    add = out.append
    revision = revisions.get
    seen = _default_seen
    for problem in problems:
        tags = problem.tags
        if (
            problem.options is not seen[0]
            or problem.solution
            or problem.hints
            or problem.parameters
            or problem.constraints
            or problem.media
            or (tags and _spaced_tags(tags))
        ):
            add((problem.key, *encode_problem(problem), revision(problem.key)))
            continue
        kind = problem.kind.value if problem.kind is not None else None
        text = " ".join(tags) if tags else ""
        note_key = problem.note_key
        prompt, answer = problem.prompt, problem.answer
        raw = f"{prompt}{_SEP}{answer}{_SEP}{kind or ''}{_SEP}{text}{_SEP}{note_key or ''}"
        digest = blake2b(f"{raw}{_SEP}{EMPTY_BODY}".encode(), digest_size=16).hexdigest()
        key = problem.key
        add((key, note_key, prompt, answer, kind, EMPTY_BODY, text, digest, revision(key)))
    return out


def content_hash(problem: Problem) -> str:
    """The digest ``encode_problem`` stores for ``problem``."""
    return encode_problem(problem)[6]


def decode_problem(
    key: str,
    prompt: str,
    answer: str,
    kind: str | None,
    note_key: str | None,
    tags: str,
    body: dict[str, Any] | str | None,
) -> Problem:
    """The ``Problem`` a row holds (``body`` as stored: JSON text or already a dict)."""
    extras = json.loads(body) if isinstance(body, str) else dict(body or {})
    data: dict[str, Any] = {
        **extras,
        "key": key,
        "prompt": prompt,
        "answer": answer,
        "kind": kind,
        "note_key": note_key,
        "tags": extras.get("tags") or (tags.split() if tags else []),
    }
    return Problem.from_dict(data)
