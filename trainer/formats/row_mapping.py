"""Turn one record of a table or JSON file into a ``Problem``, or say why it was skipped.

Shared by the CSV/TSV, JSONL and JSON-array readers: the field map (user's ``--map`` on
top of default column names), the answer marker, value normalisation and problem keys.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from trainer.domain import AnswerKind, Problem, Skipped
from trainer.formats.limits import MAX_KEY_CHARS, too_long

DEFAULT_SOURCES: dict[str, tuple[str, ...]] = {
    "prompt": ("prompt", "question", "front", "problem", "q"),
    "answer": ("answer", "back", "a", "result", "final_answer"),
    "id": ("id", "key", "unique_id", "uid"),
    "tags": ("tags", "tag"),
    "kind": ("kind",),
    "solution": ("solution", "explanation", "rationale", "worked_solution"),
    "hints": ("hints", "hint"),
    "note": ("note", "group"),
}

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CALCULATOR = re.compile(r"<<[^<>]*>>")
_TAG_SPLIT = re.compile(r"[,;]")
_SPACES = re.compile(r"\s+")

Lookup = Callable[[str], Any]
_END = object()


def text_of(value: Any) -> str | None:
    """A cell or JSON value as text; ``None`` for a missing or empty value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):  # flattened without recursion: a list may nest 100k deep
        parts: list[str] = []
        stack = [iter(value)]
        while stack:
            item = next(stack[-1], _END)
            if item is _END:
                stack.pop()
            elif isinstance(item, list):
                stack.append(iter(item))
            elif (text := text_of(item)) is not None:
                parts.append(text)
        return ", ".join(parts) or None
    if isinstance(value, dict):
        return None
    text = str(value).strip()
    return text or None


def tags_of(values: list[Any]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        items: list[str | None]
        if isinstance(value, list):
            items = [text_of(v) for v in value]
        else:
            text = text_of(value) or ""
            items = list(_TAG_SPLIT.split(text) if _TAG_SPLIT.search(text) else text.split())
        for item in items:
            if item and item.strip() and item.strip() not in out:
                out.append(item.strip())
    return tuple(out)


def prompt_key(prompt: str) -> str:
    """A stable key from a prompt, so a re-import of a file without ids still matches."""
    normal = _SPACES.sub(" ", prompt).strip()
    return "h-" + hashlib.blake2b(normal.encode("utf-8"), digest_size=8).hexdigest()


def after_marker(answer: str, marker: str) -> tuple[str, str] | None:
    """``(final answer, worked solution)`` split at the last ``marker``, or ``None``."""
    at = answer.rfind(marker)
    if at < 0:
        return None
    final = _THOUSANDS.sub("", answer[at + len(marker) :].strip())
    solution = _CALCULATOR.sub("", answer[:at]).strip()
    return final, solution


class RecordMapper:
    """Maps records to problems for one file; remembers keys to skip duplicates."""

    def __init__(self, field_map: Mapping[str, str], answer_marker: str | None) -> None:
        self.field_map = dict(field_map)
        self.answer_marker = answer_marker
        self._seen: dict[str, str] = {}

    def sources(self, name: str) -> list[str]:
        """The source names for our field ``name``: mapped (``a+b`` joins) or the defaults."""
        mapped = self.field_map.get(name)
        if mapped is not None:
            return [part.strip() for part in mapped.split("+") if part.strip()]
        return list(DEFAULT_SOURCES[name])

    def is_mapped(self, name: str) -> bool:
        return name in self.field_map

    def map(self, get: Callable[[str], list[Any]], location: str) -> Problem | Skipped:
        """``get(field)`` returns the raw values of our field (several when joined)."""
        prompt = _joined(get("prompt"), "\n\n")
        if not prompt:
            return Skipped(location, "no prompt (empty or missing)")
        answer = _joined(get("answer"), " ")
        if not answer:
            return Skipped(location, "no answer (empty or missing)")
        solution = _joined(get("solution"), "\n\n") or ""
        if self.answer_marker:
            split = after_marker(answer, self.answer_marker)
            if split is None:
                return Skipped(location, f"answer has no {self.answer_marker!r} marker")
            answer, worked = split
            if not answer:
                return Skipped(location, f"nothing after the {self.answer_marker!r} marker")
            solution = solution or worked
        kind = None
        kind_text = _joined(get("kind"), " ")
        if kind_text:
            try:
                kind = AnswerKind.parse(kind_text)
            except ValueError:
                return Skipped(location, f"unknown kind {kind_text!r}")
        hints = tuple(h for h in (text_of(v) for v in _flatten(get("hints"))) if h)
        why = too_long(
            prompt=prompt, answer=answer, solution=solution, hint=max(hints, key=len, default="")
        )
        if why:
            return Skipped(location, why)
        key = _joined(get("id"), "-") or prompt_key(prompt)
        if len(key) > MAX_KEY_CHARS:
            return Skipped(location, f"id is over {MAX_KEY_CHARS} characters")
        if key in self._seen:
            what = "id" if _joined(get("id"), "-") else "prompt"
            return Skipped(
                location, f"duplicate {what} (same as {self._seen[key]}); kept the first"
            )
        self._seen[key] = location
        return Problem(
            key=key,
            prompt=prompt,
            answer=answer,
            kind=kind,
            solution=solution,
            hints=hints,
            tags=tags_of(get("tags")),
            note_key=_joined(get("note"), "-"),
        )


def _flatten(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        out.extend(value if isinstance(value, list) else [value])
    return out


def _joined(values: list[Any], separator: str) -> str | None:
    parts = [t for t in (text_of(v) for v in values) if t]
    return separator.join(parts) if parts else None
