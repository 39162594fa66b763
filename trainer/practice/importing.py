"""Importing a batch of decks, history and media into the collection: all or nothing.

``import_batch`` takes what a reader produced (``trainer.formats``) and applies it in ONE
write transaction. Per deck, problems are matched by key against the store:

* new problems are added, each with a new card at the end of the deck's new queue;
* changed problems (another content hash) are rewritten in place: the card, its
  schedule and its review history stay;
* problems the store has but the file no longer has are marked removed (``removed_at``),
  never deleted, so their history survives; a later import that has them again
  restores them.

A reader that stamps its source rows (``Deck.revisions``; Anki does) has already left
out the problems whose stamp the collection holds (``Deck.unchanged``, decided against
``known_revisions``, read before the write transaction). Inside it, each of those keys is
checked against the stored stamp again, so a collection changed in between is caught,
never silently kept. A built problem whose stamp changed but whose content did not is
counted unchanged and only restamped.

Then the history is replayed (``library_history``) and media are published. A dry run
does all of it and rolls back. Any error rolls everything back: the collection and the
media folder are as they were.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from trainer.domain import Deck, HistoryEntry, ImportBatch, Preset, Skipped
from trainer.errors import CollectionError, DeckFormatError, FormatProblem
from trainer.practice import library_media as media
from trainer.practice.library_history import import_history
from trainer.practice.services import Services
from trainer.store import importing as sql
from trainer.store.bulk_write import defer_wal_checkpoint
from trainer.store.problem_rows import encode_rows
from trainer.store.stored_problems import NO_STAMP, StoredDeck, StoredDecks
from trainer.store.types import to_ms

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

# progress(stage, done, total): stages "problems", "history".
ImportProgress = Callable[[str, int, int], None]
DEFAULT_PRESET_KEY = "default_preset"


@dataclass
class DeckReport:
    """What an import did to one deck."""

    key: str
    name: str
    created: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """Counts and keys of an import (or of what a dry run would have done)."""

    source: str
    dry_run: bool = False
    decks: list[DeckReport] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    history_imported: int = 0
    history_duplicates: int = 0
    cards_replayed: int = 0
    media_copied: int = 0

    @property
    def added(self) -> list[str]:
        return [k for d in self.decks for k in d.added]

    @property
    def updated(self) -> list[str]:
        return [k for d in self.decks for k in d.updated]

    @property
    def unchanged(self) -> int:
        return sum(d.unchanged for d in self.decks)

    @property
    def removed(self) -> list[str]:
        return [k for d in self.decks for k in d.removed]

    @property
    def restored(self) -> list[str]:
        return [k for d in self.decks for k in d.restored]


def _check_decks(decks: tuple[Deck, ...], source: str) -> None:
    seen: set[str] = set()
    for deck in decks:
        if deck.key in seen:
            raise DeckFormatError(
                FormatProblem(source, None, "deck", f"deck {deck.key!r} appears twice")
            )
        seen.add(deck.key)


def _encode(deck: Deck, source: str) -> list[sql.ProblemValues]:
    """Row values for the deck's problems; a key that appears twice is an error."""
    rows = encode_rows(deck.problems, deck.revisions)
    if len({row[0] for row in rows}) != len(rows):
        seen: set[str] = set()
        twice = [r[0] for r in rows if r[0] in seen or seen.add(r[0])]  # type: ignore[func-returns-value]
        raise DeckFormatError(
            [
                FormatProblem(source, None, "id", f"problem {key!r} twice in deck {deck.key!r}")
                for key in dict.fromkeys(twice)
            ]
        )
    return rows


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an import makes many small objects.

    Rows, tuples and problems form no cycles; left on, the collector rescans every live
    problem of the batch again and again while tens of thousands of row tuples are made.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Reading:
    """What a reader gave an import: the batch, and what the file says besides.

    ``created`` gives problems' creation times by key (a problems file with a
    ``created_ms`` column); ``history_deck`` (key or name) is the deck that history
    entries without a deck key belong to.
    """

    batch: ImportBatch
    created: Mapping[str, datetime] | None = None
    history_deck: str | None = None


# Reads the file, given each deck's stored stamps: ``known_revisions(deck_key)``.
ReadFile = Callable[[Callable[[str], Mapping[str, str]]], Reading]


def import_batch(
    services: Services,
    batch: ImportBatch,
    *,
    source: str,
    dry_run: bool = False,
    deck_name: str | None = None,
    progress: ImportProgress | None = None,
    bundled: bool = False,
    created: Mapping[str, datetime] | None = None,
) -> ImportReport:
    """Apply an already read ``batch`` in one transaction and say what changed.

    ``deck_name`` (key or name) is the deck that history entries without a deck key
    belong to (default: the batch's only deck). ``created`` optionally gives problems'
    creation times by key; otherwise it is now. ``bundled`` flags the decks as shipped
    with trainer. A deck's ``unchanged`` keys, decided outside this transaction, are
    checked against the store first (see ``import_read``).
    """
    reading = Reading(batch, created=created, history_deck=deck_name)
    return import_read(
        services,
        lambda _known: reading,
        source=source,
        dry_run=dry_run,
        progress=progress,
        bundled=bundled,
    )


def import_read(
    services: Services,
    read: ReadFile,
    *,
    source: str,
    dry_run: bool = False,
    progress: ImportProgress | None = None,
    bundled: bool = False,
) -> ImportReport:
    """Read a file with ``read`` and apply it, all inside one write transaction.

    ``read`` is given the stored stamps of each deck (``known_revisions``), read under the
    transaction's write lock and kept for the apply: each deck's problems are read once.
    ``read`` may be called again when the collection was busy and the transaction is
    retried, so it must only read. A deck whose stamps ``read`` asked for is applied as
    it says; a deck with ``unchanged`` keys decided elsewhere (``import_batch`` of a batch
    read earlier) is first checked: each such key must be stored at the stamp it was read
    at, else the import stops with nothing written.
    """
    with gc_paused():
        return _import_read(
            services, read, source=source, dry_run=dry_run, progress=progress, bundled=bundled
        )


def _import_read(
    services: Services,
    read: ReadFile,
    *,
    source: str,
    dry_run: bool,
    progress: ImportProgress | None,
    bundled: bool,
) -> ImportReport:
    now = services.clock()
    now_ms = to_ms(now)
    plans: list[media.MediaPlan] = []  # the media of the latest try

    def work(session: Session) -> ImportReport:
        for plan in plans:  # an earlier try's staged files
            media.discard(plan)
        plans.clear()
        conn = session.connection()  # on SQLite this takes the write lock (BEGIN IMMEDIATE)
        if not dry_run:
            defer_wal_checkpoint(conn)
        stored = StoredDecks(conn)
        reading = read(stored.revisions)
        batch = reading.batch
        _check_decks(batch.decks, source)
        plan = media.plan_media(batch.media, services.media_dir)
        plans.append(plan)
        decks = media.rename_references(batch.decks, plan.names)
        encoded = [_encode(deck, source) for deck in decks]
        created_ms = {k: to_ms(v) for k, v in (reading.created or {}).items()}
        report = ImportReport(source=source, dry_run=dry_run, skipped=list(batch.skipped))
        total = sum(len(d.problems) for d in decks)
        done = 0
        for deck, rows in zip(decks, encoded, strict=True):
            report.decks.append(
                _apply_deck(
                    conn,
                    deck,
                    rows,
                    stored.deck(deck.key),
                    checked=stored.served(deck.key),
                    source=source,
                    bundled=bundled,
                    now_ms=now_ms,
                    created_ms=created_ms,
                )
            )
            done += len(deck.problems)
            if progress is not None:
                progress("problems", done, total)
        if batch.history:
            with sql.indexes_rebuilt_after(conn, ("reviews", "cards"), len(batch.history)):
                _apply_history(conn, batch.history, reading.history_deck, report, progress)
        report.media_copied = plan.count
        if dry_run:
            session.rollback()
        else:
            media.stage(plan, services.media_dir)
        return report

    try:
        report = services.collection.run_write(work)
    except BaseException:
        for plan in plans:
            media.discard(plan)
        raise
    for plan in plans:
        media.publish(plan, services.media_dir)
    return report


def _apply_deck(
    conn: Connection,
    deck: Deck,
    rows: list[sql.ProblemValues],
    stored: StoredDeck,
    *,
    checked: bool,
    source: str,
    bundled: bool,
    now_ms: int,
    created_ms: dict[str, int],
) -> DeckReport:
    """Write one deck's problems; ``stored`` is the deck as this transaction read it.

    ``checked``: the reader decided ``deck.unchanged`` against ``stored`` itself, under
    this transaction's lock, so those keys are stored at their stamps; otherwise each is
    checked first.
    """
    if deck.unchanged and not checked:
        _check_unchanged(deck, stored, source)
    deck_id, created = sql.upsert_deck(conn, deck, source=source, bundled=bundled, now_ms=now_ms)
    report = DeckReport(key=deck.key, name=deck.name, created=created)
    restored: list[int] = []
    if deck.unchanged:
        unchanged = set(deck.unchanged)
        for key, pid in stored.removed.items():
            if key in unchanged:
                restored.append(pid)
                report.restored.append(key)
        others = stored.revisions.keys() - unchanged  # stored problems the reader built
        details = stored.details() if others else {}
        existing = {key: details[key] for key in others}
    else:
        existing = dict(stored.details())
    new_rows: list[sql.ProblemValues] = []
    new_times: list[int] = []
    changed: list[tuple[int, sql.ProblemValues]] = []
    pop = existing.pop
    restamped: list[tuple[str | None, int]] = []
    if not existing:  # a new deck (or nothing stored but skipped ones): every row is added
        new_rows = rows
        new_times = (
            [created_ms.get(values[0], now_ms) for values in rows]
            if created_ms
            else [now_ms] * len(rows)
        )
        report.added = [values[0] for values in rows]
        rows = []
    for values in rows:
        key = values[0]
        old = pop(key, None)
        if old is None:
            new_rows.append(values)
            new_times.append(created_ms.get(key, now_ms))
            report.added.append(key)
        elif old[1] != values[7]:
            changed.append((old[0], values))
            report.updated.append(key)
        else:
            report.unchanged += 1
            if old[2]:
                restored.append(old[0])
                report.restored.append(key)
            if old[3] != values[8]:
                restamped.append((values[8], old[0]))
    report.unchanged += len(deck.unchanged)
    gone = [(key, old[0]) for key, old in existing.items() if not old[2]]
    if new_rows:
        after = sql.max_problem_id(conn)
        sql.insert_problems(conn, deck_id, new_rows, new_times)
        sql.insert_cards_for_new_problems(conn, deck_id, after)
    if changed:
        sql.update_problems(conn, changed, now_ms)
    if restamped:
        sql.set_source_revs(conn, restamped)
    if restored:
        sql.set_removed(conn, restored, None)
    if gone:
        sql.set_removed(conn, [pid for _, pid in gone], now_ms)
        report.removed = [key for key, _ in gone]
    return report


def _check_unchanged(deck: Deck, stored: StoredDeck, source: str) -> None:
    """Each key the reader left unbuilt must be stored at the very stamp it saw.

    For a batch read before this transaction began: if the collection changed in
    between, the import stops and nothing is written.
    """
    revisions = deck.revisions
    have = stored.revisions
    for key in deck.unchanged:
        rev = have.get(key)
        if rev is None or rev == NO_STAMP or rev != revisions.get(key):
            raise _changed_meanwhile(deck, source, key)


def _changed_meanwhile(deck: Deck, source: str, key: str) -> CollectionError:
    return CollectionError(
        f"deck {deck.key!r} changed while {source} was being read "
        f"(problem {key!r}); nothing was imported, run the import again"
    )


def _resolve_deck(ids: dict[str, int], names: dict[str, int], wanted: str) -> int | None:
    from trainer.formats.options import slug

    if wanted in ids:
        return ids[wanted]
    folded = wanted.casefold()
    if folded in names:
        return names[folded]
    return ids.get(slug(wanted))


def _apply_history(
    conn: Connection,
    history: tuple[HistoryEntry, ...],
    deck_name: str | None,
    report: ImportReport,
    progress: ImportProgress | None,
) -> None:
    ids = sql.deck_ids(conn)
    names = {name.casefold(): i for i, name in sql.deck_names(conn).items()}
    default_id: int | None = None
    if deck_name is not None:
        default_id = _resolve_deck(ids, names, deck_name)
        if default_id is None:
            choices = ", ".join(sorted(ids)) or "none yet"
            raise DeckFormatError(
                FormatProblem(
                    report.source,
                    None,
                    "--deck",
                    f"no deck {deck_name!r} for the history (decks: {choices})",
                )
            )
    elif len(report.decks) == 1:
        default_id = ids[report.decks[0].key]
    groups: dict[int, dict[str, list[HistoryEntry]]] = {}
    lost: dict[str, int] = {}
    resolved: dict[str | None, int | None] = {None: default_id}
    for entry in history:
        deck_key = entry.deck_key
        if deck_key not in resolved:
            resolved[deck_key] = _resolve_deck(ids, names, deck_key) or default_id
        deck_id = resolved[deck_key]
        if deck_id is None:
            lost[deck_key or "?"] = lost.get(deck_key or "?", 0) + 1
            continue
        groups.setdefault(deck_id, {}).setdefault(entry.problem_key, []).append(entry)
    for deck_key, count in lost.items():
        report.skipped.append(
            Skipped(
                f"history deck {deck_key}",
                f"no such deck (say which with --deck); {count} review(s) left out",
            )
        )
    base = sql.setting(conn, DEFAULT_PRESET_KEY) or {}
    stored = sql.deck_presets(conn)
    presets = {d: Preset.from_dict({**base, **stored.get(d, {})}) for d in groups}
    keys = {i: k for k, i in ids.items()}

    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress("history", done, total)

    result = import_history(conn, groups, presets, keys, tick)
    report.history_imported += result.imported
    report.history_duplicates += result.duplicates
    report.cards_replayed += result.cards
    report.skipped.extend(result.skipped)
