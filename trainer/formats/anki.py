"""Anki packages (``.apkg`` decks, ``.colpkg`` collections) -> decks, history and media.

Every package format is read: legacy ``collection.anki2`` (schema 11),
``collection.anki21`` and the newest zstd-compressed ``collection.anki21b`` (schema 18),
whose media list is protobuf and whose media files are zstd frames. The dummy
``collection.anki2`` that newer exports carry is ignored when a newer collection is
present. The SQLite file is unpacked to a private temporary folder and deleted after.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from trainer.domain import (
    CardPhase,
    Deck,
    HistoryEntry,
    ImportBatch,
    MediaFile,
    Problem,
    Rating,
    ReviewSource,
    Skipped,
)
from trainer.errors import DeckFormatError, FormatProblem
from trainer.formats import protobuf_wire
from trainer.formats.anki_collection import Collection, read_collection
from trainer.formats.anki_notes import Built, CardRef, KnownByDeck, NoteMapper
from trainer.formats.limits import MAX_TEXT_CHARS, too_long
from trainer.formats.options import ReadOptions, slug
from trainer.formats.unpack_folder import unpack_folder
from trainer.formats.zip_safety import ZSTD_MAGIC, SafeZip, open_zip
from trainer.gc_pause import gc_paused

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
LATEST_PACKAGE = 3
# Anki revlog ``type``: 0 learn, 1 review, 2 relearn, 3 filtered/early review, 4 manual,
# 5 rescheduled. Manual and rescheduled entries are not reviews.
_PHASE_BY_TYPE = {
    0: CardPhase.LEARNING,
    1: CardPhase.REVIEW,
    2: CardPhase.RELEARNING,
    3: CardPhase.REVIEW,
}
DEFAULT_OPTIONS = ReadOptions()


def _package_version(archive: SafeZip) -> int:
    if "meta" not in archive:
        return 1
    try:
        return protobuf_wire.first_int(archive.read("meta"), 1, default=1)
    except protobuf_wire.WireError:
        return 1


def _media_map(archive: SafeZip, version: int, source: str) -> dict[str, str]:
    """File name -> zip member for the package's media."""
    if "media" not in archive:
        return {}
    packed = archive.head("media", len(ZSTD_MAGIC)) == ZSTD_MAGIC
    raw = archive.read("media", zstd=True)
    if packed or version >= LATEST_PACKAGE:
        entries = protobuf_wire.media_entries(raw, source)
        return {name: member for member, name in entries if name}
    try:
        legacy = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DeckFormatError(
            FormatProblem(source, None, "media", f"corrupt media list ({error})")
        ) from error
    if not isinstance(legacy, dict):
        raise DeckFormatError(FormatProblem(source, None, "media", "corrupt media list"))
    return {str(name): str(member) for member, name in legacy.items()}


def read_anki_package(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> ImportBatch:
    """Read an ``.apkg`` or ``.colpkg``: problems per deck, review history and media."""
    with gc_paused():
        return _read_package(path, options)


def _read_package(path: Path, options: ReadOptions) -> ImportBatch:
    source = str(path)
    with open_zip(path) as archive:
        member = next((name for name in COLLECTIONS if name in archive), None)
        if member is None:
            raise DeckFormatError(
                FormatProblem(
                    source, None, None, f"not an Anki package: no {', '.join(COLLECTIONS)} inside"
                )
            )
        version = _package_version(archive)
        media_members = _media_map(archive, version, source)
        with unpack_folder() as folder:
            db_path = folder / "collection.sqlite"
            archive.extract(member, db_path, zstd=True)
            collection = read_collection(db_path, f"{source}: {member}")
        batch = _build(collection, options, source)
        media, missing = _read_media(archive, batch.decks, media_members, version, source)
    skipped = batch.skipped + tuple(
        Skipped(f"{source}: media", f"{name!r} is referenced but not in the package")
        for name in missing
    )
    return ImportBatch(decks=batch.decks, history=batch.history, media=media, skipped=skipped)


def _read_media(
    archive: SafeZip, decks: tuple[Deck, ...], members: dict[str, str], version: int, source: str
) -> tuple[tuple[MediaFile, ...], list[str]]:
    wanted = dict.fromkeys(name for deck in decks for p in deck.problems for name in p.media)
    files: list[MediaFile] = []
    missing: list[str] = []
    for name in wanted:
        member = members.get(name)
        if member is None or member not in archive:
            missing.append(name)
            continue
        data = archive.read(member, zstd=version >= LATEST_PACKAGE)
        files.append(MediaFile(name=name, data=data))
    return tuple(files), missing


def _build(collection: Collection, options: ReadOptions, source: str) -> ImportBatch:
    mapper = NoteMapper(options.field_map, source)
    cards_by_note: dict[int, list[CardRef]] = defaultdict(list)
    for card_id, nid, did, ord_ in collection.cards:
        cards_by_note[nid].append((ord_, did, card_id))
    names = dict(collection.decks)
    names.setdefault(1, "Default")
    # Keys for every deck name up front (in deck-id order, so clashes resolve the same way
    # on every import of the package).
    keys = _deck_keys(
        [options.deck_name] if options.deck_name else [names[d] for d in sorted(names)]
    )

    def deck_name_of(did: int) -> str:
        return options.deck_name or names.get(did, "Default")

    built = mapper.build(
        collection.notes,
        collection.note_types,
        cards_by_note,
        options.progress,
        _known_by_deck(collection, options, keys, deck_name_of),
    )
    skipped = built.skipped
    skipped.extend(Skipped(mapper.where(where), why) for where, why in collection.refused)
    problems, deck_ids, card_ids = built.problems, built.deck_ids, built.card_ids
    revisions = built.revisions
    if any(
        len(p.prompt) > MAX_TEXT_CHARS
        or len(p.answer) > MAX_TEXT_CHARS
        or len(p.solution) > MAX_TEXT_CHARS
        for p in problems
    ):
        problems, deck_ids, card_ids, revisions = _drop_long(built, mapper, skipped)
    problem_keys = [p.key for p in problems]
    if len(set(problem_keys)) != len(problem_keys):  # only a damaged collection repeats guids
        problems, deck_ids, card_ids, revisions = _drop_repeated_keys(built, mapper, skipped)
        problem_keys = [p.key for p in problems]
    only_did = set(deck_ids)
    deck_of = (
        [options.deck_name] * len(problems)
        if options.deck_name
        else [names.get(only_did.pop(), "Default")] * len(problems)
        if len(only_did) == 1
        else [names.get(did, "Default") for did in deck_ids]
    )
    by_deck: dict[str, list[Problem]] = {}
    revisions_of: dict[str, dict[str, str]] = {}
    if len(set(deck_of)) == 1:  # the common case: one deck, no per-problem grouping
        by_deck[deck_of[0]] = problems
        revisions_of[deck_of[0]] = dict(zip(problem_keys, revisions, strict=True))
    else:
        for problem, deck_name, revision in zip(problems, deck_of, revisions, strict=True):
            by_deck.setdefault(deck_name, []).append(problem)
            revisions_of.setdefault(deck_name, {})[problem.key] = revision
    unchanged_of: dict[str, list[tuple[int, str, str, int | None]]] = {}
    if len({entry[0] for entry in built.unchanged}) == 1:  # one deck: no per-entry grouping
        unchanged_of[deck_name_of(built.unchanged[0][0])] = built.unchanged
    else:
        for entry in built.unchanged:
            unchanged_of.setdefault(deck_name_of(entry[0]), []).append(entry)
    for deck_name, entries in unchanged_of.items():
        by_deck.setdefault(deck_name, [])
        revisions_of.setdefault(deck_name, {}).update((e[1], e[2]) for e in entries)
    key_of_card: dict[int, tuple[str, str]] = {}
    if collection.reviews:
        for key, deck_name, source_card in zip(problem_keys, deck_of, card_ids, strict=True):
            if source_card is not None:
                key_of_card[source_card] = (key, keys[deck_name])
        for did, key, _, source_card in built.unchanged:
            if source_card is not None:
                key_of_card[source_card] = (key, keys[deck_name_of(did)])
    decks = tuple(
        Deck(
            key=keys[name],
            name=name,
            problems=tuple(ps),
            revisions=revisions_of.get(name, {}),
            unchanged=tuple(entry[1] for entry in unchanged_of.get(name, ())),
        )
        for name, ps in by_deck.items()
    )
    history, lost = _history(collection, key_of_card)
    if lost:
        skipped.append(
            Skipped(
                f"{source}: revlog",
                f"{lost} review(s) of cards that were not "
                "imported, or manual reschedulings, left out",
            )
        )
    return ImportBatch(decks=decks, history=history, skipped=tuple(skipped))


def _known_by_deck(
    collection: Collection,
    options: ReadOptions,
    keys: dict[str, str],
    deck_name_of: Callable[[int], str],
) -> KnownByDeck | None:
    """The stored revisions by Anki deck id, asked once per deck; ``None``: build all.

    A damaged collection that repeats a guid is always built in full, so the repeats
    are found and reported as before.
    """
    known = options.known_revisions
    if known is None:
        return None
    by_key: dict[str, Mapping[str, str]] = {}
    by_did: dict[int, Mapping[str, str]] = {}

    def lookup(did: int) -> Mapping[str, str]:
        found = by_did.get(did)
        if found is None:
            deck_key = keys[deck_name_of(did)]
            found = by_key.get(deck_key)
            if found is None:
                found = by_key[deck_key] = known(deck_key)
            by_did[did] = found
        return found

    # A first import into new decks has nothing to compare with: skip the comparing.
    if not any(lookup(did) for did in {card[2] for card in collection.cards}):
        return None
    guids = {note[1] for note in collection.notes}
    if len(guids) != len(collection.notes):
        return None
    return lookup


def _drop_repeated_keys(
    built: Built, mapper: NoteMapper, skipped: list[Skipped]
) -> tuple[list[Problem], list[int], list[int | None], list[str]]:
    seen: set[str] = set()
    kept: tuple[list[Problem], list[int], list[int | None], list[str]] = ([], [], [], [])
    for problem, deck_id, card_id, revision in zip(
        built.problems, built.deck_ids, built.card_ids, built.revisions, strict=True
    ):
        if problem.key in seen:
            where = mapper.where(problem.note_key or "")
            skipped.append(Skipped(where, f"duplicate key {problem.key}"))
            continue
        seen.add(problem.key)
        kept[0].append(problem)
        kept[1].append(deck_id)
        kept[2].append(card_id)
        kept[3].append(revision)
    return kept


def _drop_long(
    built: Built, mapper: NoteMapper, skipped: list[Skipped]
) -> tuple[list[Problem], list[int], list[int | None], list[str]]:
    """Leave out problems whose text is over the cap, each with its note and card."""
    kept: tuple[list[Problem], list[int], list[int | None], list[str]] = ([], [], [], [])
    for problem, deck_id, card_id, revision in zip(
        built.problems, built.deck_ids, built.card_ids, built.revisions, strict=True
    ):
        why = too_long(prompt=problem.prompt, answer=problem.answer, solution=problem.solution)
        if why:
            card = problem.key.rpartition("/")[2]
            skipped.append(Skipped(f"{mapper.where(problem.note_key or '')} card {card}", why))
            continue
        kept[0].append(problem)
        kept[1].append(deck_id)
        kept[2].append(card_id)
        kept[3].append(revision)
    built.problems, built.deck_ids, built.card_ids, built.revisions = kept
    return kept


def _deck_keys(names: list[str]) -> dict[str, str]:
    """A distinct key per name: its slug, else ``slug-2``, ``slug-3``...

    Each slug's search goes on where its last one stopped (everything before is taken,
    and stays taken): 8,000 decks of one name took 85 s when each search began at 2.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    next_n: dict[str, int] = {}
    for name in names:
        base = slug(name)
        key, n = base, next_n.get(base, 2)
        if key in used:
            key = f"{base}-{n}"
            while key in used:
                n += 1
                key = f"{base}-{n}"
            next_n[base] = n + 1
        used.add(key)
        out[name] = key
    return out


def _history(
    collection: Collection, keys: dict[int, tuple[str, str]]
) -> tuple[tuple[HistoryEntry, ...], int]:
    entries: list[HistoryEntry] = []
    lost = 0
    reviewed: set[int] = set()
    for at_ms, card_id, ease, took_ms, kind in collection.reviews:
        target = keys.get(card_id)
        phase = _PHASE_BY_TYPE.get(kind)
        if target is None or phase is None or not 1 <= ease <= 4:
            lost += 1
            continue
        if card_id not in reviewed:
            reviewed.add(card_id)
            if kind == 0:
                phase = CardPhase.NEW
        entries.append(
            HistoryEntry(
                problem_key=target[0],
                reviewed_at=datetime.fromtimestamp(at_ms / 1000, tz=UTC),
                rating=Rating(ease),
                phase=phase,
                duration_ms=max(took_ms, 0),
                deck_key=target[1],
                source=ReviewSource.IMPORTED_SELF_RATED,
            )
        )
    return tuple(entries), lost
