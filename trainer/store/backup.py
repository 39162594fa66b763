"""Backups of a SQLite collection: taken with SQLite's online backup API, kept in the data
dir's ``backups/`` folder, rotated, and restored atomically.

A backup is a consistent copy even while a drill writes (the backup API copies pages
inside a read transaction), is checked with ``quick_check`` before it is kept (a damaged
collection never rotates a good backup away), and is a single self-contained file
(journal mode DELETE). Kept: the ``KEEP_RECENT`` newest, the newest of each of the last
``KEEP_DAILY`` days that have one, and the newest of each of the last ``KEEP_WEEKLY``
weeks (Anki keeps daily, weekly and monthly ones the same way).

A restore copies the backup next to the collection, moves the current collection and
its ``-wal``/``-shm`` into ``damaged/`` (kept, never deleted), and renames the copy into
place: at every moment the collection path holds either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trainer.errors import CollectionError, NotFoundError
from trainer.store.integrity import check_fully, damaged, header_problem, quick_check

BACKUP_DIR = "backups"
ASIDE_DIR = "damaged"
KEEP_RECENT = 3
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_NAME = re.compile(r"^collection-(\d{8})-(\d{6})(?:-(\d+))?-([a-z]+)\.sqlite3$")
_SIDE = ("-wal", "-shm")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # local time, naive, from the file name
    reason: str  # daily, import, manual, restore

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backups_dir(home: Path) -> Path:
    return home / BACKUP_DIR


def list_backups(home: Path) -> list[Backup]:
    """The backups in the data dir, newest first."""
    folder = backups_dir(home)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        taken = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
        found.append(Backup(path, taken, match[4]))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def take_backup(db_path: Path, home: Path, now: datetime, reason: str) -> Backup:
    """Copy the collection into ``backups/`` with the online backup API, check the copy,
    then rotate. A damaged collection raises ``DamagedCollectionError`` and keeps nothing."""
    if not db_path.is_file():
        raise NotFoundError(f"no collection at {db_path} to back up")
    folder = backups_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    local = now.astimezone().replace(tzinfo=None)
    final = _free_name(folder, local, reason)
    fd, temp_name = tempfile.mkstemp(prefix=".backup-", suffix=".part", dir=folder)
    os.close(fd)
    temp = Path(temp_name)
    try:
        problem = header_problem(db_path)
        if problem is not None:
            raise damaged(db_path, problem)
        _copy_database(db_path, temp, journal_mode="DELETE")
        problem = quick_check(temp)
        if problem is not None:
            raise damaged(db_path, problem)
        os.replace(temp, final)
    except sqlite3.DatabaseError as exc:
        from trainer.store.failures import as_user_error

        raise (as_user_error(exc, str(db_path)) or damaged(db_path, str(exc))) from exc
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(folder)
    rotate(home)
    return Backup(final, local.replace(microsecond=0), reason)


def backed_up_on(home: Path, now: datetime) -> bool:
    """Whether a backup was taken on ``now``'s local calendar day."""
    today = now.astimezone().date()
    return any(b.taken_at.date() == today for b in list_backups(home))


def rotate(home: Path) -> list[Path]:
    """Delete the backups the policy does not keep; returns the deleted files."""
    backups = list_backups(home)
    keep = {b.path for b in backups[:KEEP_RECENT]}
    keep |= _newest_per(backups, lambda b: b.taken_at.date(), KEEP_DAILY)
    keep |= _newest_per(backups, lambda b: b.taken_at.isocalendar()[:2], KEEP_WEEKLY)
    deleted = [b.path for b in backups if b.path not in keep]
    # half copies of a backup killed mid-way, an hour old: no backup takes that long
    cutoff = time.time() - 3600
    for part in backups_dir(home).glob(".backup-*.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < cutoff:
                deleted.append(part)
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


def restore_backup(backup: Path, db_path: Path, home: Path, now: datetime) -> Path | None:
    """Put ``backup`` in place of the collection at ``db_path``, atomically. The current
    collection (if any) and its side files move into ``damaged/``; returns where."""
    check_fully(backup)  # a damaged backup is refused before anything moves
    _refuse_if_foreign(backup)
    _refuse_if_in_use(db_path)
    folder = db_path.parent
    fd, temp_name = tempfile.mkstemp(prefix=".restore-", suffix=".part", dir=folder)
    os.close(fd)
    temp = Path(temp_name)
    try:
        _copy_database(backup, temp, journal_mode="WAL")
        mode = db_path.stat().st_mode & 0o777 if db_path.exists() else 0o644
        os.chmod(temp, mode)
        aside = _move_aside(db_path, home, now)
        os.replace(temp, db_path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(folder)
    return aside


def _copy_database(source: Path, target: Path, *, journal_mode: str) -> None:
    src = sqlite3.connect(str(source), timeout=10)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode = {journal_mode}")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _move_aside(db_path: Path, home: Path, now: datetime) -> Path | None:
    """Keep the current collection and its side files in ``damaged/``. The main file is
    hard-linked (it stays in place until the rename over it), the side files are moved:
    a WAL must never be replayed onto the restored file."""
    if not db_path.exists() and not any(_side(db_path, s).exists() for s in _SIDE):
        return None
    folder = home / ASIDE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    aside = folder / f"{db_path.stem}-{stamp}{db_path.suffix}"
    n = 1
    while aside.exists():
        aside = folder / f"{db_path.stem}-{stamp}-{n}{db_path.suffix}"
        n += 1
    if db_path.exists():
        try:
            os.link(db_path, aside)
        except OSError:
            import shutil

            shutil.copy2(db_path, aside)
    for suffix in _SIDE:
        side = _side(db_path, suffix)
        if side.exists():
            os.replace(side, _side(aside, suffix))
    return aside


def _refuse_if_foreign(backup: Path) -> None:
    """Only a trainer collection (it has the schema's version table) may be restored."""
    conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise CollectionError(f"restore: {backup} is not a trainer collection ({exc})") from exc
    finally:
        conn.close()


def _refuse_if_in_use(db_path: Path) -> None:
    """Another program with the collection open: refuse. Probed without opening it (a
    connection's close would checkpoint the WAL into the file we are to keep as it is):
    every SQLite connection in WAL mode holds a shared lock on byte 128 of the ``-shm``
    file, which ``F_GETLK`` reports. Best effort: POSIX systems only."""
    try:
        import fcntl
        import struct
    except ImportError:  # pragma: no cover - not on POSIX
        return
    try:
        fd = os.open(_side(db_path, "-shm"), os.O_RDWR)
    except OSError:
        return  # no -shm: no connection in WAL mode
    try:
        layout = "hhqqi4x"  # struct flock on 64-bit Linux
        probe = struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, 128, 1, 0)
        held = struct.unpack(layout, fcntl.fcntl(fd, fcntl.F_GETLK, probe))[0]
    except (OSError, struct.error):
        return
    finally:
        os.close(fd)
    if held != fcntl.F_UNLCK:
        raise CollectionError(
            f"the collection {db_path} is open in another program; close it and run the "
            "restore again"
        )


def _newest_per(backups: list[Backup], key: Callable[[Backup], Hashable], count: int) -> set[Path]:
    seen: dict[Hashable, Path] = {}
    for backup in backups:  # newest first: the first of each period is its newest
        period = key(backup)
        if period not in seen:
            if len(seen) == count:
                break
            seen[period] = backup.path
    return set(seen.values())


def _free_name(folder: Path, local: datetime, reason: str) -> Path:
    stamp = local.strftime("%Y%m%d-%H%M%S")
    path = folder / f"collection-{stamp}-{reason}.sqlite3"
    n = 1
    while path.exists():
        path = folder / f"collection-{stamp}-{n}-{reason}.sqlite3"
        n += 1
    return path


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
