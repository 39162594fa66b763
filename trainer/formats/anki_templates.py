"""Which fields an Anki card asks and which it expects, read from its card templates."""

from __future__ import annotations

import re

from trainer.formats.anki_collection import NoteType

_REFERENCE = re.compile(r"\{\{([^{}]+)\}\}")
_SPECIAL = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"})


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
