"""Opening a collection: create or migrate its schema, then (on a class server) find out
who is opening it. Kept apart from ``db`` so ``db`` and ``migrate`` do not import each
other.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from trainer.errors import CollectionError, masked_url
from trainer.store.db import Collection, first_line, is_sqlite, make_engine
from trainer.store.migrate import ensure_schema


def open_collection(url: str) -> Collection:
    """Open (and create or migrate) the collection at ``url``."""
    engine = make_engine(url)
    identity = None
    try:
        ensure_schema(engine)
        if not is_sqlite(engine):
            from trainer.store.class_roster import prepare_learner

            with engine.begin() as conn:
                identity = prepare_learner(conn)
    except OperationalError as exc:
        engine.dispose()
        raise CollectionError(
            f"cannot open the collection {masked_url(url)}: {first_line(exc.orig)}"
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return Collection(engine, identity)
