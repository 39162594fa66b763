"""Builds the application's services: the only place a database engine is created."""

from __future__ import annotations

from pathlib import Path

from trainer.clock import Clock, system_clock
from trainer.errors import CollectionError
from trainer.paths import bundled_decks_dir, data_home, default_db_url, media_dir
from trainer.practice.services import Services


def build_services(
    *,
    home: Path | None = None,
    db_url: str | None = None,
    clock: Clock = system_clock,
    import_bundled: bool = True,
    decks_dir: Path | None = None,
) -> Services:
    """The services over the collection, which is ready to use when this returns.

    ``home`` defaults to ``TRAINER_HOME`` or the user data dir; ``db_url`` defaults to a
    SQLite file there. A new collection is created and migrated, and the bundled decks
    are imported; bundled decks that shipped a newer version are updated (progress kept).
    When none of that is needed on a SQLite file (the everyday start), this reads two
    small things with plain ``sqlite3`` and leaves SQLAlchemy unimported until needed.
    """
    home = home if home is not None else data_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CollectionError(f"cannot create the data dir {home}: {exc.strerror}") from exc
    services = Services(
        clock=clock,
        home=home,
        media_dir=media_dir(home),
        bundled_decks_dir=decks_dir if decks_dir is not None else bundled_decks_dir(),
        db_url=db_url or default_db_url(home),
    )
    path = services.sqlite_path()
    if path is not None:
        from trainer.store.integrity import check_on_open

        check_on_open(path)  # a damaged file: one line and the way back, not a traceback
    if _ready_as_is(services, check_bundled=import_bundled):
        return services
    try:
        services.collection  # noqa: B018  (opens: creates or migrates the schema)
        if import_bundled:
            from trainer.practice.library import ensure_bundled_decks

            ensure_bundled_decks(services)
    except BaseException:
        services.close()
        raise
    return services


def _ready_as_is(services: Services, *, check_bundled: bool) -> bool:
    """True when the SQLite collection has the newest schema and, if asked, already has
    the current bundled decks: nothing to create, migrate or import."""
    path = services.sqlite_path()
    if path is None:
        return False
    from trainer.store.drill_store import DrillStore

    store = DrillStore.open_sqlite(path)  # None: missing, or not the newest schema
    if store is None:
        return False
    try:
        if not check_bundled:
            return True
        from trainer.practice.bundled_files import BUNDLED_SETTING, deck_files, fingerprint

        files = deck_files(services.bundled_decks_dir)
        if not files:
            return True
        recorded = (store.setting(BUNDLED_SETTING) or {}).get("fingerprint")
        return bool(recorded) and recorded == fingerprint(files)
    finally:
        store.close()
