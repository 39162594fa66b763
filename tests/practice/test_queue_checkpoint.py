"""The background WAL checkpointer the drill's store uses."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trainer.store.wal_checkpoint import WalCheckpointer


def test_checkpoints_run_in_the_background_and_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # only the background thread checkpoints
    writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    checkpointer = WalCheckpointer(str(path), every=50)
    for i in range(260):
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO t (v) VALUES (?)", (f"row {i}" * 20,))
        writer.execute("COMMIT")
        checkpointer.committed()
    checkpointer.close()
    assert checkpointer.checkpoints >= 1  # asked 5 times; at least one ran before close
    # After a checkpoint the WAL is reused from its start: it stays far below 260 commits.
    busy, wal_frames, copied = writer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and copied == wal_frames
    writer.close()
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT COUNT(*) FROM t").fetchone() == (260,)
    reader.close()


def test_nothing_to_do_without_commits(tmp_path: Path) -> None:
    checkpointer = WalCheckpointer(str(tmp_path / "never.sqlite3"), every=10)
    checkpointer.committed()
    checkpointer.close()  # no thread was started; closing is still fine
    assert checkpointer.checkpoints == 0
