"""Where an export may write: never over the collection, trainer's own files, or anything
that is not a plain writable file.

Every export (``trainer export``, ``trainer export-deck``) writes atomically: a temporary
file next to the target is renamed over it. A rename replaces whatever sits at the path,
so the target is checked first, and refused with one line when it is

- the collection itself, or its ``-wal``/``-shm``/``-journal`` side files (also through a
  symlink or a hard link to them);
- inside a folder of the data dir (``media/``, ``backups/``, ...) or the ``backups/`` and
  ``damaged/`` folders beside a collection elsewhere: trainer's internals;
- not a regular file: a device (``/dev/null``), a FIFO, a socket, a folder;
- a read-only file (it stays read-only and unchanged).

A symlink is written through: its target gets the new contents and the link stays a link
(docs/exports.md). ``-`` means stdout and is never checked.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.errors import TrainerError

if TYPE_CHECKING:
    from trainer.cli import CliContext

SIDE_SUFFIXES = ("", "-wal", "-shm", "-journal")


class OutputRefused(TrainerError):
    """An export target that writing would destroy or that is not a file."""


def target_for(obj: CliContext, output: str | Path, *, option: str = "-o") -> Path:
    """``checked_target`` for the collection this command runs on (not opened here)."""
    from trainer.paths import data_home, default_db_url
    from trainer.practice.safekeeping import sqlite_file

    home = data_home()
    return checked_target(
        output,
        home=home,
        collection=sqlite_file(obj.db_url or default_db_url(home)),
        option=option,
    )


def checked_target(
    output: str | Path, *, home: Path, collection: Path | None, option: str = "-o"
) -> Path:
    """The path to write ``output`` to (a symlink resolved to its target), or
    ``OutputRefused`` naming why not. ``collection`` is the SQLite collection file, if any."""
    given = Path(output)
    target = Path(os.path.realpath(given))
    label = f"{option} {given}" if str(given) == str(target) else f"{option} {given} (-> {target})"
    protected = _protected_files(collection)
    if target in protected or _same_file_as_any(target, protected):
        raise OutputRefused(f"{label}: that is the collection; choose another file")
    real_home = Path(os.path.realpath(home))
    beside = (
        [Path(os.path.realpath(collection.parent)) / name for name in ("backups", "damaged")]
        if collection is not None
        else []
    )
    if (target.is_relative_to(real_home) and target.parent != real_home) or any(
        target.is_relative_to(folder) for folder in beside
    ):
        raise OutputRefused(
            f"{label}: inside trainer's own folders (media, backups, ...); choose another place"
        )
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise OutputRefused(f"{label}: folder {target.parent} does not exist") from None
        return target
    except OSError as exc:
        raise OutputRefused(f"{label}: cannot read: {exc.strerror}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{label}: is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{label}: is {_kind(info.st_mode)}, not a regular file; refused")
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputRefused(f"{label}: the file is read-only; refused (it is left unchanged)")
    return target


def keep_mode(temp: str | Path, target: Path) -> None:
    """Give the temporary file the permission bits of the file it replaces (if any)."""
    try:
        os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
    except FileNotFoundError:
        os.chmod(temp, 0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _protected_files(collection: Path | None) -> set[Path]:
    if collection is None:
        return set()
    real = Path(os.path.realpath(collection))
    return {Path(f"{base}{suffix}") for base in (collection, real) for suffix in SIDE_SUFFIXES}


def _same_file_as_any(target: Path, files: set[Path]) -> bool:
    """A hard link to the collection is the collection too."""
    try:
        info = os.stat(target)
    except OSError:
        return False
    for path in files:
        try:
            other = os.stat(path)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (other.st_dev, other.st_ino):
            return True
    return False


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
