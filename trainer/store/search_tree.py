"""The card search language's query tree: what ``trainer.practice.card_query`` parses a
search into and ``trainer.store.card_search`` turns into SQL.

Standard library only (like ``drill_records``): the parser stays pure, and the tree is the
one contract between the two. Every node is a frozen dataclass; ``column`` is the 1-based
column of the term in the query text, for errors found after parsing (an unknown deck).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# ``is:`` states. "learning" includes relearning; "review" is every graduated card
# (review and relearning), as in Anki; "due" is a started card due before today's end.
STATES = ("new", "learning", "review", "due", "suspended", "buried", "leech")
State = Literal["new", "learning", "review", "due", "suspended", "buried", "leech"]

# ``prop:`` fields: due (in days from today: 0 today, 1 tomorrow, -1 yesterday), ivl
# (scheduled interval in days), reps, lapses, stability (days), difficulty (1-10), pos
# (the card's position among its deck's new cards).
PROPS = ("due", "ivl", "reps", "lapses", "stability", "difficulty", "pos")
Prop = Literal["due", "ivl", "reps", "lapses", "stability", "difficulty", "pos"]
OPERATORS = ("<=", ">=", "!=", "<", ">", "=")
Operator = Literal["<=", ">=", "!=", "<", ">", "="]


@dataclass(frozen=True)
class Text:
    """Free text: a case-insensitive substring of the prompt, answer or problem key;
    ``*`` matches any run of characters."""

    value: str
    column: int = 1


@dataclass(frozen=True)
class DeckIs:
    """``deck:NAME``; ``deck_ids`` is filled in once the name is resolved to decks."""

    name: str
    column: int = 1
    deck_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class TagIs:
    """``tag:NAME``: a tag of the problem, case-insensitive; ``*`` matches any run."""

    name: str
    column: int = 1


@dataclass(frozen=True)
class KeyIs:
    """``key:KEY``: the problem's key in its deck (``*`` matches any run)."""

    key: str
    column: int = 1


@dataclass(frozen=True)
class StateIs:
    state: State
    column: int = 1


@dataclass(frozen=True)
class PropIs:
    """``prop:FIELD OP NUMBER``, e.g. ``prop:due<3``, ``prop:lapses>=2``."""

    prop: Prop
    op: Operator
    value: float
    column: int = 1


@dataclass(frozen=True)
class RatedIn:
    """``rated:N`` (answered in the last N days, today included) or ``rated:N:R`` (with
    rating R, 1 Again .. 4 Easy)."""

    days: int
    rating: int | None = None
    column: int = 1


@dataclass(frozen=True)
class Not:
    term: Query


@dataclass(frozen=True)
class And:
    terms: tuple[Query, ...]


@dataclass(frozen=True)
class Or:
    terms: tuple[Query, ...]


@dataclass(frozen=True)
class Everything:
    """The empty query: every card."""


Query = Text | DeckIs | TagIs | KeyIs | StateIs | PropIs | RatedIn | Not | And | Or | Everything
