"""A class on one PostgreSQL server: each learner is a login role with a schema of their own.

Decks and problems are shared, in ``public``; a learner's progress (``cards``, ``reviews``,
``review_day_totals``, ``settings``) lives in a schema named after the learner, which only
that learner (and the admin, who owns everything) may use. The learner's role has
``search_path = <learner>, public`` in this database, so the program's unqualified SQL
reads and writes their own tables and nobody else's: the isolation is PostgreSQL's grants,
not the application. A learner may read ``decks``, ``problems`` and ``alembic_version``,
and nothing else in ``public``.

A learner's tables are cloned from ``public``'s at the current schema: columns, defaults
(the ids come from ``public``'s sequences, so they are unique across the class), indexes
and constraints (``LIKE … INCLUDING ALL``), foreign keys (re-pointed at the learner's own
``cards``), and the trigger functions that keep ``review_day_totals`` (each cloned into
the learner's schema with its ``search_path`` fixed, so it writes that learner's totals
whoever fires it). A later migration that changes these tables must apply the same change
to every schema in ``class_learners`` (``learner_schemas``).

Every statement here is PostgreSQL's; on SQLite there is one implicit learner and none of
this runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from trainer.domain import Identity
from trainer.errors import TrainerError

if TYPE_CHECKING:
    from trainer.store.db import Collection

LEARNER_TABLES = ("cards", "reviews", "review_day_totals", "settings")
SHARED_READABLE = ("decks", "problems", "alembic_version")
ROSTER_TABLE = "class_learners"
# Settings that describe the collection, not a person: they stay with the admin.
COLLECTION_SETTINGS = ("bundled_decks",)
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}\Z")
_RESERVED = {"public", "postgres", "information_schema", "trainer"}


class ClassError(TrainerError):
    """A class-administration request that cannot be carried out (one line says why)."""


def check_name(name: str) -> str:
    """A learner's name becomes a role and a schema: lower-case letters, digits, ``_``."""
    if not _NAME.match(name) or name in _RESERVED or name.startswith("pg_"):
        raise ClassError(
            f"learner name {name!r}: use 1-63 lower-case letters, digits and _, "
            "starting with a letter (not public, postgres, trainer or pg_…)"
        )
    return name


def _quote(name: str) -> str:
    return '"' + check_name(name) + '"'


def _ddl(conn: Connection, statement: str) -> None:
    """A statement with no parameters, sent as written (function bodies and verifiers
    hold colons that bound-parameter parsing would misread)."""
    conn.exec_driver_sql(statement)


def identify(conn: Connection) -> Identity:
    """Who this connection is, from where ``cards`` resolves and who owns ``decks``."""
    if conn.dialect.name != "postgresql":
        return Identity("single", "", "")
    row = conn.execute(
        text(
            "SELECT current_user, current_database(),"
            " (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            "  WHERE c.oid = to_regclass('cards')),"
            " (SELECT pg_get_userbyid(c.relowner) FROM pg_class c"
            "  WHERE c.oid = to_regclass('public.decks')),"
            " to_regclass('public.class_learners') IS NOT NULL,"
            " host(inet_server_addr()), inet_server_port()"
        )
    ).one()
    user, database, cards_schema, owner, has_roster, host, port = row
    server = f"{host}:{port}/{database}" if host else f"local socket/{database}"
    if cards_schema is not None and cards_schema != "public":
        return Identity("learner", user, server)
    superuser = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    if has_roster and (user == owner or superuser.scalar()):
        return Identity("admin", user, server)
    return Identity("single", user, server)


def learner_schemas(conn: Connection, *, include_removed: bool = True) -> list[str]:
    """The learners' schema names, in name order (empty when this is not a class)."""
    if conn.execute(text("SELECT to_regclass('public.class_learners')")).scalar() is None:
        return []
    where = "" if include_removed else " WHERE removed_at IS NULL"
    return list(
        conn.execute(text(f"SELECT name FROM public.{ROSTER_TABLE}{where} ORDER BY name")).scalars()
    )


def ensure_roster(conn: Connection) -> None:
    """Make the collection a class (idempotent): the roster table, no ``CREATE`` in
    ``public`` for anyone but the admin, and the shared progress tables closed."""
    conn.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS public.{ROSTER_TABLE} (name varchar(63) PRIMARY KEY,"
            " added_at bigint NOT NULL, removed_at bigint)"
        )
    )
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    for table in (*LEARNER_TABLES, *SHARED_READABLE, ROSTER_TABLE):
        conn.execute(text(f"REVOKE ALL ON public.{table} FROM PUBLIC"))


def role_exists(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def scram_verifier(conn: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier for ``password``, computed by libpq on this side: the
    server is sent the verifier, never the password."""
    raw = conn.connection.driver_connection
    verifier = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), name.encode(), b"scram-sha-256"
    )
    return bytes(verifier).decode()


def create_learner(conn: Connection, name: str, password: str, now_ms: int) -> None:
    """The login role, its schema with the progress tables, and the grants; in the
    caller's transaction (a failure leaves nothing behind)."""
    quoted = _quote(name)
    if role_exists(conn, name):
        raise ClassError(f"a role named {name!r} already exists on this server")
    if conn.execute(text("SELECT to_regnamespace(:n)"), {"n": name}).scalar() is not None:
        raise ClassError(f"a schema named {name!r} already exists in this database")
    ensure_roster(conn)
    verifier = scram_verifier(conn, name, password)
    literal = "'" + verifier.replace("'", "''") + "'"
    _ddl(conn, f"CREATE ROLE {quoted} LOGIN PASSWORD {literal}")
    conn.execute(text(f"CREATE SCHEMA {quoted} AUTHORIZATION CURRENT_USER"))
    _clone_progress_tables(conn, name)
    _own_deck_presets(conn, name)
    database = conn.execute(text("SELECT current_database()")).scalar()
    _ddl(conn, f'ALTER ROLE {quoted} IN DATABASE "{database}" SET search_path = {quoted}, public')
    conn.execute(text(f"GRANT USAGE ON SCHEMA {quoted} TO {quoted}"))
    conn.execute(
        text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {quoted} TO {quoted}")
    )
    # their view of the decks: read, and update their own preset (nothing else)
    conn.execute(text(f"REVOKE INSERT, DELETE, TRUNCATE ON {quoted}.decks FROM {quoted}"))
    for table in SHARED_READABLE:
        conn.execute(text(f"GRANT SELECT ON public.{table} TO {quoted}"))
    for table in ("cards", "reviews"):
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f"public.{table}"}
        ).scalar()
        if sequence:
            conn.execute(text(f"GRANT USAGE ON SEQUENCE {sequence} TO {quoted}"))
    conn.execute(
        text(f"INSERT INTO public.{ROSTER_TABLE} (name, added_at) VALUES (:n, :at)"),
        {"n": name, "at": now_ms},
    )
    sync_cards(conn, name)


def _clone_progress_tables(conn: Connection, name: str) -> None:
    quoted = _quote(name)
    # Read every definition fully qualified, whatever the caller's search_path.
    conn.execute(text("SET LOCAL search_path TO pg_catalog"))
    try:
        for table in LEARNER_TABLES:
            conn.execute(text(f"CREATE TABLE {quoted}.{table} (LIKE public.{table} INCLUDING ALL)"))
        for table in LEARNER_TABLES:
            for constraint in conn.execute(
                text(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    " WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'"
                ),
                {"t": f"public.{table}"},
            ):
                definition = _repoint(constraint[1], name)
                _ddl(
                    conn,
                    f'ALTER TABLE {quoted}.{table} ADD CONSTRAINT "{constraint[0]}" {definition}',
                )
        _clone_triggers(conn, name)
    finally:
        conn.execute(text("SET LOCAL search_path TO DEFAULT"))


def _own_deck_presets(conn: Connection, name: str) -> None:
    """Deck presets (limits, desired retention, FSRS parameters) are each learner's own.

    The learner's schema gets ``deck_presets`` and a view ``decks`` over ``public.decks``
    showing their own preset where they saved one; an ``INSTEAD OF UPDATE`` trigger
    stores a preset change in ``deck_presets`` and refuses a change to anything else.
    The program's unqualified ``decks`` resolves to the view for a learner.
    """
    quoted = _quote(name)
    columns = list(
        conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                " 'public' AND table_name = 'decks' ORDER BY ordinal_position"
            )
        ).scalars()
    )
    preset_type = conn.execute(
        text(
            "SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'"
            " AND table_name = 'decks' AND column_name = 'preset'"
        )
    ).scalar()
    _ddl(
        conn,
        f"CREATE TABLE {quoted}.deck_presets (deck_id integer PRIMARY KEY"
        f" REFERENCES public.decks (id) ON DELETE CASCADE, preset {preset_type} NOT NULL)",
    )
    shown = ", ".join(
        "COALESCE(own.preset, d.preset) AS preset" if c == "preset" else f"d.{c}" for c in columns
    )
    _ddl(
        conn,
        f"CREATE VIEW {quoted}.decks AS SELECT {shown} FROM public.decks d"
        f" LEFT JOIN {quoted}.deck_presets own ON own.deck_id = d.id",
    )
    fixed = " OR ".join(
        f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in columns if c != "preset"
    )
    _ddl(
        conn,
        f"CREATE FUNCTION {quoted}.deck_preset_update() RETURNS trigger LANGUAGE plpgsql"
        f" SET search_path TO {quoted}, public AS $$ BEGIN IF {fixed} THEN RAISE EXCEPTION"
        " 'on a class server only the teacher changes decks' USING ERRCODE ="
        " 'insufficient_privilege'; END IF; INSERT INTO deck_presets (deck_id, preset)"
        " VALUES (OLD.id, NEW.preset) ON CONFLICT (deck_id) DO UPDATE SET preset ="
        " EXCLUDED.preset; RETURN NEW; END $$",
    )
    _ddl(
        conn,
        f"CREATE TRIGGER deck_preset_update INSTEAD OF UPDATE ON {quoted}.decks"
        f" FOR EACH ROW EXECUTE FUNCTION {quoted}.deck_preset_update()",
    )


def _repoint(definition: str, name: str) -> str:
    """A definition read from ``public`` with the learner tables it names made the
    learner's own (shared tables keep pointing at ``public``)."""
    for table in LEARNER_TABLES:
        definition = re.sub(rf"\bpublic\.{table}\b", f'"{name}".{table}', definition)
    return definition


def _clone_triggers(conn: Connection, name: str) -> None:
    quoted = _quote(name)
    rows = conn.execute(
        text(
            "SELECT t.tgname, c.relname, p.oid, p.proname, pg_get_triggerdef(t.oid)"
            " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace"
            " WHERE NOT t.tgisinternal AND n.nspname = 'public' AND pn.nspname = 'public'"
            " ORDER BY t.tgname"
        )
    ).all()
    cloned: set[str] = set()
    for trigger, table, function_oid, function, definition in rows:
        if function not in cloned:
            source = conn.execute(
                text("SELECT pg_get_functiondef(:oid)"), {"oid": function_oid}
            ).scalar()
            assert isinstance(source, str)
            header = f"FUNCTION public.{function}("
            body = source.replace(header, f"FUNCTION {quoted}.{function}(", 1)
            body = body.replace("\nAS ", f"\n SET search_path TO {quoted}, public\nAS ", 1)
            _ddl(conn, body)
            cloned.add(function)
        statement = definition.replace(
            f"EXECUTE FUNCTION public.{function}(", f"EXECUTE FUNCTION {quoted}.{function}("
        )
        if table in LEARNER_TABLES:
            statement = statement.replace(f" ON public.{table} ", f" ON {quoted}.{table} ", 1)
        else:  # a trigger on a shared table: one per learner, named after them
            statement = statement.replace(
                f"CREATE TRIGGER {trigger} ", f'CREATE TRIGGER "{trigger}__{name}" ', 1
            )
        _ddl(conn, statement)


def adopt_existing_progress(conn: Connection, name: str) -> int:
    """Move the progress kept in ``public`` (the collection before it became a class)
    to ``name``: cards and reviews keep their ids; the learner's day totals are rebuilt
    by their triggers as the reviews arrive. Returns the number of reviews moved."""
    quoted = _quote(name)
    conn.execute(text(f"DELETE FROM {quoted}.cards"))
    conn.execute(text(f"INSERT INTO {quoted}.cards SELECT * FROM public.cards"))
    moved = conn.execute(
        text(f"INSERT INTO {quoted}.reviews SELECT * FROM public.reviews ORDER BY id")
    ).rowcount
    conn.execute(
        text(
            f"INSERT INTO {quoted}.settings SELECT * FROM public.settings WHERE NOT (key = ANY(:k))"
        ),
        {"k": list(COLLECTION_SETTINGS)},
    )
    conn.execute(
        text(
            f"INSERT INTO {quoted}.deck_presets SELECT id, preset FROM public.decks"
            " WHERE preset::text NOT IN ('{}', 'null')"
        )
    )
    conn.execute(text("DELETE FROM public.reviews"))
    conn.execute(text("DELETE FROM public.cards"))
    conn.execute(text("DELETE FROM public.review_day_totals"))
    conn.execute(
        text("DELETE FROM public.settings WHERE key <> ALL(:k)"),
        {"k": list(COLLECTION_SETTINGS)},
    )
    return int(moved or 0)


def sync_cards(conn: Connection, schema: str | None = None) -> int:
    """A new card for every shared problem the learner has no card for yet (a deck the
    teacher imported since). ``schema=None``: the connection's own (a learner's)."""
    prefix = "" if schema is None else _quote(schema) + "."
    made = conn.execute(
        text(
            f"INSERT INTO {prefix}cards (problem_id, deck_id, phase, reps, lapses, position,"
            " suspended, leech) SELECT p.id, p.deck_id, 0, 0, 0, p.id, false, false"
            f" FROM problems p WHERE NOT EXISTS (SELECT 1 FROM {prefix}cards c"
            " WHERE c.problem_id = p.id) ORDER BY p.id"
        )
    ).rowcount
    return int(made or 0)


def remove_learner(conn: Connection, name: str, *, keep_history: bool, now_ms: int) -> None:
    """Drop the learner's login. Their schema (history) stays for the report unless
    ``keep_history`` is false, when it is dropped with everything in it."""
    quoted = _quote(name)
    if name not in learner_schemas(conn):
        raise ClassError(f"no learner named {name!r} in this class")
    if role_exists(conn, name):
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE usename = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )
        conn.execute(text(f"DROP OWNED BY {quoted}"))
        database = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f'ALTER ROLE {quoted} IN DATABASE "{database}" RESET ALL'))
        conn.execute(text(f"DROP ROLE {quoted}"))
    if keep_history:
        conn.execute(
            text(f"UPDATE public.{ROSTER_TABLE} SET removed_at = :at WHERE name = :n"),
            {"n": name, "at": now_ms},
        )
    else:
        conn.execute(text(f"DROP SCHEMA {quoted} CASCADE"))
        conn.execute(text(f"DELETE FROM public.{ROSTER_TABLE} WHERE name = :n"), {"n": name})


def prepare_learner(conn: Connection) -> Identity:
    """On opening: who this is, and for a learner the cards of problems added since."""
    identity = identify(conn)
    if identity.is_learner:
        sync_cards(conn)
    return identity


def require_admin(conn: Connection) -> None:
    """Only the owner of the shared tables (or a superuser) runs a class."""
    if conn.dialect.name != "postgresql":
        raise ClassError(
            "a class lives on a PostgreSQL server: run this with --db (or TRAINER_DB) set to "
            "the admin's URL, postgresql+psycopg://ADMIN@HOST/DATABASE"
        )
    allowed = conn.execute(
        text(
            "SELECT current_user = pg_get_userbyid(c.relowner)"
            " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
            " FROM pg_class c WHERE c.oid = to_regclass('public.decks')"
        )
    ).scalar()
    if not allowed:
        raise ClassError(
            "only the class admin (the owner of the database's tables) can do this; "
            "run it with the admin's URL in --db"
        )


def enroll(
    collection: Collection, name: str, password: str, now_ms: int, *, adopt: bool = False
) -> tuple[int, int]:
    """Add a learner (and make the collection a class if it is not one yet). With
    ``adopt``, the progress kept so far moves to them. Returns ``(cards, reviews moved)``."""
    check_name(name)
    with _refusals("add a learner"), collection.engine.begin() as conn:
        require_admin(conn)
        create_learner(conn, name, password, now_ms)
        moved = adopt_existing_progress(conn, name) if adopt else 0
        if adopt:
            sync_cards(conn, name)
        cards = conn.execute(text(f"SELECT count(*) FROM {_quote(name)}.cards")).scalar()
    return int(cards or 0), moved


@contextmanager
def _refusals(doing: str) -> Iterator[None]:
    """The server refusing an admin statement (no CREATEROLE, say) is one line; nothing of
    the transaction stays."""
    try:
        yield
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()[0]
        hint = ""
        if "create role" in first.lower():
            hint = " (the admin role needs CREATEROLE: ALTER ROLE ADMIN CREATEROLE, as postgres)"
        raise ClassError(f"cannot {doing}: the server says: {first}{hint}") from exc


def withdraw(collection: Collection, name: str, *, keep_history: bool, now_ms: int) -> None:
    """Remove a learner's login (and, without ``keep_history``, their progress)."""
    with _refusals("remove a learner"), collection.engine.begin() as conn:
        require_admin(conn)
        remove_learner(conn, name, keep_history=keep_history, now_ms=now_ms)


def sync_all(collection: Collection) -> int:
    """The admin's side of ``sync_cards``: every learner gets cards for new problems."""
    with collection.engine.begin() as conn:
        if identify(conn).role != "admin":
            return 0
        return sum(sync_cards(conn, name) for name in learner_schemas(conn, include_removed=False))
