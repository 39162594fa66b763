"""One deck of an import: its problems sorted into added, updated, unchanged and removed.

``apply_deck`` writes one deck's problems inside the import's transaction
(``trainer.store.import_write``), against that deck as ``StoredDecks`` read it:

* new problems are added, each with a new card at the end of the deck's new queue;
* changed problems (another content hash) are rewritten in place: the card, its
  schedule and its review history stay;
* problems the store has but the file no longer has are marked removed (``removed_at``),
  never deleted, so their history survives; a later import that has them again
  restores them;
* the keys a stamping reader left unbuilt (``Deck.unchanged``) count as unchanged; a
  built problem whose stamp changed but whose content did not is only restamped.

A deck named after its file (a CSV or JSONL without ``--deck``) that meets a stored deck
of that name sharing none of its problems is taken for another deck with a same-named
file (two ``test.jsonl``): the import stops rather than mark every stored problem
removed. Naming the deck explicitly says the file does replace it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trainer.domain import Deck
from trainer.errors import CollectionError, DeckFormatError, FormatProblem, TrainerError
from trainer.store import importing as sql
from trainer.store.problem_rows import encode_rows
from trainer.store.stored_problems import NO_STAMP, StoredDeck

if TYPE_CHECKING:
    from sqlalchemy import Connection


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


def encode_deck(deck: Deck, source: str) -> list[sql.ProblemValues]:
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


def apply_deck(
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
    named_by_file: bool = False,
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
    existing: dict[str, sql.StoredProblem]
    if deck.unchanged:
        unchanged = set(deck.unchanged)
        for key, pid in stored.removed.items():
            if key in unchanged:
                restored.append(pid)
                report.restored.append(key)
        existing = {}  # the stored problems the reader did not set aside, in id order
        if len(stored.revisions) > len(unchanged):  # the unchanged keys are all stored
            existing = {k: v for k, v in stored.details().items() if k not in unchanged}
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
    if named_by_file and gone and not (report.unchanged or report.updated or restored):
        raise _another_deck(deck, source, len(gone))
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


def _another_deck(deck: Deck, source: str, stored: int) -> TrainerError:
    return TrainerError(
        f"{source}: deck {deck.key!r} already holds {stored:,} problems and this file has "
        "none of them: it looks like another deck whose file has the same name. Nothing "
        f"was imported. Import it as its own deck with --deck NAME, or with --deck "
        f"{deck.key} if it really replaces that deck's problems."
    )


def _changed_meanwhile(deck: Deck, source: str, key: str) -> CollectionError:
    return CollectionError(
        f"deck {deck.key!r} changed while {source} was being read "
        f"(problem {key!r}); nothing was imported, run the import again"
    )
