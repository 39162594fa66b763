"""Importing a batch of decks, history and media into the collection: all or nothing.

``import_read`` runs a reader (``trainer.formats``) and applies what it produced in ONE
write transaction; ``import_batch`` applies a batch already read. Each deck's problems
are matched by key against the store (``trainer.store.deck_apply``): new ones added, changed ones
rewritten in place keeping their cards and history, missing ones marked removed.

A reader that stamps its source rows (``Deck.revisions``; Anki does) leaves out the
problems whose stamp the collection holds (``Deck.unchanged``, decided against
``known_revisions``). The reader runs inside the write transaction, with the lock held,
and its stamps come from ``StoredDecks``, the same one read of each deck's problems the
apply uses: the store cannot change between the two. A batch read before the
transaction (``import_batch``) has its unchanged keys checked against the store first.

Then the history is replayed (``trainer.store.history_import``) and media are published.
Every SQL statement runs behind ``trainer.store.import_write.ImportWrite``. A dry run
does all of it and rolls back. Any error rolls everything back: the collection and the
media folder are as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from trainer.domain import Deck, HistoryEntry, ImportBatch, Skipped
from trainer.errors import DeckFormatError, FormatProblem
from trainer.gc_pause import gc_paused
from trainer.practice import library_media as media
from trainer.practice.services import Services
from trainer.store.epoch import to_ms
from trainer.store.import_write import DeckReport, ImportWrite, run_import_write

# progress(stage, done, total): stages "problems", "history".
ImportProgress = Callable[[str, int, int], None]


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
    named_by_file: bool = False,
) -> ImportReport:
    """Read a file with ``read`` and apply it, all inside one write transaction.

    ``read`` is given the stored stamps of each deck (``known_revisions``), read under the
    transaction's write lock and kept for the apply: each deck's problems are read once.
    ``read`` may be called again when the collection was busy and the transaction is
    retried, so it must only read. A deck whose stamps ``read`` asked for is applied as
    it says; a deck with ``unchanged`` keys decided elsewhere (``import_batch`` of a batch
    read earlier) is first checked: each such key must be stored at the stamp it was read
    at, else the import stops with nothing written. ``named_by_file``: the deck was named
    after the file, so an existing deck of that name that shares no problem with the file
    is another deck, and the import stops (``deck_apply.apply_deck``).
    """
    with gc_paused():
        return _import_read(
            services,
            read,
            source=source,
            dry_run=dry_run,
            progress=progress,
            bundled=bundled,
            named_by_file=named_by_file,
        )


def _import_read(
    services: Services,
    read: ReadFile,
    *,
    source: str,
    dry_run: bool,
    progress: ImportProgress | None,
    bundled: bool,
    named_by_file: bool,
) -> ImportReport:
    now = services.clock()
    now_ms = to_ms(now)
    if not dry_run:  # finish or delete what a killed import left (media, temp folders)
        media.remove_import_leftovers(services.media_dir)
    plans: list[media.MediaPlan] = []  # the media of the latest try

    def work(write: ImportWrite) -> ImportReport:
        for plan in plans:  # an earlier try's staged files
            media.discard(plan)
        plans.clear()
        reading = read(write.known_revisions)
        batch = reading.batch
        _check_decks(batch.decks, source)
        plan = media.plan_media(batch.media, services.media_dir)
        plans.append(plan)
        decks = media.rename_references(batch.decks, plan.names)
        created_ms = {k: to_ms(v) for k, v in (reading.created or {}).items()}
        report = ImportReport(source=source, dry_run=dry_run, skipped=list(batch.skipped))
        total = sum(len(d.problems) for d in decks)
        done = 0
        for deck in decks:
            report.decks.append(
                write.apply_deck(
                    deck,
                    source=source,
                    bundled=bundled,
                    named_by_file=named_by_file,
                    now_ms=now_ms,
                    created_ms=created_ms,
                )
            )
            done += len(deck.problems)
            if progress is not None:
                progress("problems", done, total)
        if batch.history:
            _apply_history(write, batch.history, reading.history_deck, report, progress)
        report.media_copied = plan.count
        if dry_run:
            write.rollback()
        else:
            media.stage(plan, services.media_dir)
        return report

    try:
        report = run_import_write(services.collection, work, dry_run=dry_run)
    except BaseException:
        for plan in plans:
            media.discard(plan)
        raise
    for plan in plans:
        media.publish(plan, services.media_dir)
    return report


def _apply_history(
    write: ImportWrite,
    history: tuple[HistoryEntry, ...],
    deck_name: str | None,
    report: ImportReport,
    progress: ImportProgress | None,
) -> None:
    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress("history", done, total)

    only = report.decks[0].key if len(report.decks) == 1 else None
    result = write.apply_history(
        history, source=report.source, deck_name=deck_name, only_deck=only, tick=tick
    )
    report.history_imported += result.imported
    report.history_duplicates += result.duplicates
    report.cards_replayed += result.cards
    report.skipped.extend(result.skipped)
