"""Which deck a learner means by a name they typed: one rule for every command.

A deck argument matches, in this order: a key exactly, a key or a name ignoring case (and
Unicode form), then a unique prefix of a key or a name, likewise. An ambiguous prefix is
an error that lists the candidates on one line; no match lists the decks. Standard
library only, so the drill's plain ``sqlite3`` path and the SQLAlchemy queries share it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

from trainer.errors import NotFoundError

T = TypeVar("T")


def _listed(items: Sequence[T], key: Callable[[T], str], name: Callable[[T], str]) -> str:
    return ", ".join(
        f"{key(item)} ({name(item)})" if name(item) != key(item) else key(item)
        for item in sorted(items, key=key)
    )


def _fold(text: str) -> str:
    """Case and Unicode form ignored: "Café" typed decomposed or in capitals still matches."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def deck_candidates(
    wanted: str, items: Sequence[T], key: Callable[[T], str], name: Callable[[T], str]
) -> list[T]:
    """The decks ``wanted`` could mean, best rule first: one for a clear match, several
    for an ambiguous one, none for no match."""
    exact = [item for item in items if key(item) == wanted]
    if exact:
        return exact
    folded = _fold(wanted)
    if not folded:
        return []
    for rule in (
        lambda item: _fold(key(item)) == folded,
        lambda item: _fold(name(item)) == folded,
        lambda item: _fold(key(item)).startswith(folded) or _fold(name(item)).startswith(folded),
    ):
        found = [item for item in items if rule(item)]
        if found:
            return found
    return []


def pick_deck(
    wanted: str, items: Sequence[T], key: Callable[[T], str], name: Callable[[T], str]
) -> T:
    """The one deck ``wanted`` means; ``NotFoundError`` (one line) when none or several."""
    found = deck_candidates(wanted, items, key, name)
    if len(found) == 1:
        return found[0]
    if found:
        raise NotFoundError(
            f"deck {wanted!r} is ambiguous: it could be {_listed(found, key, name)}"
        )
    choices = ", ".join(sorted(key(item) for item in items)) or "none yet"
    raise NotFoundError(f"no deck {wanted!r} (decks: {choices})")
