"""Source revisions of Anki notes, and setting aside the notes a re-import need not build.

A note's revision is a digest of its raw tags and fields under its note type's layout
(fields, templates, cloze or not), the field map and ``CONVERSION_REVISION``: everything
that decides the problems a normal note gives. Hashing the raw text, rather than
trusting Anki's ``mod`` alone, also catches a note edited without a new ``mod``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from hashlib import blake2b
from typing import Any

from trainer.formats.anki_built import Built, CardRef
from trainer.formats.anki_collection import Note, NoteType

# Bump when the conversion of notes to problems changes, so stored stamps stop matching
# and the next import rebuilds (and compares by content) every note.
CONVERSION_REVISION = "anki-2"
# Stored revisions of the deck a card's Anki deck id maps to: problem key -> revision.
KnownByDeck = Callable[[int], Mapping[str, str]]


def _layout_digest(note_type: NoteType, field_map: Mapping[str, str]) -> bytes:
    """What besides a note's own text decides its problems: the note type and the map."""
    layout = (
        CONVERSION_REVISION,
        note_type.is_cloze,
        note_type.fields,
        sorted((t.ord, t.qfmt, t.afmt) for t in note_type.templates.values()),
        sorted(field_map.items()),
    )
    return blake2b(repr(layout).encode("utf-8"), digest_size=16).digest()


def note_revision(layout: bytes, tags: str, flds: str) -> str:
    """A note's source revision: its raw tags and fields under its note type's layout."""
    digest = blake2b(layout, digest_size=12)
    digest.update(f"{len(tags)}:{tags}{flds}".encode())
    return digest.hexdigest()


def _stampers(note_types: dict[int, NoteType], field_map: Mapping[str, str]) -> dict[int, Any]:
    """Per note type, a digest already fed its layout (``copy()`` it per note: cheaper)."""
    return {
        mid: blake2b(_layout_digest(nt, field_map), digest_size=12)
        for mid, nt in note_types.items()
    }


def set_aside_unchanged(
    notes: list[Note],
    note_types: dict[int, NoteType],
    cards_by_note: dict[int, list[CardRef]],
    known: KnownByDeck | None,
    out: Built,
    field_map: Mapping[str, str],
    mapped: bool,
) -> tuple[list[Note], list[str]]:
    """Every note's revision (``note_revision``); with ``known``, unchanged notes set aside.

    A normal note without media is set aside when every card's problem (only card 1's
    with a prompt/answer map: ``mapped``) is stored at the note's revision; its problems
    go to ``out.unchanged``. Returns the notes still to build and their revisions.
    This loop runs once per note of the package, so it is written flat.
    """
    stampers = _stampers(note_types, field_map)
    revisions: list[str] = []
    add_revision = revisions.append
    if known is None:
        for _nid, _guid, mid, raw_tags, flds in notes:
            stamper = stampers.get(mid)
            if stamper is None:
                add_revision("")
                continue
            digest = stamper.copy()
            digest.update(f"{len(raw_tags)}:{raw_tags}{flds}".encode())
            add_revision(digest.hexdigest())
        return notes, revisions
    todo: list[Note] = []
    add_todo = todo.append
    add_unchanged = out.unchanged.append
    no_cards: list[CardRef] = []
    clozes = {mid for mid, nt in note_types.items() if nt.is_cloze}
    # Note types whose one-card notes take the inlined path below.
    plain = set() if mapped else set(stampers) - clozes
    last_did: int | None = None
    stored: Mapping[str, str] = {}
    for note in notes:
        nid, guid, mid, raw_tags, flds = note
        stamper = stampers.get(mid)
        if stamper is None:
            add_todo(note)
            add_revision("")
            continue
        digest = stamper.copy()
        digest.update(f"{len(raw_tags)}:{raw_tags}{flds}".encode())
        revision = digest.hexdigest()
        cards = cards_by_note.get(nid, no_cards)
        if (
            mid in plain
            and len(cards) == 1
            and "<img" not in flds
            and "<IMG" not in flds
            and "[sound:" not in flds
        ):  # the common note, inlined
            ord_, did, card_id = cards[0]
            key = guid + "/1" if ord_ == 0 else f"{guid}/{ord_ + 1}"
            if did != last_did:
                stored, last_did = known(did), did
            if stored.get(key) == revision:
                add_unchanged((did, key, revision, card_id))
            else:
                add_todo(note)
                add_revision(revision)
            continue
        if mid in clozes or not cards or "<img" in flds or "<IMG" in flds or "[sound:" in flds:
            add_todo(note)
            add_revision(revision)
            continue
        if mapped:
            first = next((c for c in cards if c[0] == 0), cards[0])
            wanted = [(f"{guid}/1", first[1], first[2])]
        else:
            wanted = [(f"{guid}/{ord_ + 1}", did, cid) for ord_, did, cid in cards]
        if all(known(did).get(key) == revision for key, did, _ in wanted):
            out.unchanged.extend((did, key, revision, cid) for key, did, cid in wanted)
        else:
            add_todo(note)
            add_revision(revision)
    return todo, revisions
