"""SQLite settings for one big import transaction, undone when its connection is returned.

Only ``trainer.store`` speaks SQL; the importer calls ``defer_wal_checkpoint`` on its
write transaction's connection.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event

_RESTORE_AUTOCHECKPOINT = "trainer_restore_wal_autocheckpoint"


def defer_wal_checkpoint(conn: Connection) -> None:
    """On SQLite, keep this transaction's commit from checkpointing the WAL.

    A big import's commit crosses ``wal_autocheckpoint`` (1000 pages), and SQLite then
    copies every page back into the database file and syncs it inside the commit. The
    import turns the automatic checkpoint off on its own connection; when the connection
    goes back to the pool (after the commit or rollback), the setting is restored, so
    the checkpoint happens later: at the next commit past the threshold, the drill's
    background checkpointer, or when the collection is closed. Durability is unchanged:
    the commit is in the WAL either way.
    """
    if conn.dialect.name != "sqlite":
        return
    pooled = conn.connection
    cursor = pooled.cursor()
    try:
        cursor.execute("PRAGMA wal_autocheckpoint")
        row = cursor.fetchone()
        assert row is not None  # the PRAGMA always answers
        previous = int(row[0])
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
    finally:
        cursor.close()
    pooled.info.setdefault(_RESTORE_AUTOCHECKPOINT, previous)
    pool = conn.engine.pool
    if not event.contains(pool, "checkin", _restore_autocheckpoint):
        event.listen(pool, "checkin", _restore_autocheckpoint)


def _restore_autocheckpoint(dbapi_connection: Any, record: Any) -> None:
    previous = record.info.pop(_RESTORE_AUTOCHECKPOINT, None) if record is not None else None
    if previous is not None and dbapi_connection is not None:
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {int(previous)}")
