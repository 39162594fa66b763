"""Which failures of the world become one line, and which stay bugs with a traceback."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from trainer.errors import CollectionError, DamagedCollectionError
from trainer.store.failures import ConnectionLostError, DiskFullError, as_user_error

psycopg = pytest.importorskip("psycopg")
sa_exc = pytest.importorskip("sqlalchemy.exc")

WHERE = "postgresql+psycopg://trainer:s3cret@db/trainer"


def _wrapped(orig: BaseException) -> BaseException:
    """As SQLAlchemy raises it: the DBAPI error in ``.orig``."""
    return sa_exc.OperationalError("SELECT 1", {}, orig)


def _chained(inner: BaseException) -> BaseException:
    try:
        try:
            raise inner
        except BaseException as exc:
            raise RuntimeError("while closing") from exc
    except RuntimeError as outer:
        return outer


CASES = [
    (
        "sqlite malformed",
        sqlite3.DatabaseError("database disk image is malformed"),
        DamagedCollectionError,
    ),
    ("sqlite not a db", sqlite3.DatabaseError("file is not a database"), DamagedCollectionError),
    ("sqlite full", sqlite3.OperationalError("database or disk is full"), DiskFullError),
    (
        "sqlite full, wrapped",
        _wrapped(sqlite3.OperationalError("database or disk is full")),
        DiskFullError,
    ),
    ("sqlite locked", sqlite3.OperationalError("database is locked"), CollectionError),
    ("sqlite i/o", sqlite3.OperationalError("disk I/O error"), CollectionError),
    ("ENOSPC", OSError(errno.ENOSPC, "No space left on device", "/tmp/x.csv"), DiskFullError),
    ("server gone", psycopg.OperationalError("the connection is lost"), ConnectionLostError),
    ("admin shutdown", psycopg.errors.AdminShutdown("terminating connection"), ConnectionLostError),
    ("server disk full", psycopg.errors.DiskFull("could not extend file"), DiskFullError),
    (
        "sqlite chained",
        _chained(sqlite3.DatabaseError("database disk image is malformed")),
        DamagedCollectionError,
    ),
    ("a bug", KeyError("x"), None),
    ("sqlite bug", sqlite3.IntegrityError("UNIQUE constraint failed: cards.id"), None),
    ("sqlite syntax", sqlite3.OperationalError('near "SELEC": syntax error'), None),
    ("psycopg bug", psycopg.errors.UndefinedTable("relation does not exist"), None),
    ("other OSError", OSError(errno.EACCES, "Permission denied"), None),
]


@pytest.mark.parametrize(("name", "exc", "expected"), CASES, ids=[c[0] for c in CASES])
def test_what_becomes_one_line(name: str, exc: BaseException, expected: type | None) -> None:
    where = "sqlite:////data/collection.sqlite3" if "sqlite" in name else WHERE
    error = as_user_error(exc, where)
    if expected is None:
        assert error is None
        return
    assert isinstance(error, expected)
    text = str(error)
    assert "\n" not in text and "s3cret" not in text
    if expected is DamagedCollectionError:
        assert "/data/collection.sqlite3" in text and "trainer restore" in text
