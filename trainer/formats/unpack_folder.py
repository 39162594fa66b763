"""Private temporary folders for unpacking a package, and finding the ones left behind.

A folder is named ``trainer-anki-<pid>-<random>`` inside the system's temporary
directory, so a folder whose process is gone (killed mid-import) is known to be a
leftover and can be removed by the next import or by ``trainer doctor --fix``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "trainer-anki-"
_NAME = re.compile(re.escape(PREFIX) + r"(\d+)-")


@contextmanager
def unpack_folder(parent: Path | None = None) -> Iterator[Path]:
    """A new private folder, deleted with everything in it on exit."""
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-", dir=parent) as folder:
        yield Path(folder)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (this process counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process (or an odd number): not ours to judge
    return True


def stale_unpack_folders(parent: Path | None = None) -> list[Path]:
    """Unpack folders in ``parent`` (default: the temporary directory) whose process is gone.

    Only folders owned by the current user are listed. A folder from an older version
    (no pid in its name) counts as stale once it is an hour old.
    """
    root = Path(parent or tempfile.gettempdir())
    found: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not entry.is_dir(follow_symlinks=False) or info.st_uid != os.getuid():
            continue
        match = _NAME.match(entry.name)
        if not process_alive(int(match.group(1))) if match else time.time() - info.st_mtime > 3600:
            found.append(Path(entry.path))
    return found


def remove_folders(folders: list[Path]) -> int:
    """Delete the given folders; returns how many were removed."""
    removed = 0
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed += 1
    return removed
