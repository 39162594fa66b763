"""A class on one PostgreSQL server: each learner's own login and schedule, kept apart by
PostgreSQL's own grants, and the teacher's report. Needs ``TRAINER_TEST_PG_URL``.

Learners connect as their own roles (the test server trusts loopback, so the password in
the URL is not checked here; the stored SCRAM verifier is). Raw SQL from one learner's
connection must not reach another learner's rows or change a shared problem.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from psycopg import errors as pg_errors

from trainer.clock import FrozenClock
from trainer.errors import CollectionError, TrainerError
from trainer.practice import classroom
from trainer.practice.engine import PracticeSession
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.wiring import build_services

from .plain_driver import (
    PlainProcess,
    acknowledged,
    deck_toml,
    make_collection,
    psycopg_dsn,
    right_answer,
    state_mismatches,
    stored_reviews_on,
)

pytestmark = pytest.mark.postgres
PASSWORD = "correct-horse-battery"


@dataclass
class Class:
    admin_url: str
    names: list[str]
    home: Path

    def url(self, name: str) -> str:
        server = self.admin_url.split("@", 1)[1]
        return f"postgresql+psycopg://{name}:{PASSWORD}@{server}"

    def dsn(self, name: str) -> str:
        return psycopg_dsn(self.url(name))

    def services(self, name: str | None, clock: FrozenClock | None = None) -> Services:
        url = self.admin_url if name is None else self.url(name)
        folder = self.home / (name or "admin")
        if clock is None:
            return build_services(home=folder, db_url=url, import_bundled=False)
        return build_services(home=folder, db_url=url, clock=clock, import_bundled=False)


def _unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def a_class(pg_database: Callable[[], str], tmp_path: Path) -> Iterator[Class]:
    """A class database with two decks ("sums", "prods") and two learners."""
    url = pg_database()
    make_collection(tmp_path / "setup", url)
    names = [_unique("alice"), _unique("bob")]
    klass = Class(url, names, tmp_path)
    admin = klass.services(None)
    try:
        for name in names:
            classroom.add_learner(admin, name, PASSWORD, adopt=False)
        yield klass
    finally:
        for name in names:
            with contextlib.suppress(TrainerError):  # a test may have removed them
                classroom.remove_learner(admin, name, keep_history=False)
        admin.close()


def _fails(conn: psycopg.Connection, sql: str) -> type[Exception]:
    """Run ``sql`` expecting PostgreSQL to refuse it; the error's class."""
    with pytest.raises(psycopg.Error) as caught:
        conn.execute(sql)
    conn.rollback()
    return type(caught.value)


def test_a_learner_sees_and_changes_only_their_own_rows(a_class: Class) -> None:
    alice, bob = a_class.names
    # one review each, through the real engine on their own connections
    for name in (alice, bob):
        services = a_class.services(name)
        session = PracticeSession(services, ["sums"])
        shown = session.next_problem()
        assert shown is not None
        session.submit(right_answer(shown.prompt))
        session.close()
        services.close()
    with psycopg.connect(a_class.dsn(alice)) as conn:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM cards").fetchone() == (60,)
        assert conn.execute("SELECT count(*) FROM problems").fetchone() == (60,)
        denied = pg_errors.InsufficientPrivilege
        for sql in (
            f"SELECT * FROM {bob}.cards",
            f"SELECT * FROM {bob}.reviews",
            f"UPDATE {bob}.cards SET due = NULL",
            f"DELETE FROM {bob}.reviews",
            f"INSERT INTO {bob}.cards (problem_id, deck_id) SELECT id, deck_id FROM problems",
            "SELECT * FROM public.cards",
            "SELECT * FROM public.reviews",
            "UPDATE problems SET answer = '0'",
            "DELETE FROM problems",
            "INSERT INTO public.decks (key, name) VALUES ('x', 'x')",
            "UPDATE decks SET name = 'mine'",
            "UPDATE public.decks SET preset = '{}'",
            "TRUNCATE problems",
            f"ALTER TABLE {alice}.reviews DISABLE TRIGGER ALL",
            "CREATE TABLE public.mine (x int)",
            f"CREATE TABLE {alice}.mine (x int)",
            "UPDATE alembic_version SET version_num = 'x'",
        ):
            refused = _fails(conn, sql)
            assert issubclass(refused, denied), (sql, refused)
        # their ``decks`` is a view of the shared decks: no row can be added through it
        view = _fails(conn, "INSERT INTO decks (key, name) VALUES ('x', 'x')")
        assert issubclass(view, (denied, pg_errors.ObjectNotInPrerequisiteState))
        assert conn.execute("SELECT count(*) FROM decks").fetchone() == (2,)
        conn.execute(f"SET search_path TO {bob}, public")
        assert issubclass(_fails(conn, "SELECT * FROM cards"), denied)
    with psycopg.connect(psycopg_dsn(a_class.admin_url)) as admin:
        for name in (alice, bob):
            assert admin.execute(f"SELECT count(*) FROM {name}.reviews").fetchone() == (1,)
        assert admin.execute("SELECT count(*) FROM public.reviews").fetchone() == (0,)


def test_deck_presets_are_each_learners_own(a_class: Class) -> None:
    from dataclasses import replace

    from trainer.practice.settings import load_settings, save_settings

    alice, bob = a_class.names
    services = a_class.services(alice)
    view = load_settings(services)
    mine = replace(view.preset_for("sums"), new_per_day=3, desired_retention=0.85)
    save_settings(services, "sums", mine)
    assert load_settings(services).preset_for("sums").new_per_day == 3
    services.close()
    others = a_class.services(bob)
    theirs = load_settings(others).preset_for("sums")
    others.close()
    assert theirs.new_per_day != 3 and theirs.desired_retention != 0.85
    with psycopg.connect(psycopg_dsn(a_class.admin_url)) as admin:
        shared = admin.execute("SELECT preset::text FROM public.decks WHERE key = 'sums'")
        assert "0.85" not in shared.fetchone()[0]


def test_passwords_are_scram_verifiers_and_never_printed(a_class: Class, tmp_path: Path) -> None:
    with psycopg.connect(psycopg_dsn(a_class.admin_url)) as admin:
        stored = admin.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (a_class.names[0],)
        ).fetchone()
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$")
    assert PASSWORD not in stored[0]
    secret = tmp_path / "pw"
    secret.write_text("s3cret-enough\n", encoding="utf-8")
    name = _unique("carol")
    run = _cli(a_class, "learners", "add", name, "--password-file", str(secret))
    try:
        assert run.returncode == 0, run.stderr
        assert "s3cret-enough" not in run.stdout + run.stderr
        assert f"postgresql+psycopg://{name}:PASSWORD@" in run.stdout
        short = tmp_path / "short"
        short.write_text("abc\n", encoding="utf-8")
        refused = _cli(a_class, "learners", "add", _unique("dan"), "--password-file", str(short))
        assert refused.returncode == 1 and "at least 8 characters" in refused.stderr
        assert "Traceback" not in refused.stderr
    finally:
        _cli(a_class, "learners", "remove", name, "--yes", "--delete-history")


def _cli(klass: Class, *args: str, url: str | None = None) -> subprocess.CompletedProcess[str]:
    env_home = klass.home / "cli-home"
    return subprocess.run(
        [sys.executable, "-m", "trainer", "--db", url or klass.admin_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"TRAINER_HOME": str(env_home), "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
    )


def test_engine_undo_and_stats_per_learner(a_class: Class, clock: FrozenClock) -> None:
    from trainer.practice.reports import stats_report

    alice, bob = a_class.names
    services = a_class.services(alice, clock)
    session = PracticeSession(services, ["sums"])
    answered = 0
    for _ in range(3):
        shown = session.next_problem()
        assert shown is not None
        session.submit(right_answer(shown.prompt))
        answered += 1
    session.undo()
    session.close()
    report = stats_report(services)
    services.close()
    bob_services = a_class.services(bob, clock)
    bob_report = stats_report(bob_services)
    bob_services.close()
    assert report.today.reviews == answered - 1
    assert bob_report.today.reviews == 0
    with psycopg.connect(a_class.dsn(alice)) as conn:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (answered - 1,)
        assert not state_mismatches(conn)


def test_the_teacher_imports_and_every_learner_gets_the_new_problems(
    a_class: Class, tmp_path: Path
) -> None:
    alice = a_class.names[0]
    deck = tmp_path / "mults.toml"
    deck.write_text(deck_toml("mults", "M", "times", 5), encoding="utf-8")
    learner = a_class.services(alice)
    with pytest.raises(TrainerError, match="only the teacher"):
        import_path(learner, deck)
    learner.close()
    admin = a_class.services(None)
    import_path(admin, deck)
    admin.close()
    with psycopg.connect(a_class.dsn(alice)) as conn:
        before = conn.execute("SELECT count(*) FROM cards").fetchone()
    reopened = a_class.services(alice)
    reopened.collection  # noqa: B018  (opening gives the learner their new cards)
    reopened.close()
    with psycopg.connect(a_class.dsn(alice)) as conn:
        after = conn.execute("SELECT count(*) FROM cards").fetchone()
    assert before == (60,) and after == (65,)
    run = _cli(a_class, "import", str(deck), url=a_class.url(alice))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and "only the teacher" in run.stderr


@pytest.mark.slow
def test_two_learners_drilling_one_deck_at_once_lose_and_double_nothing(a_class: Class) -> None:
    drills = {name: PlainProcess(a_class.url(name), "sums", a_class.home) for name in a_class.names}
    for drill in drills.values():
        drill.wait_for(r"^> ", 0, timeout=60)
    for index, drill in enumerate(drills.values()):
        answers = [str(n) for n in range(2 + index, 60, 3)] + [":reveal"] * 5
        drill.write("\n".join(answers) + "\n")
        drill.close_input()
    for name, drill in drills.items():
        assert drill.finish(timeout=120) == 0, drill.stderr
        acks = acknowledged(drill.stdout)
        assert len(acks) >= 5
        with psycopg.connect(a_class.dsn(name)) as conn:
            stored = stored_reviews_on(conn)
            assert not state_mismatches(conn)

        def key(ack: object) -> tuple[str, int, bool]:
            return (ack.prompt, ack.rating, ack.correct)  # type: ignore[attr-defined]

        assert Counter(map(key, stored)) == Counter(map(key, acks))


def test_a_one_learner_collection_becomes_a_class_keeping_every_review(
    pg_database: Callable[[], str], tmp_path: Path
) -> None:
    url = pg_database()
    make_collection(tmp_path / "setup", url)
    single = build_services(home=tmp_path / "single", db_url=url, import_bundled=False)
    session = PracticeSession(single, ["sums"])
    for _ in range(4):
        shown = session.next_problem()
        assert shown is not None
        session.submit(right_answer(shown.prompt))
    session.close()
    with single.collection.engine.connect() as conn:
        before = conn.execute(sa.text("SELECT id, card_id, rating FROM reviews ORDER BY id")).all()
        totals = conn.execute(sa.text("SELECT * FROM review_day_totals ORDER BY 1, 2")).all()
    name = _unique("erin")
    try:
        cards, moved = classroom.add_learner(single, name, PASSWORD, adopt=True)
        assert (cards, moved) == (60, 4)
        with single.collection.engine.connect() as conn:
            after = conn.execute(
                sa.text(f"SELECT id, card_id, rating FROM {name}.reviews ORDER BY id")
            ).all()
            assert after == before
            assert conn.execute(sa.text("SELECT count(*) FROM public.reviews")).scalar() == 0
            moved_totals = conn.execute(
                sa.text(f"SELECT * FROM {name}.review_day_totals ORDER BY 1, 2")
            ).all()
            assert moved_totals == totals
        learner = build_services(
            home=tmp_path / name,
            db_url=url.replace("postgres@", f"{name}:{PASSWORD}@"),
            import_bundled=False,
        )
        again = PracticeSession(learner, ["sums"])
        assert again.next_problem() is not None
        again.close()
        learner.close()
    finally:
        classroom.remove_learner(single, name, keep_history=False)
        single.close()


def test_a_learner_never_migrates_and_says_whom_to_ask(a_class: Class) -> None:
    with psycopg.connect(psycopg_dsn(a_class.admin_url), autocommit=True) as admin:
        admin.execute("UPDATE alembic_version SET version_num = '0005_stats_card_covering'")
    with pytest.raises(CollectionError, match="ask the teacher to upgrade"):
        a_class.services(a_class.names[0]).collection  # noqa: B018
    run = _cli(a_class, "decks", url=a_class.url(a_class.names[0]))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "ask the teacher" in run.stderr and PASSWORD not in run.stderr
    # the admin's program upgrades it (here: a no-op migration back to head)
    with psycopg.connect(psycopg_dsn(a_class.admin_url), autocommit=True) as admin:
        from trainer.store.migrate import HEAD_REVISION

        admin.execute("UPDATE alembic_version SET version_num = %s", (HEAD_REVISION,))
    a_class.services(a_class.names[0]).close()


def test_the_class_report_and_roster_from_the_cli(a_class: Class) -> None:
    alice, bob = a_class.names
    drill = PlainProcess(a_class.url(alice), "sums", a_class.home)
    drill.wait_for(r"^> ", 0, timeout=60)
    drill.write("999\n999\n:reveal\n")
    drill.close_input()
    assert drill.finish(timeout=60) == 0, drill.stderr
    run = _cli(a_class, "class", "report", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    by_name = {line["name"]: line for line in report["learners"]}
    assert by_name[alice]["reviews"] == 1 and by_name[bob]["reviews"] == 0
    assert by_name[alice]["right_first_time"] == 0.0
    [item] = report["problems"]
    assert (item["deck"], item["reviews"], item["learners"]) == ("sums", 1, 1)
    assert item["right_first_time"] == 0.0
    assert item["wrong_answers"][0]["answer"] == "999"
    assert item["wrong_answers"][0]["count"] == 1
    listing = json.loads(_cli(a_class, "learners", "list", "--json").stdout)
    assert sorted(line["name"] for line in listing["learners"]) == sorted(a_class.names)
    removed = _cli(a_class, "learners", "remove", alice, "--yes")
    assert removed.returncode == 0, removed.stderr
    after = json.loads(_cli(a_class, "class", "report", "--json").stdout)
    kept = {line["name"]: line for line in after["learners"]}
    assert kept[alice]["removed"] is True and kept[alice]["reviews"] == 1
    gone = _cli(a_class, "decks", url=a_class.url(alice))
    assert gone.returncode == 1 and "Traceback" not in gone.stderr
    csv_dir = a_class.home / "csv"
    csv_dir.mkdir()
    wrote = _cli(a_class, "class", "report", "--csv", str(csv_dir))
    assert wrote.returncode == 0, wrote.stderr
    lines = (csv_dir / "class-problems.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("deck,problem,prompt") and lines[1].startswith("sums,")


def test_class_commands_on_sqlite_say_what_they_need(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "trainer", "learners", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"TRAINER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "PostgreSQL" in run.stderr and run.stderr.count("\n") == 1


def test_learner_schemas_were_cloned_at_the_newest_migration() -> None:
    """A tripwire: learner schemas are cloned from ``public`` at the schema of the day,
    and alembic upgrades only ``public``. A migration after 0006 that touches cards,
    reviews, review_day_totals or settings must also change every schema in
    ``class_roster.learner_schemas``; then move this line to the new head."""
    from trainer.store.migrate import HEAD_REVISION

    assert HEAD_REVISION == "0006_reviews_card_rating"


def test_an_admin_without_createrole_gets_one_line(
    pg_database: Callable[[], str], tmp_path: Path
) -> None:
    url = pg_database()
    owner = _unique("owner")
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as su:
        su.execute(f"CREATE ROLE {owner} LOGIN")
        su.execute(f'ALTER DATABASE "{database}" OWNER TO {owner}')
        su.execute(f"GRANT ALL ON SCHEMA public TO {owner}")
    try:
        owner_url = url.replace("postgres@", f"{owner}@")
        services = build_services(home=tmp_path / "o", db_url=owner_url, import_bundled=False)
        with pytest.raises(TrainerError, match="needs CREATEROLE") as refused:
            classroom.add_learner(services, _unique("fay"), PASSWORD, adopt=False)
        assert "\n" not in str(refused.value)
        services.close()
    finally:
        with psycopg.connect(psycopg_dsn(url), autocommit=True) as su:
            su.execute(f'ALTER DATABASE "{database}" OWNER TO postgres')
            su.execute(f"DROP OWNED BY {owner}")
            su.execute(f"DROP ROLE {owner}")
