"""Anki notes -> problems: which field is asked, which is the answer, one problem per card.

Keys are stable across re-imports of the same package: ``<note guid>/<n>`` where ``n`` is
the card's template number (normal notes) or cloze number (cloze notes). Siblings share
``note_key`` = the note guid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from trainer.domain import Problem, Skipped
from trainer.formats import anki_html
from trainer.formats.anki_collection import Note, NoteType

_REFERENCE = re.compile(r"\{\{([^{}]+)\}\}")
_SPECIAL = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"})
IMAGE_OCCLUSION = "image-occlusion:"
UPDATE_STUB = "Please update to the latest Anki version"


@dataclass(frozen=True)
class Sides:
    """Which fields a card asks and which it expects."""

    prompt: tuple[str, ...]
    answer: tuple[str, ...]
    extra: tuple[str, ...] = ()


def _references(template: str, fields: list[str]) -> tuple[list[str], list[str]]:
    """(all referenced fields, fields referenced as ``{{type:X}}``), in order."""
    seen: list[str] = []
    typed: list[str] = []
    for match in _REFERENCE.finditer(template):
        inner = match.group(1).strip()
        if inner[:1] in "#^/!":
            continue
        parts = inner.split(":")
        name = parts[-1].strip()
        if name in _SPECIAL or name not in fields:
            continue
        if "type" in (p.strip() for p in parts[:-1]) and name not in typed:
            typed.append(name)
        if name not in seen:
            seen.append(name)
    return seen, typed


def card_sides(note_type: NoteType, ord_: int) -> Sides | None:
    """What card ``ord_`` of a normal note type asks and answers, from its templates."""
    fields = note_type.fields
    template = note_type.templates.get(ord_)
    if template is not None:
        asked, typed = _references(template.qfmt, fields)
        shown, typed_back = _references(template.afmt, fields)
        typed = typed or typed_back
        if typed:
            answer = typed[:1]
            prompt = [f for f in asked if f not in answer]
        else:
            prompt = asked
            rest = [f for f in shown if f not in asked]
            answer = ["Back"] if "Back" in rest else rest[:1]
        extra = [f for f in shown if f not in prompt and f not in answer]
        if prompt and answer:
            return Sides(tuple(prompt), tuple(answer), tuple(extra))
    if ord_ == 0 and "Front" in fields and "Back" in fields:
        return Sides(("Front",), ("Back",))
    if ord_ == 0 and len(fields) >= 2:
        return Sides((fields[0],), (fields[1],))
    return None


def _join(values: Mapping[str, str], names: tuple[str, ...], sep: str = "\n\n") -> str:
    return sep.join(t for t in (anki_html.to_text(values.get(n, "")) for n in names) if t)


def _media(values: Mapping[str, str], names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        raw = values.get(name, "")
        if "<img" in raw or "<IMG" in raw or "[sound:" in raw:
            out.extend(r for r in anki_html.media_references(raw) if r not in out)
    return tuple(out)


def _tags(note: Note) -> tuple[str, ...]:
    return tuple(dict.fromkeys(note.tags.split()))


class NoteMapper:
    """Builds problems from notes, with an optional ``prompt=Field answer=Field`` map."""

    def __init__(self, field_map: Mapping[str, str], source: str) -> None:
        self.prompt_fields = _split(field_map.get("prompt"))
        self.answer_fields = _split(field_map.get("answer"))
        self.solution_fields = _split(field_map.get("solution"))
        self.source = source
        self._sides: dict[tuple[int, int], Sides | None] = {}

    def _where(self, note: Note, n: int | None = None) -> str:
        return f"{self.source}: note {note.guid}" + (f" card {n}" if n is not None else "")

    def problems(
        self, note: Note, note_type: NoteType, ords: list[int]
    ) -> list[tuple[int, Problem | Skipped]]:
        """``(card ord, problem or why not)`` for each card of the note."""
        values = dict(zip(note_type.fields, note.flds.split("\x1f"), strict=False))
        if note_type.is_cloze:
            return self._clozes(note, note_type, values, ords)
        if self.prompt_fields or self.answer_fields:
            sides = Sides(self.prompt_fields or ("Front",), self.answer_fields or ("Back",))
            missing = [f for f in sides.prompt + sides.answer if f not in values]
            if missing:
                why = f"note type {note_type.name!r} has no field {missing[0]!r}"
                return [(0, Skipped(self._where(note), why))]
            return [(0, self._problem(note, values, sides, f"{note.guid}/1"))]
        out: list[tuple[int, Problem | Skipped]] = []
        for ord_ in ords:
            cache_key = (note_type.id, ord_)
            if cache_key not in self._sides:
                self._sides[cache_key] = card_sides(note_type, ord_)
            sides = self._sides[cache_key]
            if sides is None:
                out.append(
                    (
                        ord_,
                        Skipped(
                            self._where(note, ord_ + 1),
                            f"cannot tell question from answer in {note_type.name!r}",
                        ),
                    )
                )
                continue
            out.append((ord_, self._problem(note, values, sides, f"{note.guid}/{ord_ + 1}", ord_)))
        return out

    def _problem(
        self, note: Note, values: dict[str, str], sides: Sides, key: str, ord_: int | None = None
    ) -> Problem | Skipped:
        prompt = _join(values, sides.prompt)
        answer = _join(values, sides.answer, " ")
        where = self._where(note, None if ord_ is None else ord_ + 1)
        if UPDATE_STUB in prompt:
            return Skipped(where, "Anki's 'please update' placeholder note")
        if not prompt:
            return Skipped(where, f"empty prompt (field {', '.join(sides.prompt)})")
        if not answer:
            return Skipped(where, f"empty answer (field {', '.join(sides.answer)})")
        extra = self.solution_fields or sides.extra
        return Problem(
            key=key,
            prompt=prompt,
            answer=answer,
            solution=_join(values, extra),
            tags=_tags(note),
            note_key=note.guid,
            media=_media(values, sides.prompt + sides.answer + tuple(extra)),
        )

    def _clozes(
        self, note: Note, note_type: NoteType, values: dict[str, str], ords: list[int]
    ) -> list[tuple[int, Problem | Skipped]]:
        text_field = (
            self.prompt_fields[0]
            if self.prompt_fields
            else ("Text" if "Text" in values else note_type.fields[0] if note_type.fields else "")
        )
        text = values.get(text_field, "")
        if IMAGE_OCCLUSION in text:
            return [
                (
                    ords[0] if ords else 0,
                    Skipped(self._where(note), "image occlusion note: not an answer-only problem"),
                )
            ]
        extra_names = self.solution_fields or tuple(
            f for f in note_type.fields if f != text_field and f in ("Back Extra", "Extra")
        )
        solution = _join(values, extra_names)
        media = _media(values, (text_field, *extra_names))
        numbers = set(anki_html.cloze_numbers(text))
        wanted = sorted({o + 1 for o in ords} & numbers) if ords else sorted(numbers)
        out: list[tuple[int, Problem | Skipped]] = []
        for n in wanted:
            hidden, answers = anki_html.cloze_card(text, n)
            prompt = anki_html.to_text(hidden)
            answer = ", ".join(a for a in (anki_html.to_text(x) for x in answers) if a)
            if not prompt or not answer:
                out.append(
                    (n - 1, Skipped(self._where(note, n), f"cloze c{n} has an empty answer"))
                )
                continue
            out.append(
                (
                    n - 1,
                    Problem(
                        key=f"{note.guid}/c{n}",
                        prompt=prompt,
                        answer=answer,
                        solution=solution,
                        tags=_tags(note),
                        note_key=note.guid,
                        media=media,
                    ),
                )
            )
        if not out:
            out.append((0, Skipped(self._where(note), "cloze note without any {{c1::...}}")))
        return out


def _split(mapped: str | None) -> tuple[str, ...]:
    if not mapped:
        return ()
    return tuple(p.strip() for p in mapped.split("+") if p.strip())
