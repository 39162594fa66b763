"""Migrations: an empty database upgrades to head and matches the models exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from trainer.errors import CollectionError
from trainer.store.db import make_engine
from trainer.store.migrate import HEAD_REVISION, KNOWN_REVISIONS, alembic_config, ensure_schema
from trainer.store.models import Base
from trainer.store.opening import open_collection


def test_empty_database_upgrades_to_head_with_no_autogenerate_diff(tmp_path: Path) -> None:
    collection = open_collection(f"sqlite:///{tmp_path / 'c.db'}")
    with collection.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    collection.close()
    assert diff == []
    assert version == HEAD_REVISION


def test_head_constant_matches_the_migration_scripts() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == HEAD_REVISION
    assert set(KNOWN_REVISIONS) == {rev.revision for rev in script.walk_revisions()}


def test_opening_twice_is_a_no_op(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    open_collection(url).close()
    engine = make_engine(url)
    ensure_schema(engine)
    assert set(inspect(engine).get_table_names()) >= {"decks", "problems", "cards", "reviews"}
    engine.dispose()


def test_a_collection_from_a_newer_trainer_is_refused_clearly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    open_collection(url).close()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(CollectionError, match=re.escape("'9999_future', newer than this trainer")):
        open_collection(url)


def test_sqlite_pragmas_are_set(tmp_path: Path) -> None:
    collection = open_collection(f"sqlite:///{tmp_path / 'c.db'}")
    with collection.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    collection.close()


def test_a_missing_folder_or_bad_url_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CollectionError, match="does not exist"):
        open_collection(f"sqlite:///{tmp_path / 'nope' / 'c.db'}")
    with pytest.raises(CollectionError, match="not a database URL"):
        open_collection("this is not a url")
