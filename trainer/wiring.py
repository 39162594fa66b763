"""Builds the application's services: the only place a database engine is created."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from trainer.clock import Clock, system_clock
from trainer.errors import CollectionError
from trainer.paths import bundled_decks_dir, data_home, default_db_url, media_dir
from trainer.practice.services import Services
from trainer.store.db import open_collection


def build_services(
    *,
    home: Path | None = None,
    db_url: str | None = None,
    clock: Clock = system_clock,
    import_bundled: bool = True,
    decks_dir: Path | None = None,
) -> Services:
    """Open (creating if needed) the collection and return the services over it.

    ``home`` defaults to ``TRAINER_HOME`` or the user data dir; ``db_url`` defaults to a
    SQLite file there. On a new collection the bundled decks are imported, and bundled
    decks that shipped a newer version are updated (progress kept).
    """
    home = home if home is not None else data_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CollectionError(f"cannot create the data dir {home}: {exc.strerror}") from exc
    collection = open_collection(db_url or default_db_url(home))
    services = Services(
        collection=collection,
        clock=clock,
        home=home,
        media_dir=media_dir(home),
        bundled_decks_dir=decks_dir if decks_dir is not None else bundled_decks_dir(),
    )
    if import_bundled and importlib.util.find_spec("trainer.practice.library") is not None:
        from trainer.practice.library import ensure_bundled_decks

        try:
            ensure_bundled_decks(services)
        except BaseException:
            services.close()
            raise
    return services
