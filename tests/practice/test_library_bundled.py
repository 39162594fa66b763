"""Bundled decks: imported on first start, updated in place when a newer version ships."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from trainer.clock import FrozenClock
from trainer.domain import HistoryEntry, ImportBatch, Rating
from trainer.paths import bundled_decks_dir
from trainer.practice.importing import import_batch
from trainer.practice.library import BUNDLED_SETTING, ensure_bundled_decks
from trainer.store.settings import get_setting
from trainer.wiring import build_services


def deck_toml(key: str, version: str, answer: str = "4") -> str:
    return f"""format = 1

[deck]
id = '{key}'
name = '{key.title()} deck'
version = '{version}'

[[problems]]
id = 'two-plus-two'
prompt = 'What is $2 + 2$?'
answer = '{answer}'

[[problems]]
id = 'three-times'
prompt = 'What is $3 \\\\times 3$?'
answer = '9'
"""


def rows(services, sql: str) -> list[tuple]:
    with services.collection.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_first_start_imports_then_a_newer_version_updates_in_place(
    tmp_path: Path, clock: FrozenClock
) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "alpha.toml").write_text(deck_toml("alpha", "1.0.0"))
    (decks / "beta.toml").write_text(deck_toml("beta", "1.0.0"))
    home = tmp_path / "home"
    services = build_services(home=home, clock=clock, decks_dir=decks)
    assert rows(services, "SELECT key, bundled FROM decks ORDER BY key") == [
        ("alpha", 1),
        ("beta", 1),
    ]
    assert len(rows(services, "SELECT * FROM cards")) == 4
    # progress on a card of alpha
    import_batch(
        services,
        ImportBatch(decks=(), history=(HistoryEntry("two-plus-two", clock(), Rating.GOOD),)),
        source="log",
        deck_name="alpha",
    )
    card = rows(
        services,
        "SELECT c.id, c.reps FROM cards c JOIN problems p "
        "ON p.id = c.problem_id WHERE p.key = 'two-plus-two' AND c.deck_id = "
        "(SELECT id FROM decks WHERE key = 'alpha')",
    )
    services.close()

    # nothing changed: the fingerprint matches, nothing is parsed
    services = build_services(home=home, clock=clock, decks_dir=decks)
    assert ensure_bundled_decks(services).skipped_unchanged
    services.close()

    (decks / "alpha.toml").write_text(deck_toml("alpha", "1.1.0", answer="2 + 2"))
    services = build_services(home=home, clock=clock, decks_dir=decks, import_bundled=False)
    report = ensure_bundled_decks(services)
    assert report.updated == ["alpha"] and report.imported == [] and report.errors == []
    assert rows(services, "SELECT version FROM decks WHERE key = 'alpha'") == [("1.1.0",)]
    after = rows(
        services,
        "SELECT c.id, c.reps FROM cards c JOIN problems p "
        "ON p.id = c.problem_id WHERE p.key = 'two-plus-two' AND c.deck_id = "
        "(SELECT id FROM decks WHERE key = 'alpha')",
    )
    assert after == card and card[0][1] == 1
    assert len(rows(services, "SELECT * FROM reviews")) == 1
    services.close()


def test_broken_or_missing_bundled_decks_never_stop_the_app(tmp_path: Path, clock) -> None:
    missing = build_services(home=tmp_path / "h1", clock=clock, decks_dir=tmp_path / "nowhere")
    assert rows(missing, "SELECT * FROM decks") == []
    missing.close()

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "good.toml").write_text(deck_toml("good", "1"))
    (decks / "bad.toml").write_text("format = 1\n[deck]\nid = 'bad'\n[[problems]]\nid = 3\n")
    services = build_services(home=tmp_path / "h2", clock=clock, decks_dir=decks)
    assert rows(services, "SELECT key FROM decks") == [("good",)]
    with services.collection.session_scope(write=False) as session:
        state = get_setting(session, BUNDLED_SETTING)
    assert state is not None and len(state["errors"]) == 1 and "bad.toml" in state["errors"][0]
    services.close()


def test_a_learners_own_deck_with_a_bundled_key_is_left_alone(tmp_path: Path, clock) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "alpha.toml").write_text(deck_toml("alpha", "9"))
    services = build_services(
        home=tmp_path / "h", clock=clock, import_bundled=False, decks_dir=decks
    )
    from trainer.domain import Deck, Problem

    mine = Deck("alpha", "Mine", (Problem(key="x", prompt="x", answer="1"),), version="1")
    import_batch(services, ImportBatch(decks=(mine,)), source="mine.toml")
    ensure_bundled_decks(services)
    assert rows(services, "SELECT name, version, bundled FROM decks") == [("Mine", "1", 0)]
    services.close()


def test_every_shipped_deck_imports_cleanly_and_a_restart_costs_little(
    tmp_path: Path, clock
) -> None:
    shipped = sorted(bundled_decks_dir().glob("*.toml"))
    assert shipped, "no bundled decks found"
    services = build_services(home=tmp_path / "h", clock=clock, import_bundled=False)
    report = ensure_bundled_decks(services)
    assert report.errors == []
    assert len(report.imported) == len(shipped)
    assert rows(services, "SELECT COUNT(*) FROM decks WHERE bundled")[0][0] == len(shipped)
    start = time.perf_counter()
    again = ensure_bundled_decks(services)
    elapsed = time.perf_counter() - start
    assert again.skipped_unchanged
    assert elapsed < 0.05  # ~1 ms in practice; generous for a loaded CI machine
    services.close()


def test_versions_compare_as_numbers() -> None:
    from trainer.practice.library import _version_key

    assert _version_key("1.10.0") > _version_key("1.9.3")
    assert _version_key("2") > _version_key("1.99")
    assert _version_key("1.0.0") == _version_key("1.0.0")


def test_declined_bundled_decks_are_never_imported(tmp_path: Path, clock) -> None:
    from trainer.practice.library import decline_bundled_decks

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "alpha.toml").write_text(deck_toml("alpha", "1"))
    services = build_services(
        home=tmp_path / "h", clock=clock, import_bundled=False, decks_dir=decks
    )
    assert decline_bundled_decks(services) == ["alpha"]
    assert ensure_bundled_decks(services).skipped_unchanged
    (decks / "alpha.toml").write_text(deck_toml("alpha", "2"))  # even a newer version
    assert ensure_bundled_decks(services).imported == []
    assert rows(services, "SELECT * FROM decks") == []
    services.close()
