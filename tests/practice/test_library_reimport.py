"""Re-importing genanki packages through ``import_path``: only changed notes are touched."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest
from sqlalchemy import event, text

from trainer.errors import CollectionError
from trainer.formats.detect import ReadOptions, read_any
from trainer.practice.importing import import_batch
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.store.stored_problems import StoredDecks

MODEL = genanki.Model(
    1607392320,
    "Basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
)
STAMP = 1_700_000_000.0  # every package gets the same note mod: only the text differs


def build(
    path: Path,
    backs: dict[int, str] | None = None,
    *,
    notes: int = 6,
    tags: dict[int, list[str]] | None = None,
    model: genanki.Model = MODEL,
) -> Path:
    deck = genanki.Deck(2059400111, "Squares")
    for i in range(notes):
        back = (backs or {}).get(i, str(i * i))
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[f"{i}<sup>2</sup>", back],
                guid=genanki.guid_for("sq", i),
                tags=(tags or {}).get(i, []),
            )
        )
    genanki.Package(deck).write_to_file(str(path), timestamp=STAMP)
    return path


def rows(services: Services) -> dict[str, tuple]:
    """key -> (problem id, answer, updated_at, source_rev, removed_at, card id)."""
    with services.collection.engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT p.key, p.id, p.answer, p.updated_at, p.source_rev, p.removed_at, c.id "
                "FROM problems p JOIN cards c ON c.problem_id = p.id"
            )
        ).all()
    return {r[0]: tuple(r[1:]) for r in found}


def test_editing_one_field_updates_exactly_that_problem(
    services: Services, tmp_path: Path, clock
) -> None:
    import_path(services, build(tmp_path / "v1.apkg"))
    before = rows(services)
    assert all(r[3] for r in before.values())  # every problem is stamped
    clock.advance(minutes=5)
    report = import_path(services, build(tmp_path / "v2.apkg", {3: "nine"}))
    assert (len(report.added), len(report.updated), report.unchanged) == (0, 1, 5)
    after = rows(services)
    changed = [k for k in after if after[k] != before[k]]
    (key,) = changed
    assert key == report.updated[0] and after[key][1] == "nine"
    assert after[key][0] == before[key][0] and after[key][5] == before[key][5]  # same card
    assert after[key][2] > before[key][2] and after[key][3] != before[key][3]


def test_a_change_without_a_new_mod_is_still_detected(services: Services, tmp_path: Path) -> None:
    v1 = build(tmp_path / "v1.apkg")
    v2 = build(tmp_path / "v2.apkg", {0: "zero"}, tags={1: ["algebra"]})
    import_path(services, v1)
    report = import_path(services, v2)
    assert sorted(report.updated) == sorted(
        [f"{genanki.guid_for('sq', 0)}/1", f"{genanki.guid_for('sq', 1)}/1"]
    )
    assert report.unchanged == 4


def test_unchanged_reimport_builds_nothing_and_writes_nothing(
    services: Services, tmp_path: Path
) -> None:
    path = build(tmp_path / "v1.apkg")
    import_path(services, path)
    before = rows(services)
    with services.collection.session_scope(write=False) as session:
        conn = session.connection()
        batch = read_any(path, ReadOptions(known_revisions=StoredDecks(conn).revisions))
    assert batch.decks[0].problems == () and len(batch.decks[0].unchanged) == 6
    report = import_path(services, path)
    assert report.unchanged == 6 and not report.updated and not report.added
    assert rows(services) == before


def test_a_layout_change_rebuilds_compares_and_restamps(services: Services, tmp_path: Path) -> None:
    import_path(services, build(tmp_path / "v1.apkg"))
    before = rows(services)
    wider = genanki.Model(
        1607392320,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}
        ],
    )
    path = build(tmp_path / "v2.apkg", model=wider)
    report = import_path(services, path)
    assert report.unchanged == 6 and not report.updated  # same problems, new stamps
    after = rows(services)
    assert all(after[k][3] != before[k][3] and after[k][:3] == before[k][:3] for k in after)
    with services.collection.session_scope(write=False) as session:
        conn = session.connection()
        batch = read_any(path, ReadOptions(known_revisions=StoredDecks(conn).revisions))
    assert len(batch.decks[0].unchanged) == 6  # the next re-import skips them again


def test_a_removed_note_comes_back_through_the_fast_path(
    services: Services, tmp_path: Path
) -> None:
    import_path(services, build(tmp_path / "v1.apkg"))
    fewer = import_path(services, build(tmp_path / "v2.apkg", notes=5))
    (gone,) = fewer.removed
    assert rows(services)[gone][4] is not None
    back = import_path(services, build(tmp_path / "v3.apkg"))
    assert back.restored == [gone] and back.unchanged == 6 and not back.updated
    assert rows(services)[gone][4] is None


def test_problems_stored_without_a_stamp_are_compared_and_stamped(
    services: Services, tmp_path: Path
) -> None:
    path = build(tmp_path / "v1.apkg")
    import_path(services, path)
    with services.collection.session_scope() as session:
        session.execute(text("UPDATE problems SET source_rev = NULL"))  # as before 0002
    report = import_path(services, path)
    assert report.unchanged == 6 and not report.updated
    assert all(r[3] for r in rows(services).values())


def test_a_batch_read_before_a_stamp_changed_aborts_its_import(
    services: Services, tmp_path: Path
) -> None:
    path = build(tmp_path / "v1.apkg")
    import_path(services, path)
    with services.collection.session_scope(write=False) as session:
        conn = session.connection()
        batch = read_any(path, ReadOptions(known_revisions=StoredDecks(conn).revisions))
    with services.collection.session_scope() as session:  # another program edits meanwhile
        session.execute(text("UPDATE problems SET source_rev = 'elsewhere', answer = 'x'"))
    before = rows(services)
    with pytest.raises(CollectionError, match="changed while"):
        import_batch(services, batch, source=str(path))
    assert rows(services) == before


def test_dry_run_of_an_edited_package_writes_nothing(services: Services, tmp_path: Path) -> None:
    import_path(services, build(tmp_path / "v1.apkg"))
    before = rows(services)
    report = import_path(services, build(tmp_path / "v2.apkg", {2: "four"}), dry_run=True)
    assert len(report.updated) == 1 and report.unchanged == 5
    assert rows(services) == before


def test_a_batch_read_before_a_problem_was_deleted_aborts_its_import(
    services: Services, tmp_path: Path
) -> None:
    path = build(tmp_path / "v1.apkg")
    import_path(services, path)
    with services.collection.session_scope(write=False) as session:
        conn = session.connection()
        batch = read_any(path, ReadOptions(known_revisions=StoredDecks(conn).revisions))
    with services.collection.session_scope() as session:
        victim = session.execute(text("SELECT id FROM problems ORDER BY id LIMIT 1")).scalar()
        session.execute(text("DELETE FROM cards WHERE problem_id = :p"), {"p": victim})
        session.execute(text("DELETE FROM problems WHERE id = :p"), {"p": victim})
    before = rows(services)
    with pytest.raises(CollectionError, match="changed while"):
        import_batch(services, batch, source=str(path))
    assert rows(services) == before and len(before) == 5


def test_the_import_commit_leaves_the_wal_checkpoint_for_later(
    services: Services, tmp_path: Path
) -> None:
    engine = services.collection.engine

    @event.listens_for(engine, "connect")
    def small_threshold(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA wal_autocheckpoint = 10")

    engine.dispose()  # every connection from now on has the small threshold
    database = Path(engine.url.database or "")
    before = database.stat().st_size
    import_path(services, build(tmp_path / "v1.apkg", notes=300))
    wal = Path(f"{database}-wal")
    assert wal.stat().st_size > 10 * 4096  # far past the threshold...
    assert database.stat().st_size == before  # ...yet the commit copied nothing back
    with engine.connect() as conn:  # the import's connection has its threshold back
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 10
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert database.stat().st_size > before
    assert len(rows(services)) == 300


def test_removed_notes_are_reported_in_file_order(services: Services, tmp_path: Path) -> None:
    import_path(services, build(tmp_path / "v1.apkg", notes=12))
    report = import_path(services, build(tmp_path / "v2.apkg", notes=4))
    assert report.unchanged == 4
    assert report.removed == [f"{genanki.guid_for('sq', i)}/1" for i in range(4, 12)]
