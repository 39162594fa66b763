"""The card search language, parsed into a query tree (``trainer.store.search_tree``).

In Anki's spirit::

    expand                 free text: prompt, answer or problem key contain it (* = any run)
    "x + 1"                a quoted phrase (spaces, or words like `or`, taken literally)
    deck:algebra           key or name, case-insensitive, or a unique prefix of either
    tag:quadratic          a tag (* = any run: tag:equa*)
    key:expand-01          a problem key
    is:new  is:learning  is:review  is:due  is:suspended  is:buried  is:leech
    prop:due<3  prop:lapses>=2  prop:ivl>30  (due ivl reps lapses stability difficulty pos)
    rated:7  rated:7:1     answered in the last 7 days (today included), with rating 1
    -tag:x                 negation
    a b   a and b          both;  a or b: either; and binds tighter than or
    ( ... )                grouping

A small recursive-descent parser; pure (no I/O). A mistake is a ``QueryError`` whose
message starts with the 1-based column: ``column 9: unknown field 'dekc:' ...``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from trainer.errors import TrainerError
from trainer.store.search_tree import (
    OPERATORS,
    PROPS,
    STATES,
    And,
    DeckIs,
    Everything,
    KeyIs,
    Not,
    Operator,
    Or,
    Prop,
    PropIs,
    Query,
    RatedIn,
    StateIs,
    TagIs,
    Text,
)

__all__ = ["FIELDS", "QueryError", "parse_query"]

FIELDS = ("deck", "tag", "key", "is", "prop", "rated")
MAX_RATED_DAYS = 36_500
_PROP = re.compile(r"([a-z]+)\s*(" + "|".join(re.escape(op) for op in OPERATORS) + r")\s*(.*)")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)


class QueryError(TrainerError):
    """A search that cannot be read; the message names the column (1-based)."""

    def __init__(self, column: int, message: str) -> None:
        self.column = column
        self.detail = message
        super().__init__(f"column {column}: {message}")


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "(", ")", "-"
    text: str
    column: int
    quoted: bool = False  # some of the word was in quotes: never an operator
    bare: str = ""  # the word up to its first quote: a field prefix counts only here


def _tokens(text: str) -> list[_Token]:
    for at, char in enumerate(text):
        if unicodedata.category(char) == "Cc" and not char.isspace():
            raise QueryError(at + 1, f"control character U+{ord(char):04X} cannot be searched for")
    out: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "()":
            out.append(_Token(char, char, i + 1))
            i += 1
            continue
        if char == "-" and (not out or out[-1].kind != "word" or text[i - 1].isspace()):
            if i + 1 >= n or text[i + 1].isspace() or text[i + 1] == ")":
                raise QueryError(i + 1, "'-' must be followed by a term to leave out, e.g. -tag:x")
            out.append(_Token("-", "-", i + 1))
            i += 1
            continue
        start, quoted = i, False
        parts: list[str] = []
        bare: str | None = None
        while i < n and not text[i].isspace() and text[i] not in "()":
            if text[i] == '"':
                if bare is None:
                    bare = "".join(parts)
                quoted = True
                close = i + 1
                chunk: list[str] = []
                while close < n and text[close] != '"':
                    if text[close] == "\\" and close + 1 < n:
                        close += 1
                    chunk.append(text[close])
                    close += 1
                if close >= n:
                    raise QueryError(i + 1, 'this quote is never closed (add a closing ")')
                parts.append("".join(chunk))
                i = close + 1
                continue
            parts.append(text[i])
            i += 1
        word = "".join(parts)
        out.append(_Token("word", word, start + 1, quoted, word if bare is None else bare))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def _peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _end_column(self) -> int:
        return len(self.text) + 1

    @staticmethod
    def _is_word(token: _Token | None, word: str) -> bool:
        return (
            token is not None
            and token.kind == "word"
            and not token.quoted
            and token.text.lower() == word
        )

    def parse(self) -> Query:
        if not self.tokens:
            return Everything()
        query = self._or()
        token = self._peek()
        if token is not None:  # only a stray ")" stops _or early
            raise QueryError(token.column, "')' without a matching '('")
        return query

    def _or(self) -> Query:
        terms = [self._and()]
        while self._is_word(self._peek(), "or"):
            token = self.tokens[self.at]
            self.at += 1
            if self._starts_term(self._peek()) is False:
                raise QueryError(token.column, "'or' needs a term on both sides")
            terms.append(self._and())
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def _starts_term(self, token: _Token | None) -> bool:
        if token is None or token.kind == ")":
            return False
        return not (self._is_word(token, "or") or self._is_word(token, "and"))

    def _and(self) -> Query:
        token = self._peek()
        if not self._starts_term(token):
            column = token.column if token is not None else self._end_column()
            if token is not None and token.kind == "word":
                raise QueryError(column, f"'{token.text}' needs a term on both sides")
            if token is not None and token.kind == ")":
                raise QueryError(column, "')' without a matching '(' or with nothing inside")
            raise QueryError(column, "expected a search term here")
        terms = [self._unary()]
        while True:
            token = self._peek()
            if self._is_word(token, "and"):
                assert token is not None
                self.at += 1
                if not self._starts_term(self._peek()):
                    raise QueryError(token.column, "'and' needs a term on both sides")
                continue
            if not self._starts_term(token):
                break
            terms.append(self._unary())
        return terms[0] if len(terms) == 1 else And(tuple(terms))

    def _unary(self) -> Query:
        token = self.tokens[self.at]
        if token.kind == "-":
            self.at += 1
            following = self._peek()
            if not self._starts_term(following):
                raise QueryError(token.column, "'-' must be followed by a term to leave out")
            return Not(self._unary())
        if token.kind == "(":
            self.at += 1
            inner = self._peek()
            if inner is not None and inner.kind == ")":
                raise QueryError(token.column, "empty parentheses")
            if inner is None:
                raise QueryError(token.column, "'(' is never closed")
            query = self._or()
            closing = self._peek()
            if closing is None or closing.kind != ")":
                raise QueryError(token.column, "'(' is never closed")
            self.at += 1
            return query
        self.at += 1
        return _term(token)


def _term(token: _Token) -> Query:
    column = token.column
    match = _FIELD.fullmatch(token.text)
    if match is None or _FIELD.match(token.bare) is None:
        return Text(token.text, column)
    field, value = match.group(1).lower(), match.group(2)
    value_column = column + len(field) + 1
    if field not in FIELDS:
        raise QueryError(
            column,
            f"unknown field '{match.group(1)}:' (fields: {', '.join(f + ':' for f in FIELDS)};"
            ' quote it to search the text: "a:b")',
        )
    if not value.strip():
        raise QueryError(value_column, f"{field}: needs a value, e.g. {_EXAMPLES[field]}")
    if field == "deck":
        return DeckIs(value, column)
    if field == "tag":
        return TagIs(value, column)
    if field == "key":
        return KeyIs(value, column)
    if field == "is":
        state = value.lower()
        if state not in STATES:
            raise QueryError(
                value_column, f"is:{value} is not a state (one of: {', '.join(STATES)})"
            )
        return StateIs(state, column)  # type: ignore[arg-type]
    if field == "prop":
        return _prop(value, column, value_column)
    return _rated(value, column, value_column)


_EXAMPLES = {
    "deck": "deck:algebra",
    "tag": "tag:quadratic",
    "key": "key:expand-01",
    "is": "is:due",
    "prop": "prop:due<3",
    "rated": "rated:7",
}


def _prop(value: str, column: int, value_column: int) -> PropIs:
    match = _PROP.fullmatch(value.strip().lower())
    if match is None:
        typed = re.match(r"[a-z]*", value.lower())
        if typed and typed.group(0) and typed.group(0) not in PROPS:
            raise QueryError(
                value_column, f"unknown property '{typed.group(0)}' (one of: {', '.join(PROPS)})"
            )
        raise QueryError(
            value_column,
            "prop: needs a property, a comparison and a number, e.g. prop:due<3 or prop:lapses>=2",
        )
    name, op, number = match.groups()
    if name not in PROPS:
        raise QueryError(value_column, f"unknown property '{name}' (one of: {', '.join(PROPS)})")
    if not _NUMBER.fullmatch(number.strip()):
        where = value_column + len(value) - len(number)
        raise QueryError(where, f"prop:{name}{op} needs a number, got '{number}'")
    if not math.isfinite(float(number)):
        raise QueryError(value_column + len(value) - len(number), f"{number[:12]}… is too large")
    prop: Prop = name  # type: ignore[assignment]
    operator: Operator = op  # type: ignore[assignment]
    return PropIs(prop, operator, float(number), column)


def _rated(value: str, column: int, value_column: int) -> RatedIn:
    days_text, _, rating_text = value.partition(":")
    if not days_text.isdigit() or not 1 <= int(days_text) <= MAX_RATED_DAYS:
        raise QueryError(
            value_column,
            f"rated: takes a number of days from 1 to {MAX_RATED_DAYS} (rated:7, or rated:7:1 "
            f"for Again), got '{value}'",
        )
    if not rating_text:
        return RatedIn(int(days_text), None, column)
    if rating_text not in ("1", "2", "3", "4"):
        raise QueryError(
            value_column + len(days_text) + 1,
            f"a rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), got '{rating_text}'",
        )
    return RatedIn(int(days_text), int(rating_text), column)


def parse_query(text: str) -> Query:
    """The query tree of a search; ``QueryError`` (with its column) when it cannot be read."""
    return _Parser(text).parse()
