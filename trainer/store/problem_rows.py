"""How a ``Problem`` is kept in the ``problems`` table, and read back.

Columns hold what queries need (prompt, answer, kind, note_key, tags as space-separated
text); ``body`` holds the rest of ``Problem.to_dict()`` as JSON, and only the fields that
are not empty, so a plain two-field problem stores ``{}``. ``decode_problem`` rebuilds
the ``Problem`` exactly (``Problem.from_dict`` over the columns and ``body``).

``content_hash`` is the store's own digest of everything but the key: a re-import
compares it to tell changed problems from unchanged ones. It is cheap on purpose (one
blake2b over the joined fields, JSON only for the rare non-empty extras): re-importing
20,000 problems must cost milliseconds, not the ~20 µs a full ``to_dict`` + JSON takes.
"""

from __future__ import annotations

import json
from hashlib import blake2b
from typing import Any

from trainer.domain import CheckOptions, Problem

_DEFAULT_OPTIONS = CheckOptions()
_SEP = "\x1f"
EMPTY_BODY = "{}"


def _extras(problem: Problem) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    if problem.options != _DEFAULT_OPTIONS:
        out["options"] = problem.options.to_dict()
    if problem.solution:
        out["solution"] = problem.solution
    if problem.hints:
        out["hints"] = list(problem.hints)
    if problem.parameters:
        out["parameters"] = [p.to_dict() for p in problem.parameters]
    if problem.constraints:
        out["constraints"] = list(problem.constraints)
    if problem.media:
        out["media"] = list(problem.media)
    if problem.tags and any(not tag or tag != "".join(tag.split()) for tag in problem.tags):
        out["tags"] = list(problem.tags)  # a tag with whitespace would not survive the join
    return out or None


def encode_problem(problem: Problem) -> tuple[str | None, str, str, str | None, str, str, str]:
    """``(note_key, prompt, answer, kind, body_json, tags_text, content_hash)`` for a row."""
    extras = _extras(problem)
    body = (
        EMPTY_BODY
        if extras is None
        else json.dumps(extras, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    )
    kind = problem.kind.value if problem.kind is not None else None
    tags = " ".join(problem.tags)
    raw = _SEP.join(
        (problem.prompt, problem.answer, kind or "", tags, problem.note_key or "", body)
    )
    digest = blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()
    return problem.note_key, problem.prompt, problem.answer, kind, body, tags, digest


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
