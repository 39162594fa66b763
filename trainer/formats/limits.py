"""The caps every reader holds a file from a stranger to (documented in
``docs/import-formats.md``; the attacks they answer are listed in ``docs/reliability.md``).
"""

from __future__ import annotations

MiB = 1024 * 1024

# Text of one problem, after conversion: prompt, answer, solution, each hint.
MAX_TEXT_CHARS = 100_000
# One Anki note's raw fields (HTML, every field), checked in SQL before it is fetched.
MAX_NOTE_BYTES = 1 * MiB
MAX_TAGS_BYTES = 64 * 1024
# All notes' fields together: each byte becomes several in Python (the text, the
# converted text, the problems); a 7 MB package of 419 MB of fields took 2.2 GB.
MAX_ALL_NOTES_BYTES = 256 * MiB
# Rows of one Anki collection (each becomes Python objects: a 1 GiB file of tiny rows
# would otherwise need several GB). The largest real collections are far below.
MAX_ANKI_ROWS = {"notes": 1_000_000, "cards": 1_000_000, "revlog": 5_000_000}
# Cloze cards of one note: each is a copy of the whole text (10,000 clozes in a 119 KB
# note were 1.2 GB of prompts and 92 s).
MAX_CLOZES_PER_NOTE = 500
# A key (Anki guid, problem id).
MAX_KEY_CHARS = 256
# SQLite's own cap on any string or blob on a connection that reads a foreign file.
SQLITE_MAX_VALUE = 64 * MiB
# One review's recorded duration (longer ones are not reviews: a day).
MAX_REVIEW_MS = 24 * 60 * 60 * 1000
# Decompression (zip deflate and zstd alike): per member, per archive, and the ratio of
# what comes out to what is on disk (applied above RATIO_FLOOR).
MAX_MEMBER_BYTES = 1024 * MiB
MAX_ARCHIVE_BYTES = 2048 * MiB
MAX_RATIO = 200.0
RATIO_FLOOR = 1 * MiB


def too_long(**texts: str) -> str | None:
    """Why a problem's text is over ``MAX_TEXT_CHARS`` (naming the field), or ``None``."""
    for name, text in texts.items():
        if len(text) > MAX_TEXT_CHARS:
            return f"{name} is {len(text)} characters, over the {MAX_TEXT_CHARS}-character limit"
    return None
