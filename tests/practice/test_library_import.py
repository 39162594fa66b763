"""import_batch: adds, updates in place, reports removals, is atomic, dry-runs, keeps media safe."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from trainer.domain import (
    AnswerKind,
    CheckOptions,
    Deck,
    HistoryEntry,
    ImportBatch,
    MediaFile,
    Parameter,
    Problem,
    Rating,
    Skipped,
)
from trainer.errors import DeckFormatError
from trainer.practice.importing import import_batch
from trainer.practice.services import Services
from trainer.store.problem_rows import decode_problem

TABLES = ("decks", "problems", "cards", "reviews", "settings")


def snapshot(services: Services) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with services.collection.engine.connect() as conn:
        return {
            table: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in TABLES
        }


def problems(n: int, prefix: str = "p", answer_suffix: str = "") -> tuple[Problem, ...]:
    return tuple(
        Problem(key=f"{prefix}{i}", prompt=f"{i} + {i}", answer=f"{2 * i}{answer_suffix}")
        for i in range(n)
    )


def deck(key: str = "demo", items: tuple[Problem, ...] | None = None) -> Deck:
    return Deck(key=key, name=key.title(), problems=problems(3) if items is None else items)


def one(services: Services, sql: str, **params: object) -> list[tuple]:
    with services.collection.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def test_new_deck_gets_problems_and_cards_in_file_order(services: Services) -> None:
    report = import_batch(services, ImportBatch(decks=(deck(),)), source="demo.toml")
    assert report.added == ["p0", "p1", "p2"]
    assert (report.updated, report.unchanged, report.removed) == ([], 0, [])
    rows = one(
        services,
        "SELECT p.key, c.phase, c.position, c.reps FROM cards c JOIN problems p "
        "ON p.id = c.problem_id ORDER BY c.position",
    )
    assert [r[0] for r in rows] == ["p0", "p1", "p2"]
    assert all(r[1] == 0 and r[3] == 0 for r in rows)
    positions = [r[2] for r in rows]
    assert positions == sorted(positions) and len(set(positions)) == 3


def test_a_second_deck_continues_and_a_problem_round_trips(services: Services) -> None:
    rich = Problem(
        key="param",
        prompt="Compute ${a} + {b}$.",
        answer="{=a+b}",
        kind=AnswerKind.INTEGER,
        options=CheckOptions(abs_tol=0.5),
        solution="Add them.",
        hints=("Units first.",),
        tags=("addition", "two words"),
        parameters=(Parameter("a", range=(1, 9)), Parameter("b", choice=("2", "3"))),
        constraints=("a != b",),
        note_key="n1",
    )
    plain = Problem(key="plain", prompt="1+1", answer="2", tags=("easy",), note_key="n1")
    import_batch(services, ImportBatch(decks=(deck("x", (rich, plain)),)), source="x")
    rows = one(
        services,
        "SELECT key, prompt, answer, kind, note_key, tags, body FROM problems ORDER BY id",
    )
    assert [decode_problem(*row) for row in rows] == [rich, plain]
    assert rows[1][6] == "{}"  # plain problems keep no body


def test_reimport_unchanged_writes_nothing(services: Services) -> None:
    batch = ImportBatch(decks=(deck(),))
    import_batch(services, batch, source="a")
    before = snapshot(services)
    report = import_batch(services, batch, source="a")
    assert (report.added, report.updated, report.unchanged) == ([], [], 3)
    assert snapshot(services) == before


def test_changed_problem_is_updated_in_place_keeping_card_and_history(
    services: Services, clock
) -> None:
    import_batch(services, ImportBatch(decks=(deck(),)), source="a")
    history = tuple(
        HistoryEntry("p1", clock() - timedelta(days=d), Rating.GOOD, deck_key="demo")
        for d in (10, 5, 1)
    )
    import_batch(services, ImportBatch(decks=(), history=history), source="log", deck_name="demo")
    card_before = one(
        services,
        "SELECT c.* FROM cards c JOIN problems p ON p.id = c.problem_id WHERE p.key = 'p1'",
    )
    reviews_before = one(services, "SELECT * FROM reviews ORDER BY id")
    assert len(reviews_before) == 3

    changed = list(problems(3))
    changed[1] = Problem(key="p1", prompt="1 + 1 (new wording)", answer="2")
    changed.append(Problem(key="p9", prompt="9+9", answer="18"))
    report = import_batch(services, ImportBatch(decks=(deck("demo", tuple(changed)),)), source="a")
    assert report.updated == ["p1"] and report.added == ["p9"] and report.unchanged == 2
    assert (
        one(
            services,
            "SELECT c.* FROM cards c JOIN problems p ON p.id = c.problem_id WHERE p.key = 'p1'",
        )
        == card_before
    )
    assert one(services, "SELECT * FROM reviews ORDER BY id") == reviews_before
    assert one(services, "SELECT prompt FROM problems WHERE key = 'p1'") == [
        ("1 + 1 (new wording)",)
    ]


def test_removed_problems_are_reported_kept_and_restored(services: Services, clock) -> None:
    import_batch(services, ImportBatch(decks=(deck(),)), source="a")
    history = (HistoryEntry("p2", clock() - timedelta(days=3), Rating.AGAIN, deck_key="demo"),)
    import_batch(services, ImportBatch(decks=(), history=history), source="log")
    report = import_batch(services, ImportBatch(decks=(deck("demo", problems(2)),)), source="a")
    assert report.removed == ["p2"] and report.unchanged == 2
    rows = one(services, "SELECT key, removed_at FROM problems ORDER BY key")
    assert [(k, r is not None) for k, r in rows] == [("p0", False), ("p1", False), ("p2", True)]
    assert len(one(services, "SELECT * FROM reviews")) == 1

    again = import_batch(services, ImportBatch(decks=(deck("demo", problems(2)),)), source="a")
    assert again.removed == []  # already removed: not reported twice
    back = import_batch(services, ImportBatch(decks=(deck(),)), source="a")
    assert back.restored == ["p2"] and back.removed == []
    assert one(services, "SELECT removed_at FROM problems WHERE key = 'p2'") == [(None,)]
    assert len(one(services, "SELECT * FROM reviews")) == 1


def test_dry_run_reports_the_same_and_writes_nothing(services: Services, tmp_path: Path) -> None:
    import_batch(services, ImportBatch(decks=(deck(),)), source="a")
    before = snapshot(services)
    changed = (Problem(key="p0", prompt="changed", answer="0"), *problems(5)[3:])
    batch = ImportBatch(
        decks=(deck("demo", changed), deck("other")),
        media=(MediaFile("pic.png", b"png"),),
        skipped=(Skipped("a:3", "no answer"),),
    )
    report = import_batch(services, batch, source="a", dry_run=True)
    assert report.dry_run
    assert report.updated == ["p0"] and report.added == ["p3", "p4", "p0", "p1", "p2"]
    assert sorted(report.removed) == ["p1", "p2"]
    assert report.media_copied == 1 and [str(s) for s in report.skipped] == ["a:3: no answer"]
    assert snapshot(services) == before
    assert not services.media_dir.exists() or not any(services.media_dir.iterdir())


def test_duplicate_key_is_an_error_and_writes_nothing(services: Services) -> None:
    import_batch(services, ImportBatch(decks=(deck(),)), source="a")
    before = snapshot(services)
    twice = (*problems(2), Problem(key="p0", prompt="again", answer="1"))
    with pytest.raises(DeckFormatError, match="'p0' twice"):
        import_batch(services, ImportBatch(decks=(deck("new", twice),)), source="bad.csv")
    assert snapshot(services) == before


def test_failure_mid_import_rolls_everything_back(services: Services, clock) -> None:
    import_batch(services, ImportBatch(decks=(deck(),)), source="a")
    before = snapshot(services)
    calls: list[tuple[str, int, int]] = []

    def explode(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))
        if stage == "history":
            raise RuntimeError("disk on fire")

    changed = (Problem(key="p0", prompt="changed", answer="0"), *problems(6)[1:])
    history = (HistoryEntry("p0", clock() - timedelta(days=2), Rating.GOOD, deck_key="demo"),)
    batch = ImportBatch(
        decks=(deck("demo", changed), deck("second")),
        history=history,
        media=(MediaFile("a.png", b"x"),),
    )
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_batch(services, batch, source="a", progress=explode)
    assert calls[:2] == [("problems", 6, 9), ("problems", 9, 9)]  # both decks were written
    assert snapshot(services) == before
    assert not services.media_dir.exists() or not any(services.media_dir.iterdir())


def test_media_names_are_sanitised_and_stay_inside_media_dir(services: Services) -> None:
    evil = Problem(key="e", prompt="see ![](../../evil.png)", answer="1", media=("../../evil.png",))
    batch = ImportBatch(
        decks=(deck("m", (evil,)),),
        media=(MediaFile("../../evil.png", b"EVIL"), MediaFile("C:\\x\\..\\win.gif", b"GIF")),
    )
    report = import_batch(services, batch, source="m.apkg")
    assert report.media_copied == 2
    root = services.media_dir.resolve()
    files = sorted(p.name for p in root.iterdir())
    assert files == ["evil.png", "win.gif"]
    assert not (root.parent.parent / "evil.png").exists()
    assert (root / "evil.png").read_bytes() == b"EVIL"
    stored = one(services, "SELECT prompt, body FROM problems WHERE key = 'e'")[0]
    assert stored[0] == "see ![](evil.png)" and '"media":["evil.png"]' in stored[1]
    again = import_batch(services, batch, source="m.apkg")
    assert again.unchanged == 1 and again.media_copied == 0


def test_a_media_name_taken_by_other_bytes_gets_a_digest(services: Services) -> None:
    services.media_dir.mkdir(parents=True)
    (services.media_dir / "pic.png").write_bytes(b"someone else's")
    p = Problem(key="a", prompt="![](pic.png)", answer="1", media=("pic.png",))
    import_batch(
        services,
        ImportBatch(decks=(deck("m", (p,)),), media=(MediaFile("pic.png", b"mine"),)),
        source="m",
    )
    assert (services.media_dir / "pic.png").read_bytes() == b"someone else's"
    prompt = one(services, "SELECT prompt FROM problems")[0][0]
    name = prompt[len("![](") : -1]
    assert name.startswith("pic-") and name.endswith(".png")
    assert (services.media_dir / name).read_bytes() == b"mine"
