"""Browsing the collection: search cards, act on them, read a problem's history.

The service behind ``trainer cards`` and the TUI's browse screen. A search is a string in
the card search language (``trainer.practice.card_query``); mistakes are ``QueryError``
with a column. Every action takes card ids (from a search's ``cards``) and returns how
many cards it changed; each is one write transaction. ``forget`` resets a card to new
and keeps its reviews. "Today" and day offsets (``prop:due``, ``rated:``) follow the
collection's day-start hour.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from trainer.errors import NotFoundError
from trainer.practice.card_query import QueryError, parse_query
from trainer.practice.overview import default_preset
from trainer.scheduling.days import SchedulerDay
from trainer.store import card_actions
from trainer.store import card_search as sql
from trainer.store.card_search import CardListing, ReviewEntry, Window
from trainer.store.deck_match import deck_candidates
from trainer.store.decks import list_decks
from trainer.store.epoch import to_ms
from trainer.store.search_tree import And, DeckIs, Not, Or, Query

if TYPE_CHECKING:
    from trainer.practice.services import Services

__all__ = [
    "ACTIONS",
    "Action",
    "CardListing",
    "ProblemHistory",
    "QueryError",
    "ReviewEntry",
    "SearchResult",
    "apply_action",
    "problem_history",
    "search",
]

Action = Literal["suspend", "unsuspend", "bury", "unbury", "forget"]
ACTIONS: tuple[Action, ...] = ("suspend", "unsuspend", "bury", "unbury", "forget")


@dataclass(frozen=True)
class SearchResult:
    """The cards a search found (at most the limit asked for) and how many match."""

    query: str
    cards: list[CardListing]
    total: int


@dataclass(frozen=True)
class ProblemHistory:
    """A card with its problem, and every review of it, oldest first."""

    card: CardListing
    reviews: list[ReviewEntry]


def _window(services: Services) -> Window:
    now = services.clock()
    days = SchedulerDay.for_preset(default_preset(services))
    today = days.day_number(now)
    return Window(now_ms=to_ms(now), day_start=lambda offset: to_ms(days.day_start(today + offset)))


def _resolve_decks(query: Query, decks: Sequence[tuple[int, str, str]]) -> Query:
    """``deck:`` terms with their deck ids: a glob (``deck:alg*``) takes every deck whose
    key or name fits; a plain name takes the one deck it means (``deck_match``)."""
    if isinstance(query, DeckIs):
        if "*" in query.name:
            pattern = query.name.casefold()
            ids = tuple(
                i
                for i, key, name in decks
                if fnmatch.fnmatchcase(key.casefold(), pattern)
                or fnmatch.fnmatchcase(name.casefold(), pattern)
            )
            return replace(query, deck_ids=ids)
        found = deck_candidates(query.name, decks, lambda d: d[1], lambda d: d[2])
        if len(found) == 1:
            return replace(query, deck_ids=(found[0][0],))
        if found:
            listed = ", ".join(sorted(key for _, key, _ in found))
            raise QueryError(query.column, f"deck:{query.name} is ambiguous: it could be {listed}")
        choices = ", ".join(sorted(key for _, key, _ in decks)) or "none yet"
        raise QueryError(query.column, f"no deck {query.name!r} (decks: {choices})")
    if isinstance(query, Not):
        return Not(_resolve_decks(query.term, decks))
    if isinstance(query, And):
        return And(tuple(_resolve_decks(t, decks) for t in query.terms))
    if isinstance(query, Or):
        return Or(tuple(_resolve_decks(t, decks) for t in query.terms))
    return query


def search(services: Services, text: str, *, limit: int | None = None) -> SearchResult:
    """The cards matching the search ``text`` (by deck, then position in the deck)."""
    query = parse_query(text)
    window = _window(services)
    with services.collection.session_scope(write=False) as session:
        decks = [(d.id, d.key, d.name) for d in list_decks(session)]
        resolved = _resolve_decks(query, decks)
        cards, total = sql.search_cards(session, resolved, window, limit=limit)
    return SearchResult(query=text, cards=cards, total=total)


def apply_action(services: Services, action: Action, card_ids: Sequence[int]) -> int:
    """Suspend, unsuspend, bury (until the next day), unbury or forget the cards; returns
    how many changed (a card already so is left as it is)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    window = _window(services)

    return services.collection.run_write(
        lambda session: card_actions.act(session, action, card_ids, window)
    )


def problem_history(services: Services, card_id: int) -> ProblemHistory:
    """The card (its problem, deck and state) and its reviews: when, the rating, the
    verdict (correct, reason, override, revealed, hint) and each counted attempt."""
    now_ms = to_ms(services.clock())
    with services.collection.session_scope(write=False) as session:
        card = sql.card_listing(session, card_id, now_ms)
        if card is None:
            raise NotFoundError(f"no card with id {card_id}")
        return ProblemHistory(card=card, reviews=sql.card_reviews(session, card_id))
