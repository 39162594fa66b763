"""Schema migrations, applied automatically when a collection is opened.

Alembic's scripts live inside the package (``trainer/store/migrations``) so they work
from an installed wheel. Opening an up-to-date collection reads one row and never
imports alembic, which keeps startup fast.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from trainer.errors import CollectionError
from trainer.store.db import serialize_writers

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Keep in step with the newest file in migrations/versions (a test checks it).
HEAD_REVISION = "0006_reviews_card_rating"
KNOWN_REVISIONS = (
    "0001_initial",
    "0002_problem_source_rev",
    "0003_review_day_totals",
    "0004_stats_card_indexes",
    "0005_stats_card_covering",
    "0006_reviews_card_rating",
)


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_schema(engine: Engine) -> None:
    """Bring the collection to the newest schema, creating it if it is empty."""
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision == HEAD_REVISION:
        return
    _check_known(revision, engine)
    _refuse_learner_upgrade(revision, engine)
    writer = (
        engine.execution_options(sqlite_write=True) if engine.dialect.name == "sqlite" else engine
    )
    with writer.begin() as conn:
        serialize_writers(conn)
        # Re-read under the write lock: another process may have migrated meanwhile.
        revision = current_revision(conn)
        if revision == HEAD_REVISION:
            return
        _check_known(revision, engine)
        upgrade(conn)


def _refuse_learner_upgrade(revision: str | None, engine: Engine) -> None:
    """A class learner's program never migrates: the teacher's does."""
    if engine.dialect.name != "postgresql" or revision is None:
        return
    from trainer.store.class_roster import identify

    with engine.connect() as conn:
        if not identify(conn).is_learner:
            return
    raise CollectionError(
        f"the class database at {engine.url.render_as_string(hide_password=True)} has schema "
        f"{revision!r} and this trainer needs {HEAD_REVISION!r}: ask the teacher to upgrade it "
        "(any trainer command run with the admin's URL does)"
    )


def _check_known(revision: str | None, engine: Engine) -> None:
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise CollectionError(
            f"the collection at {engine.url.render_as_string(hide_password=True)} has schema "
            f"{revision!r}, newer than this trainer knows; upgrade trainer to open it"
        )


def alembic_config(conn: Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Run alembic upgrade on an open connection (inside the caller's transaction)."""
    from alembic import command

    command.upgrade(alembic_config(conn), revision)
