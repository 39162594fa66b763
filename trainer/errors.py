"""Errors the user sees. Standard library only.

A ``TrainerError`` is a user error: the CLI prints ``str(error)`` as one line to stderr
and exits non-zero, with no traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class TrainerError(Exception):
    """A user-facing error; its message says what went wrong and where."""

    exit_code = 1


@dataclass(frozen=True)
class FormatProblem:
    """One problem found in an input file: where it is and what was expected."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class DeckFormatError(TrainerError):
    """A deck or import file is invalid. Carries every problem found, not only the first."""

    def __init__(self, problems: list[FormatProblem] | FormatProblem) -> None:
        self.problems = [problems] if isinstance(problems, FormatProblem) else list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class UnsafeFileError(DeckFormatError):
    """A file that tries to escape, explode or lie about its contents (zip-slip, zip bomb)."""


class CollectionError(TrainerError):
    """The collection cannot be opened, is locked, or is from a newer version."""


class NotFoundError(TrainerError):
    """A deck, problem or file named by the user does not exist."""


class CheckTimeout(TrainerError):
    """An answer check ran past its time bound."""


class DamagedCollectionError(CollectionError):
    """The collection file is damaged: the message names it and the way back."""


def masked_url(url: str) -> str:
    """``url`` with any password (in the user part or a ``password=`` query parameter)
    replaced by ``***``: for every URL the program prints."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.startswith("sqlite"):
        return url
    base, question, query = rest.partition("?")
    userinfo, at, host = base.rpartition("@")
    if at and ":" in userinfo:
        base = f"{userinfo.split(':', 1)[0]}:***@{host}"
    if question:
        query = "&".join(
            f"{part.split('=', 1)[0]}=***"
            if part.split("=", 1)[0].lower() in ("password", "passwd", "pwd")
            else part
            for part in query.split("&")
        )
    return f"{scheme}://{base}{question}{query}"
