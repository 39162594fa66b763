"""Checkpointing a SQLite WAL from a background thread, so answering never waits on it.

In WAL mode every commit appends the changed pages to the ``-wal`` file; a checkpoint
copies them back into the database file and fsyncs it. SQLite's automatic checkpoint
runs inside the commit that crosses the threshold, so one answer in every hundred or so
stalls on an fsync. The drill turns the automatic checkpoint off on its connection and
asks this thread, every ``every`` commits, for a PASSIVE checkpoint on its own
connection: in WAL mode a checkpoint and a writer do not block each other. Durability is
unchanged: each answer is committed to the WAL before the engine returns.
"""

from __future__ import annotations

import sqlite3
import threading


class WalCheckpointer:
    """A background thread that checkpoints ``path``'s WAL when asked."""

    def __init__(self, path: str, *, every: int = 200, busy_timeout_ms: int = 10_000) -> None:
        self.path = path
        self.every = every
        self.busy_timeout_ms = busy_timeout_ms
        self.checkpoints = 0  # completed checkpoint calls (for tests and benchmarks)
        self._pending = 0
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def committed(self) -> None:
        """Count one commit; every ``every`` commits, wake the checkpoint thread."""
        self._pending += 1
        if self._pending < self.every:
            return
        self._pending = 0
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=self.busy_timeout_ms / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            while True:
                self._wake.wait()
                self._wake.clear()
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error:
                    pass  # busy or locked: the next request (or the closing one) catches up
                if self._stopping:
                    return
        finally:
            conn.close()

    def close(self) -> None:
        """Stop the thread after one last checkpoint."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
