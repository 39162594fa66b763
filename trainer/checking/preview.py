"""A fast "read as" preview for every keystroke: parse and render, no equivalence check."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.checking.checker import Unreadable, infer_kind, normalise_choice, normalise_text, read
from trainer.checking.limits import MAX_ATTEMPT_CHARS
from trainer.checking.rendering import render
from trainer.domain import AnswerKind, AnswerSpec


@dataclass(frozen=True)
class Preview:
    """How the attempt reads so far; ``error`` and ``column`` (1-based) when it does not."""

    read_as: str
    error: str | None = None
    column: int | None = None


def preview(spec: AnswerSpec, attempt: str) -> Preview:
    """How ``attempt`` would be read against ``spec``; never raises."""
    try:
        attempt = str(attempt)
        if len(attempt) > MAX_ATTEMPT_CHARS:
            return Preview("", f"too long (over {MAX_ATTEMPT_CHARS} characters)", None)
        if not attempt.strip():
            return Preview("")
        kind = spec.kind or infer_kind(spec)
        if kind == AnswerKind.TEXT:
            return Preview(normalise_text(attempt, spec.options.case_sensitive))
        if kind == AnswerKind.CHOICE:
            return Preview(normalise_choice(attempt).upper())
        try:
            return Preview(render(read(attempt, kind)))
        except Unreadable as exc:
            return Preview("", str(exc), exc.column)
    except Exception as exc:  # the preview must never break typing
        return Preview("", f"could not be read ({exc})", None)
