"""The shipped decks on disk and their fingerprint. Standard library only.

Every start compares this fingerprint with the one recorded in the collection's
``bundled_decks`` setting; only a difference (a first run, a newer trainer) leads to
reading and importing the decks. Kept free of SQLAlchemy so that check stays on the
fast path to the first problem.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BUNDLED_SETTING = "bundled_decks"


def deck_files(folder: Path) -> list[Path]:
    """The ``*.toml`` decks in ``folder``, sorted; none when it is missing or unreadable."""
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []


def fingerprint(files: list[Path]) -> str:
    """A digest of the files' names and bytes: changes whenever a shipped deck changes."""
    digest = hashlib.sha256()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0unreadable"
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()
