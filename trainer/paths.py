"""Where the collection lives: the user data dir, or ``TRAINER_HOME``. Creates nothing."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "trainer"
DB_FILENAME = "collection.sqlite3"


def data_home() -> Path:
    """``TRAINER_HOME`` if set, otherwise the platform's user data dir for trainer."""
    override = os.environ.get("TRAINER_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_url(home: Path) -> str:
    """The embedded default: a SQLite file in the data dir."""
    return f"sqlite:///{home / DB_FILENAME}"


def media_dir(home: Path) -> Path:
    return home / "media"


def bundled_decks_dir() -> Path:
    """The starter decks: inside the wheel when installed, ``decks/`` in a source checkout."""
    from importlib.resources import files

    packaged = Path(str(files("trainer"))) / "_bundled_decks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "decks"
