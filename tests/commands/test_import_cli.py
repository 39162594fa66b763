"""``trainer import`` and ``trainer export-deck`` through the real command line group."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, text

from trainer.cli import main_group

DECK = """format = 1

[deck]
id = 'demo'
name = 'Demo'
version = '2'
description = 'A demo deck'
author = 'me'
licence = 'CC0-1.0'
kind = 'integer'

[[problems]]
id = 'sum'
prompt = 'Compute ${a} + {b}$.'
answer = '{=a+b}'
tags = ['addition']
hints = ['Add the units first.']
solution = 'Just add.'
[problems.params]
a = { range = [2, 9] }
b = { range = [2, 9] }

[[problems]]
id = 'half'
prompt = 'Half of $\\\\frac{1}{2}$?'
answer = '1/4'
kind = 'rational'
"""


def run(db: Path, *args: str) -> object:
    runner = CliRunner()
    return runner.invoke(main_group, ["--db", f"sqlite:///{db}", *args], catch_exceptions=False)


def problems_of(db: Path) -> list[tuple]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        out = [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT p.key, p.prompt, p.answer, p.kind, p.tags, p.body, p.content_hash "
                    "FROM problems p JOIN decks d ON d.id = p.deck_id WHERE d.key = 'demo' "
                    "ORDER BY p.key"
                )
            )
        ]
    engine.dispose()
    return out


def test_import_prints_counts_and_reimport_is_unchanged(tmp_path: Path) -> None:
    deck = tmp_path / "demo.toml"
    deck.write_text(DECK)
    db = tmp_path / "c.sqlite3"
    first = run(db, "import", str(deck))
    assert first.exit_code == 0, first.output
    assert "added            2" in first.output and "Demo (demo, new)" in first.output
    again = run(db, "import", str(deck))
    assert "unchanged        2" in again.output and "added            0" in again.output


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    deck = tmp_path / "demo.toml"
    deck.write_text(DECK)
    db = tmp_path / "c.sqlite3"
    result = run(db, "import", "--dry-run", str(deck))
    assert result.exit_code == 0 and "Dry run (nothing written)" in result.output
    assert problems_of(db) == []


def test_export_then_import_into_an_empty_collection_gives_the_same_problems(
    tmp_path: Path,
) -> None:
    deck = tmp_path / "demo.toml"
    deck.write_text(DECK)
    first_db, second_db = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert run(first_db, "import", str(deck)).exit_code == 0
    out = tmp_path / "exported.toml"
    exported = run(first_db, "export-deck", "Demo", str(out))
    assert exported.exit_code == 0, exported.output
    assert "Wrote 2 problems" in exported.output
    assert run(second_db, "import", str(out)).exit_code == 0
    assert problems_of(second_db) == problems_of(first_db)
    assert len(problems_of(first_db)) == 2


def test_csv_with_skipped_rows_shows_the_first_few_and_a_count(tmp_path: Path) -> None:
    lines = ["question,answer"] + [f"q{i}," for i in range(8)] + ["What is 1+1?,2"]
    csv_file = tmp_path / "set.csv"
    csv_file.write_text("\n".join(lines) + "\n")
    result = run(tmp_path / "c.sqlite3", "import", "--deck", "Set", str(csv_file))
    assert result.exit_code == 0, result.output
    assert "added            1" in result.output and "skipped          8" in result.output
    assert f"{csv_file}:2: no answer" in result.output
    assert "... and 3 more" in result.output


def test_format_errors_are_printed_one_per_line_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "format = 1\n[deck]\nid = 'x'\nname = 'X'\n[[problems]]\nid = 'a'\n"
        "prompt = 'p'\n[[problems]]\nid = 'b'\nanswer = '1'\n"
    )
    db = tmp_path / "c.sqlite3"
    runner = CliRunner()
    result = runner.invoke(main_group, ["--db", f"sqlite:///{db}", "import", str(bad)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) >= 2
    assert all(line.startswith(f"{bad}:") for line in errors)


def test_revlog_import_with_deck_replays_history(tmp_path: Path) -> None:
    problems = tmp_path / "w.csv"
    problems.write_text(
        "id,prompt,answer,created_ms\nw-1,1+1,2,1767225600000\nw-2,2+2,4,1767225600001\n"
    )
    revlog = tmp_path / "log.csv"
    revlog.write_text(
        "card_id,review_time,review_rating,review_state,review_duration\n"
        "w-1,1767258000000,3,0,5000\nw-1,1767344400000,3,1,4000\nw-9,1767344400001,3,0,1\n"
    )
    db = tmp_path / "c.sqlite3"
    assert run(db, "import", "--deck", "W", str(problems)).exit_code == 0
    result = run(db, "import", "--deck", "W", str(revlog))
    assert result.exit_code == 0, result.output
    assert "history          2 reviews on 1 cards" in result.output
    assert "skipped          1" in result.output
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        created = conn.execute(
            text("SELECT key, created_at FROM problems WHERE key LIKE 'w-%' ORDER BY key")
        ).all()
        reps = conn.execute(
            text(
                "SELECT c.reps FROM cards c JOIN decks d ON d.id = c.deck_id "
                "WHERE d.key = 'w' ORDER BY c.position"
            )
        ).all()
        sources = conn.execute(text("SELECT DISTINCT source FROM reviews")).all()
    engine.dispose()
    assert [tuple(r) for r in created] == [("w-1", 1767225600000), ("w-2", 1767225600001)]
    assert [r[0] for r in reps] == [2, 0]
    assert [r[0] for r in sources] == ["imported_self_rated"]


def test_a_big_file_shows_progress_on_stderr_only(tmp_path: Path, monkeypatch) -> None:
    from trainer.commands import import_deck as command

    monkeypatch.setattr(command, "BIG_FILE_BYTES", 0)  # every file counts as big
    csv_file = tmp_path / "set.csv"
    csv_file.write_text("question,answer\n" + "".join(f"q{i},{i}\n" for i in range(50)))
    result = run(tmp_path / "c.sqlite3", "import", "--deck", "Set", str(csv_file))
    assert result.exit_code == 0, result.output
    assert "added           50" in result.stdout
    assert "problems" not in result.stdout.split("\n", 1)[1]  # the bar went to stderr
