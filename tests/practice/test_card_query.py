"""The card search language: what each search parses to, and where a mistake is reported."""

from __future__ import annotations

import pytest

from trainer.practice.card_query import QueryError, parse_query
from trainer.store.search_tree import (
    And,
    DeckIs,
    Everything,
    KeyIs,
    Not,
    Or,
    PropIs,
    RatedIn,
    StateIs,
    TagIs,
    Text,
)

PARSED = [
    ("empty", "", Everything()),
    ("blank", "   ", Everything()),
    ("free text", "expand", Text("expand", 1)),
    ("quoted phrase keeps spaces", '"x + 1"', Text("x + 1", 1)),
    ("quoted colon is text", '"a:b"', Text("a:b", 1)),
    ("quoted or is text", 'x "or" y', And((Text("x", 1), Text("or", 3), Text("y", 8)))),
    ("hyphen inside a word", "x-1", Text("x-1", 1)),
    ("deck", "deck:algebra", DeckIs("algebra", 1)),
    ("deck field any case", "DECK:Algebra", DeckIs("Algebra", 1)),
    ("deck quoted name", 'deck:"Mental arithmetic"', DeckIs("Mental arithmetic", 1)),
    ("tag", "tag:quadratic", TagIs("quadratic", 1)),
    ("key", "key:expand-0*", KeyIs("expand-0*", 1)),
    ("is", "is:Due", StateIs("due", 1)),
    ("prop due", "prop:due<3", PropIs("due", "<", 3.0, 1)),
    ("prop lapses", "prop:lapses>=2", PropIs("lapses", ">=", 2.0, 1)),
    ("prop negative", "prop:due>=-1", PropIs("due", ">=", -1.0, 1)),
    ("prop not equal", "prop:reps!=0", PropIs("reps", "!=", 0.0, 1)),
    ("prop decimal", "prop:difficulty>7.5", PropIs("difficulty", ">", 7.5, 1)),
    ("rated", "rated:7", RatedIn(7, None, 1)),
    ("rated with rating", "rated:7:1", RatedIn(7, 1, 1)),
    ("negation", "-tag:x", Not(TagIs("x", 2))),
    ("double negation", "--tag:x", Not(Not(TagIs("x", 3)))),
    ("implicit and", "a b", And((Text("a", 1), Text("b", 3)))),
    ("explicit and", "a and b", And((Text("a", 1), Text("b", 7)))),
    ("or", "a or b", Or((Text("a", 1), Text("b", 6)))),
    ("OR upper", "a OR b", Or((Text("a", 1), Text("b", 6)))),
    (
        "and binds tighter than or",
        "a b or c",
        Or((And((Text("a", 1), Text("b", 3))), Text("c", 8))),
    ),
    (
        "parentheses",
        "a (b or c)",
        And((Text("a", 1), Or((Text("b", 4), Text("c", 9))))),
    ),
    (
        "negated group",
        "-(is:new or is:suspended) deck:x",
        And((Not(Or((StateIs("new", 3), StateIs("suspended", 13)))), DeckIs("x", 27))),
    ),
    ("nested parentheses", "((a))", Text("a", 3)),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in PARSED], ids=[n for n, _, _ in PARSED]
)
def test_parses(text: str, expected: object) -> None:
    assert parse_query(text) == expected


ERRORS = [
    ("unknown field", "is:new dekc:algebra", 8, "unknown field 'dekc:'"),
    ("empty value", "tag:", 5, "tag: needs a value"),
    ("unknown state", "is:nwe", 4, "is:nwe is not a state"),
    ("prop without comparison", "prop:due", 6, "needs a property, a comparison and a number"),
    ("unknown property", "prop:ease>2", 6, "unknown property 'ease'"),
    ("prop without number", "prop:lapses>=x", 14, "needs a number, got 'x'"),
    ("too large a number", "prop:due<" + "9" * 400, 10, "is too large"),
    ("control character", "ab\x00c", 3, "control character U+0000"),
    ("rated zero", "rated:0", 7, "rated: takes a number of days"),
    ("rated words", "rated:week", 7, "rated: takes a number of days"),
    ("rated bad rating", "rated:7:5", 9, "a rating is 1 (Again)"),
    ("trailing or", "a or", 3, "'or' needs a term on both sides"),
    ("leading or", "or a", 1, "'or' needs a term on both sides"),
    ("double or", "a or or b", 3, "'or' needs a term on both sides"),
    ("trailing and", "a and", 3, "'and' needs a term on both sides"),
    ("unclosed parenthesis", "a (b or c", 3, "'(' is never closed"),
    ("stray closing", "a b)", 4, "')' without a matching '('"),
    ("empty parentheses", "a ()", 3, "empty parentheses"),
    ("dangling minus", "a -", 3, "'-' must be followed by a term"),
    ("minus before space", "- a", 1, "'-' must be followed by a term"),
    ("unclosed quote", 'tag:x "abc', 7, "quote is never closed"),
]


@pytest.mark.parametrize(
    ("text", "column", "words"), [(t, c, w) for _, t, c, w in ERRORS], ids=[n for n, *_ in ERRORS]
)
def test_errors_name_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert info.value.column == column
    message = str(info.value)
    assert message.startswith(f"column {column}: ")
    assert words in message
    assert "\n" not in message
