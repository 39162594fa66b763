"""Imported review history: matched to cards, replayed into FSRS state, stored as reviews.

Entries are matched to problems by ``(deck key, problem key)``. Each card's entries are
replayed in time order with the deck's preset (``trainer.scheduling.replay``: elapsed
time in scheduler-day numbers), and every entry becomes a review row carrying the card
state before and after it and the entry's ``source`` (self-rated imports stay marked as
such). The card then takes the replay's final state.

An entry at the same millisecond as a review the card already has is a duplicate (the
same log imported twice) and is left out. A card that already has reviews replays them
together with the new entries, so its state reflects its whole history; the stored rows
are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from trainer.domain import HistoryEntry, Preset, Rating, ReviewSource, Skipped
from trainer.errors import DeckFormatError, FormatProblem
from trainer.scheduling.replay import replay_card
from trainer.store import importing as sql
from trainer.store.types import EPOCH, from_ms

if TYPE_CHECKING:
    from sqlalchemy import Connection

LEECH_LAPSES = 8
DEFAULT_PRESET_KEY = "default_preset"
_MS = timedelta(milliseconds=1)
Tick = Callable[[int, int], None]


@dataclass
class HistoryResult:
    imported: int = 0
    duplicates: int = 0
    cards: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def _ms(value: datetime | None) -> int | None:
    return None if value is None else (value - EPOCH) // _MS


def _resolve_deck(ids: dict[str, int], names: dict[str, int], wanted: str) -> int | None:
    from trainer.formats.options import slug

    if wanted in ids:
        return ids[wanted]
    folded = wanted.casefold()
    if folded in names:
        return names[folded]
    return ids.get(slug(wanted))


def apply_history(
    conn: Connection,
    history: tuple[HistoryEntry, ...],
    *,
    source: str,
    deck_name: str | None,
    only_deck: str | None,
    tick: Tick | None = None,
) -> HistoryResult:
    """Match ``history`` to decks and store it (``import_history``). An entry without a
    deck key belongs to ``deck_name`` (key or name), else to ``only_deck`` (the key of the
    import's one deck); entries of no known deck are left out and reported."""
    ids = sql.deck_ids(conn)
    names = {name.casefold(): i for i, name in sql.deck_names(conn).items()}
    default_id: int | None = None
    if deck_name is not None:
        default_id = _resolve_deck(ids, names, deck_name)
        if default_id is None:
            choices = ", ".join(sorted(ids)) or "none yet"
            raise DeckFormatError(
                FormatProblem(
                    source,
                    None,
                    "--deck",
                    f"no deck {deck_name!r} for the history (decks: {choices})",
                )
            )
    elif only_deck is not None:
        default_id = ids[only_deck]
    groups: dict[int, dict[str, list[HistoryEntry]]] = {}
    lost: dict[str, int] = {}
    resolved: dict[str | None, int | None] = {None: default_id}
    for entry in history:
        deck_key = entry.deck_key
        if deck_key is not None and deck_key not in resolved:
            resolved[deck_key] = _resolve_deck(ids, names, deck_key) or default_id
        deck_id = resolved[deck_key]
        if deck_id is None:
            lost[deck_key or "?"] = lost.get(deck_key or "?", 0) + 1
            continue
        groups.setdefault(deck_id, {}).setdefault(entry.problem_key, []).append(entry)
    skipped = [
        Skipped(
            f"history deck {deck_key}",
            f"no such deck (say which with --deck); {count} review(s) left out",
        )
        for deck_key, count in lost.items()
    ]
    base = sql.setting(conn, DEFAULT_PRESET_KEY) or {}
    stored = sql.deck_presets(conn)
    presets = {d: Preset.from_dict({**base, **stored.get(d, {})}) for d in groups}
    keys = {i: k for k, i in ids.items()}
    result = import_history(conn, groups, presets, keys, tick)
    result.skipped[:0] = skipped
    return result


def import_history(
    conn: Connection,
    groups: dict[int, dict[str, list[HistoryEntry]]],
    presets: dict[int, Preset],
    deck_keys: dict[int, str],
    tick: Tick | None = None,
) -> HistoryResult:
    """Replay and store ``deck_id -> problem key -> entries``; cards must exist already."""
    result = HistoryResult()
    total = sum(len(e) for by_key in groups.values() for e in by_key.values())
    done = 0
    reviews: list[tuple[Any, ...]] = []
    states: list[tuple[Any, ...]] = []
    for deck_id, by_key in groups.items():
        cards = sql.card_ids_by_key(conn, deck_id)
        stored = sql.reviews_of_deck(conn, deck_id)
        preset = presets[deck_id]
        for key, entries in by_key.items():
            card_id = cards.get(key)
            if card_id is None:
                result.skipped.append(
                    Skipped(
                        f"history {deck_keys[deck_id]}/{key}",
                        f"no such problem in deck {deck_keys[deck_id]!r}; "
                        f"{len(entries)} review(s) left out",
                    )
                )
                done += len(entries)
                continue
            new, duplicates = _without_duplicates(entries, stored.get(card_id, ()))
            result.duplicates += duplicates
            if new:
                replayed = _replay(card_id, new, stored.get(card_id, ()), preset)
                reviews.extend(replayed[0])
                states.append(replayed[1])
                result.imported += len(replayed[0])
                result.cards += 1
            done += len(entries)
            if len(reviews) >= sql.BATCH_ROWS:
                sql.insert_reviews(conn, reviews)
                reviews.clear()
                if tick is not None:
                    tick(done, total)
    sql.insert_reviews(conn, reviews)
    sql.update_card_states(conn, states)
    if tick is not None:
        tick(total, total)
    return result


def _without_duplicates(
    entries: list[HistoryEntry], stored: Sequence[tuple[int, int, str]]
) -> tuple[list[HistoryEntry], int]:
    if not stored:
        return entries, 0
    seen = {at for at, _, _ in stored}
    kept = [e for e in entries if _ms(e.reviewed_at) not in seen]
    return kept, len(entries) - len(kept)


def _replay(
    card_id: int,
    new: list[HistoryEntry],
    stored: Sequence[tuple[int, int, str]],
    preset: Preset,
) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """Review rows for the new entries, and the card's final state row."""
    if stored:
        old = [
            HistoryEntry(
                problem_key="",
                reviewed_at=from_ms(at),
                rating=Rating(rating),
                source=ReviewSource(source) if source in _SOURCES else _GRADED,
            )
            for at, rating, source in stored
        ]
        wanted: set[int] | None = {id(e) for e in new}
        ordered = sorted([*old, *new], key=lambda e: e.reviewed_at)
    else:
        wanted = None
        ordered = new if _in_order(new) else sorted(new, key=lambda e: e.reviewed_at)
    final, pairs = replay_card(ordered, preset, card_id)
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    due_before: int | None = None
    last_before: int | None = None
    for entry, (before, after) in zip(ordered, pairs, strict=True):
        at = (entry.reviewed_at - EPOCH) // _MS
        due = None if after.due is None else (after.due - EPOCH) // _MS
        if wanted is None or id(entry) in wanted:
            append(
                (
                    card_id,
                    at,
                    int(entry.rating),
                    None,  # correct: another tool's rating is not a verdict of ours
                    None,
                    1,
                    entry.duration_ms,
                    "",
                    None,
                    None,
                    False,
                    False,
                    _SOURCE_TEXT[entry.source],
                    int(before.phase),
                    before.step,
                    before.stability,
                    before.difficulty,
                    due_before,
                    last_before,
                    before.reps,
                    before.lapses,
                    int(after.phase),
                    after.step,
                    after.stability,
                    after.difficulty,
                    due,
                )
            )
        due_before, last_before = due, at
    state = (
        int(final.phase),
        final.step,
        final.stability,
        final.difficulty,
        _ms(final.due),
        _ms(final.last_review),
        final.reps,
        final.lapses,
        final.lapses >= LEECH_LAPSES,
        card_id,
    )
    return rows, state


_SOURCES = {s.value for s in ReviewSource}
_SOURCE_TEXT = {s: s.value for s in ReviewSource}
_GRADED = ReviewSource.GRADED


def _in_order(entries: list[HistoryEntry]) -> bool:
    times = [e.reviewed_at for e in entries]
    return times == sorted(times)  # sorting a sorted list is one linear pass in C
