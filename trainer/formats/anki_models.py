"""Anki note types and deck names as plain records, and reading them from schema-11 JSON.

A legacy collection keeps its note types (``col.models``) and decks (``col.decks``) as
JSON text. A file from a stranger may hold any JSON there: a list, a string, a model id
``Infinity``, ``tmpls`` as a string, or arrays nested 100,000 deep. Each wrong shape is
one ``DeckFormatError`` naming the column and the note type, never a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from trainer.errors import DeckFormatError, FormatProblem

CLOZE_KIND = 1


@dataclass
class Template:
    ord: int
    name: str
    qfmt: str
    afmt: str


@dataclass
class NoteType:
    id: int
    name: str
    is_cloze: bool
    fields: list[str] = field(default_factory=list)
    templates: dict[int, Template] = field(default_factory=dict)


class _Shape(Exception):
    """A value of the wrong JSON type (turned into a located ``DeckFormatError``)."""


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(text: object, source: str, column: str) -> Any:
    """``col.<column>`` parsed, or a located error: not text, not JSON, nested too deeply."""
    if text is None or text == "":
        return {}
    if not isinstance(text, str):
        raise _error(source, column, f"is {type(text).__name__}, expected JSON text")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError as error:
        raise _error(source, column, "JSON nested too deeply") from error
    except ValueError as error:  # JSONDecodeError, digit limits, Infinity/NaN
        raise _error(source, column, f"not valid JSON ({error})") from error


def _error(source: str, column: str, message: str) -> DeckFormatError:
    return DeckFormatError(FormatProblem(source, None, f"col.{column}", message))


def _obj(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Shape(f"{what} is {_kind(value)}, expected an object")
    return value


def _list(value: object, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Shape(f"{what} is {_kind(value)}, expected a list")
    return value


def _int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Shape(f"{what} is {_kind(value)}, expected an integer")
    if isinstance(value, str):
        if not value.strip().lstrip("-").isdigit() or len(value) > 20:
            raise _Shape(f"{what} {value[:30]!r} is not an integer")
        value = int(value)
    if not -(2**63) <= value < 2**63:
        raise _Shape(f"{what} is out of range")
    return value


def _text(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Shape(f"{what} is {_kind(value)}, expected text")
    return value


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), f"a {type(value).__name__}")


def note_types_from_json(models: object, source: str) -> dict[int, NoteType]:
    """``col.models`` (already parsed) -> note types by id."""
    note_types: dict[int, NoteType] = {}
    try:
        for key, model in _obj(models, "the note type table").items():
            what = f"note type {str(key)[:40]!r}"
            model = _obj(model, what)
            nt_id = _int(model.get("id", key), f"{what}: id")
            kind = model.get("type", 0)
            nt = NoteType(nt_id, _text(model.get("name"), f"{what}: name"), kind == CLOZE_KIND)
            raw_fields = _list(model.get("flds", []), f"{what}: flds")
            flds = [_obj(f, f"{what}: a field") for f in raw_fields]
            flds.sort(key=lambda f: _int(f.get("ord", 0), f"{what}: a field's ord"))
            nt.fields = [_text(f.get("name"), f"{what}: a field's name") for f in flds]
            tmpls = _list(model.get("tmpls", []), f"{what}: tmpls")
            for i, raw in enumerate(tmpls):
                t = _obj(raw, f"{what}: a template")
                ord_ = _int(t.get("ord", i), f"{what}: a template's ord")
                nt.templates[ord_] = Template(
                    ord_,
                    _text(t.get("name"), f"{what}: a template's name"),
                    _text(t.get("qfmt"), f"{what}: qfmt"),
                    _text(t.get("afmt"), f"{what}: afmt"),
                )
            note_types[nt.id] = nt
    except _Shape as shape:
        raise _error(source, "models", str(shape)) from None
    return note_types


def deck_names_from_json(decks: object, source: str) -> dict[int, str]:
    """``col.decks`` (already parsed) -> deck names by id."""
    names: dict[int, str] = {}
    try:
        for key, deck in _obj(decks, "the deck table").items():
            what = f"deck {str(key)[:40]!r}"
            deck = _obj(deck, what)
            if "id" in deck:
                names[_int(deck["id"], f"{what}: id")] = _text(deck.get("name"), f"{what}: name")
    except _Shape as shape:
        raise _error(source, "decks", str(shape)) from None
    return names
