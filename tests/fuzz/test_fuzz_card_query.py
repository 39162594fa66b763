"""Hostile searches: the card search language never fails with anything but a located
``QueryError``, and every search it accepts runs as SQL on a real collection.

Hypothesis (derandomised, fixed example counts) joins fragments of the language with
punctuation, quotes, unicode and SQL-ish text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.clock import FrozenClock
from trainer.practice.browse import QueryError, search
from trainer.practice.card_query import parse_query
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.wiring import build_services

from ..conftest import T0

EXAMPLES = 150
FRAGMENTS = [
    "deck:", "deck:s", "deck:S*", "deck:\"Seed deck\"", "tag:", "tag:sum", "tag:su*",
    "key:", "key:p*", "is:", "is:new", "is:due", "is:bogus", "prop:", "prop:due<3",
    "prop:lapses>=2", "prop:ivl!=-1.5", "prop:x<1", "prop:due<", "rated:", "rated:7",
    "rated:7:1", "rated:0", "rated:7:9", "or", "OR", "and", "-", "--", "(", ")", "()",
    '"', '"a b"', "\\", "%", "_", "*", "'", ";", "DROP TABLE cards;", "' OR 1=1 --",
    "prop:due<99999999999", "prop:due>-99999999999", "prop:due>=-1e400",
    "prop:reps>1" + "0" * 400, "prop:due<" + "9" * 400,
    "x^2", "√", "é", "\x00", "\x1b[31m", "\u00a0", "\t", "  ", ":", "::", "a:b", "prop:due<<3",
]  # fmt: skip
QUERIES = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=8).map(
    lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts)
)
COLUMN = re.compile(r"column (\d+): \S")


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    home = tmp_path_factory.mktemp("fuzz-search")
    services = build_services(home=home, clock=FrozenClock(T0), import_bundled=False)
    deck = home / "seed.toml"
    deck.write_text(
        "format = 1\n[deck]\nid = 's'\nname = 'Seed deck'\nkind = 'integer'\n"
        "[[problems]]\nid = 'p1'\nprompt = '100% of 2'\nanswer = '2'\ntags = ['sum']\n",
        encoding="utf-8",
    )
    import_path(services, deck)
    yield services
    services.close()


def check_error(text: str, error: QueryError) -> None:
    message = str(error)
    match = COLUMN.match(message)
    assert match is not None, message
    assert 1 <= int(match.group(1)) <= len(text) + 1, (text, message)
    assert "\n" not in message


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(QUERIES)
def test_parse_or_a_located_error(text: str) -> None:
    try:
        parse_query(text)
    except QueryError as error:
        check_error(text, error)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(QUERIES)
def test_every_accepted_search_runs_on_the_store(collection: Services, text: str) -> None:
    try:
        found = search(collection, text, limit=5)
    except QueryError as error:
        check_error(text, error)
        return
    assert found.total >= len(found.cards)
    assert all(card.deck_key == "s" for card in found.cards)


def test_sql_text_is_only_ever_a_search(collection: Services, tmp_path: Path) -> None:
    for text in ('"\' OR 1=1 --"', '"; DROP TABLE cards; --"', "%", "_", "\\"):
        assert search(collection, text).total == (1 if text == "%" else 0)
    assert search(collection, "").total == 1  # the table is still there
