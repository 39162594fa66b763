"""Anki notes -> problems: which field is asked, which is the answer, one problem per card.

Keys are stable across re-imports of the same package: ``<note guid>/<n>`` where ``n`` is
the card's template number (normal notes), or ``<note guid>/c<n>`` for cloze ``n``.
Siblings share ``note_key`` = the note guid.

Work happens in two steps for speed: ``drafts`` picks the raw HTML of each side per card,
then ``finish`` converts all HTML of a package in one pass and builds the problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from trainer.domain import CheckOptions, Problem, Skipped
from trainer.formats import anki_html
from trainer.formats.anki_collection import Note, NoteType

_REFERENCE = re.compile(r"\{\{([^{}]+)\}\}")
_SPECIAL = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"})
IMAGE_OCCLUSION = "image-occlusion:"
UPDATE_STUB = "Please update to the latest Anki version"
_NO_OPTIONS = CheckOptions()
_PROBLEM_DEFAULTS = {
    "kind": None,
    "options": _NO_OPTIONS,
    "hints": (),
    "parameters": (),
    "constraints": (),
}
_ANSWER_SEP = {False: " ", True: ", "}  # cloze answers (several c1 gaps) are listed


@dataclass(frozen=True)
class Sides:
    """Which fields (by index) a card asks, expects, and shows as a worked solution."""

    prompt: tuple[int, ...]
    answer: tuple[int, ...]
    extra: tuple[int, ...] = ()


# ord, key, prompt parts, answer parts, solution parts, tags, note guid, media, deck id, card id
Draft = tuple[
    int,
    str,
    list[str],
    list[str],
    list[str],
    tuple[str, ...],
    str,
    tuple[str, ...],
    int,
    int | None,
]
CardRef = tuple[int, int, int | None]  # ord, deck id, card id
Progress = Callable[[int, int | None], None]


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


def card_sides(note_type: NoteType, ord_: int) -> tuple[list[str], list[str], list[str]] | None:
    """Field names card ``ord_`` of a normal note type asks, expects and adds as solution."""
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
            return prompt, answer, extra
    if ord_ == 0 and "Front" in fields and "Back" in fields:
        return ["Front"], ["Back"], []
    if ord_ == 0 and len(fields) >= 2:
        return [fields[0]], [fields[1]], []
    return None


def _media(parts: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for raw in parts:
        if "<img" in raw or "<IMG" in raw or "[sound:" in raw:
            out.extend(r for r in anki_html.media_references(raw) if r not in out)
    return tuple(out)


class NoteMapper:
    """Builds problems from notes, with an optional ``prompt=Field answer=Field`` map."""

    def __init__(self, field_map: Mapping[str, str], source: str) -> None:
        self.prompt_fields = _split(field_map.get("prompt"))
        self.answer_fields = _split(field_map.get("answer"))
        self.solution_fields = _split(field_map.get("solution"))
        self.source = source
        self._sides: dict[tuple[int, int], Sides | None] = {}
        self._tags: dict[str, tuple[str, ...]] = {}

    def where(self, guid: str, n: int | None = None) -> str:
        return f"{self.source}: note {guid}" + (f" card {n}" if n is not None else "")

    def _index_sides(self, note_type: NoteType, ord_: int) -> Sides | None:
        cache_key = (note_type.id, ord_)
        if cache_key not in self._sides:
            names = note_type.fields
            picked: tuple[list[str], list[str], list[str]] | None
            if self.prompt_fields or self.answer_fields:
                picked = (
                    list(self.prompt_fields or ("Front",)),
                    list(self.answer_fields or ("Back",)),
                    list(self.solution_fields),
                )
                if ord_ != 0 or any(f not in names for f in picked[0] + picked[1] + picked[2]):
                    picked = None
            else:
                picked = card_sides(note_type, ord_)
                if picked is not None and self.solution_fields:
                    picked = (picked[0], picked[1], [f for f in self.solution_fields if f in names])
            self._sides[cache_key] = (
                None
                if picked is None
                else Sides(*(tuple(names.index(f) for f in group) for group in picked))
            )
        return self._sides[cache_key]

    def _tags_of(self, raw: str) -> tuple[str, ...]:
        tags = self._tags.get(raw)
        if tags is None:
            tags = self._tags[raw] = tuple(dict.fromkeys(raw.split()))
        return tags

    def draft_all(
        self,
        notes: list[Note],
        note_types: dict[int, NoteType],
        cards_by_note: dict[int, list[CardRef]],
        progress: Progress | None = None,
    ) -> tuple[list[Draft], list[Skipped]]:
        """Drafts for every card of every note, and what was skipped (the hot loop)."""
        drafts: list[Draft] = []
        skipped: list[Skipped] = []
        sides_cache = self._sides
        tags_cache = self._tags
        mapped = bool(self.prompt_fields or self.answer_fields)
        no_cards: list[CardRef] = []
        total = len(notes)
        for i, note in enumerate(notes):
            if progress is not None and i % 5000 == 0:
                progress(i, total)
            nid, guid, mid, raw_tags, flds = note
            note_type = note_types.get(mid)
            if note_type is None:
                skipped.append(Skipped(self.where(guid), "its note type is missing"))
                continue
            cards = cards_by_note.get(nid, no_cards)
            if len(cards) > 1:
                cards.sort()
            values = flds.split("\x1f")
            missing = len(note_type.fields) - len(values)
            if missing > 0:
                values += [""] * missing
            if note_type.is_cloze:
                for draft in self._clozes(note, note_type, values, cards):
                    (skipped if isinstance(draft, Skipped) else drafts).append(draft)  # type: ignore[arg-type]
                continue
            tags = tags_cache.get(raw_tags)
            if tags is None:
                tags = self._tags_of(raw_tags)
            may_have_media = "<img" in flds or "<IMG" in flds or "[sound:" in flds
            if mapped:
                first = next((c for c in cards if c[0] == 0), cards[0] if cards else (0, 1, None))
                cards = [(0, first[1], first[2])]
            for ord_, did, card_id in cards:
                sides = sides_cache.get((mid, ord_))
                if sides is None and (mid, ord_) not in sides_cache:
                    sides = self._index_sides(note_type, ord_)
                if sides is None:
                    why = (
                        f"note type {note_type.name!r} lacks a mapped field"
                        if mapped
                        else f"cannot tell question from answer in {note_type.name!r}"
                    )
                    skipped.append(Skipped(self.where(guid, ord_ + 1), why))
                    continue
                picks = sides.prompt
                prompt = [values[picks[0]]] if len(picks) == 1 else [values[i] for i in picks]
                picks = sides.answer
                answer = [values[picks[0]]] if len(picks) == 1 else [values[i] for i in picks]
                extra = [values[i] for i in sides.extra] if sides.extra else []
                media = _media(prompt + answer + extra) if may_have_media else ()
                drafts.append(
                    (
                        ord_,
                        f"{guid}/{ord_ + 1}",
                        prompt,
                        answer,
                        extra,
                        tags,
                        guid,
                        media,
                        did,
                        card_id,
                    )
                )
        if progress is not None:
            progress(total, total)
        return drafts, skipped

    def _clozes(
        self, note: Note, note_type: NoteType, values: list[str], cards: list[CardRef]
    ) -> list[Draft | Skipped]:
        guid = note[1]
        names = note_type.fields
        text_name = (
            self.prompt_fields[0]
            if self.prompt_fields
            else ("Text" if "Text" in names else names[0] if names else "")
        )
        if text_name not in names:
            why = f"note type {note_type.name!r} has no field {text_name!r}"
            return [Skipped(self.where(guid), why)]
        text = values[names.index(text_name)]
        if IMAGE_OCCLUSION in text:
            return [Skipped(self.where(guid), "image occlusion note: not an answer-only problem")]
        extra_names = self.solution_fields or tuple(
            f for f in names if f != text_name and f in ("Back Extra", "Extra")
        )
        extra = [values[names.index(f)] for f in extra_names if f in names]
        media = _media([text, *extra])
        tags = self._tags_of(note[3])
        numbers = set(anki_html.cloze_numbers(text))
        by_number = {ord_ + 1: (did, cid) for ord_, did, cid in cards}
        wanted = sorted(set(by_number) & numbers) if cards else sorted(numbers)
        if not wanted:
            return [Skipped(self.where(guid), "cloze note without any {{c1::...}}")]
        fallback = (cards[0][1], None) if cards else (1, None)
        out: list[Draft | Skipped] = []
        for n in wanted:
            hidden, answers = anki_html.cloze_card(text, n)
            did, card_id = by_number.get(n, fallback)
            out.append(
                (n - 1, f"{guid}/c{n}", [hidden], answers, extra, tags, guid, media, did, card_id)
            )
        return out

    def finish(self, drafts: list[Draft]) -> list[Problem | Skipped]:
        """Convert every draft's HTML in one pass and build the problems."""
        raw: list[str] = []
        for draft in drafts:
            raw += draft[2]
            raw += draft[3]
            raw += draft[4]
        texts = anki_html.to_texts(raw)
        at = 0
        out: list[Problem | Skipped] = []
        new = object.__new__
        for ord_, key, prompt_parts, answer_parts, extra_parts, tags, guid, media, _, _ in drafts:
            n = len(prompt_parts)
            prompt = texts[at] if n == 1 else "\n\n".join(t for t in texts[at : at + n] if t)
            at += n
            n = len(answer_parts)
            answer = (
                texts[at]
                if n == 1
                else _ANSWER_SEP[guid + "/c" in key].join(t for t in texts[at : at + n] if t)
            )
            at += n
            n = len(extra_parts)
            solution = (
                ""
                if n == 0
                else texts[at]
                if n == 1
                else "\n\n".join(t for t in texts[at : at + n] if t)
            )
            at += n
            if not prompt or UPDATE_STUB in prompt:
                why = "Anki's 'please update' placeholder note" if prompt else "empty prompt"
                out.append(Skipped(self.where(guid, ord_ + 1), why))
            elif not answer:
                out.append(Skipped(self.where(guid, ord_ + 1), "empty answer"))
            else:
                # Problem is a frozen dataclass without __post_init__: filling __dict__
                # gives an object equal to Problem(...), three times faster.
                problem = new(Problem)
                problem.__dict__.update(
                    _PROBLEM_DEFAULTS,
                    key=key,
                    prompt=prompt,
                    answer=answer,
                    solution=solution,
                    tags=tags,
                    note_key=guid,
                    media=media,
                )
                out.append(problem)
        return out


def _split(mapped: str | None) -> tuple[str, ...]:
    if not mapped:
        return ()
    return tuple(p.strip() for p in mapped.split("+") if p.strip())
