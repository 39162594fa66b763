"""The file is read inside the import's write transaction: nothing can change in between.

A re-import compares the package with the stored stamps; it does so under the write lock
it then writes under, reading each deck's stored problems once, and a transaction retried
on a busy collection reads the file again and stages its media afresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from trainer.clock import FrozenClock
from trainer.domain import Deck, ImportBatch, MediaFile, Problem
from trainer.practice.importing import Reading, import_read
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.wiring import build_services

from .test_library_reimport import build


def _database(services: Services) -> Path:
    return Path(services.collection.engine.url.database or "")


def test_the_import_holds_the_write_lock_while_it_reads(services: Services, tmp_path: Path) -> None:
    import_path(services, build(tmp_path / "v1.apkg"))
    outcomes: list[str] = []

    def other_writer(_done: int, _total: int | None) -> None:
        """Another program tries to write while the package is being read."""
        other = sqlite3.connect(_database(services), timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE problems SET answer = 'sneaked in'")
            other.execute("COMMIT")
            outcomes.append("wrote")
        except sqlite3.OperationalError as error:
            outcomes.append(str(error))
        finally:
            other.close()

    report = import_path(
        services, build(tmp_path / "v2.apkg", {3: "nine"}), read_progress=other_writer
    )
    assert outcomes and all("locked" in outcome for outcome in outcomes)
    assert (len(report.updated), report.unchanged) == (1, 5)
    with services.collection.engine.connect() as conn:
        answers = conn.execute(text("SELECT answer FROM problems")).scalars().all()
    assert "sneaked in" not in answers and "nine" in answers
    other_writer(0, None)  # once the import is committed, the other program may write
    assert outcomes[-1] == "wrote"


def _traced(services: Services) -> list[str]:
    """Every SQL statement run on the collection from now on."""
    statements: list[str] = []
    engine = services.collection.engine

    @event.listens_for(engine, "connect")
    def trace(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.set_trace_callback(statements.append)

    engine.dispose()  # every connection from now on is traced
    return statements


def _problem_reads(statements: list[str]) -> list[str]:
    """The statements that read problems' stamps (``source_rev``)."""
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and "source_rev" in s]


def test_a_reimport_reads_the_stored_stamps_once(services: Services, tmp_path: Path) -> None:
    path = build(tmp_path / "v1.apkg", notes=40)
    import_path(services, path)
    statements = _traced(services)
    report = import_path(services, path)
    assert report.unchanged == 40 and not report.updated
    assert len(_problem_reads(statements)) == 1  # the reader's stamps serve the apply too
    assert not [s for s in statements if "content_hash" in s]  # nothing built: no hashes read
    statements.clear()
    edited = import_path(services, build(tmp_path / "v2.apkg", {5: "x"}, notes=40))
    assert (len(edited.updated), edited.unchanged) == (1, 39)
    # the stamps, then the full rows to compare the one built problem with
    assert len(_problem_reads(statements)) == 2


def _plain_deck(media: bool) -> ImportBatch:
    problem = Problem(key="p", prompt="see ![](pic.png)", answer="1", media=("pic.png",))
    return ImportBatch(
        decks=(Deck("d", "D", (problem,)),),
        media=(MediaFile("pic.png", b"PNG"),) if media else (),
    )


def test_a_retried_transaction_reads_again_and_stages_media_once(
    services: Services,
) -> None:
    reads: list[int] = []
    commits: list[int] = []

    def read(known):  # type: ignore[no-untyped-def]
        reads.append(len(known("d")))
        return Reading(_plain_deck(media=True))

    def busy_once(session: Session) -> None:
        commits.append(1)
        if len(commits) == 1:  # the first commit finds the collection busy
            raise OperationalError("COMMIT", None, sqlite3.OperationalError("database is locked"))

    event.listen(Session, "before_commit", busy_once)
    try:
        report = import_read(services, read, source="retry")
    finally:
        event.remove(Session, "before_commit", busy_once)
    assert reads == [0, 0] and len(commits) == 2  # read again on the second try
    assert report.added == ["p"] and report.media_copied == 1
    assert sorted(p.name for p in services.media_dir.iterdir()) == [
        "pic.png"
    ]  # no staged leftovers
    with services.collection.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM problems")).scalar() == 1


def test_on_postgresql_the_import_locks_the_deck_while_it_reads(
    pg_database: Callable[[], str], tmp_path: Path, clock: FrozenClock
) -> None:
    services = build_services(
        home=tmp_path / "home", db_url=pg_database(), clock=clock, import_bundled=False
    )
    try:
        import_path(services, build(tmp_path / "v1.apkg"))
        outcomes: list[str] = []

        def other_importer(_done: int, _total: int | None) -> None:
            """Another import of the same deck tries to take it while the file is read."""
            with services.collection.engine.connect() as other:
                try:
                    other.execute(
                        text("SELECT id FROM decks WHERE key = 'squares' FOR UPDATE NOWAIT")
                    )
                    outcomes.append("took it")
                except DBAPIError as error:
                    outcomes.append(str(error.orig))
                other.rollback()

        v2 = build(tmp_path / "v2.apkg", {3: "nine"})
        report = import_path(services, v2, read_progress=other_importer)
        assert outcomes and all("lock" in outcome for outcome in outcomes)
        assert (len(report.updated), report.unchanged) == (1, 5)
        other_importer(0, None)
        assert outcomes[-1] == "took it"
    finally:
        services.close()
