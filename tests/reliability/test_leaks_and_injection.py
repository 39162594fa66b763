"""No secrets, no escapes: passwords masked in every printed URL; terminal control
sequences in deck text never reach the terminal; CSV exports hold no formula cells."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reliability.broken_world import cli
from trainer.cli import main_group
from trainer.errors import masked_url
from trainer.formats.csv_cells import safe_cell
from trainer.presentation.terminal_text import printable
from trainer.store.aggregates.export_sql import _no_formula

ESCAPES = ("\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;http://evil\x1b\\", "\x9b31m", "\x07")

EVIL_DECK = r"""format = 1

[deck]
id = "evil"
name = "Evil \u001b[2J\u001b]0;pwned\u0007 [bold red]deck[/] [@click=app.quit]x[/]"

[[problems]]
id = "p1"
prompt = "clear \u001b[2J now \u001b]0;title\u0007 then \u009b31m red \r over"
answer = "2"
hints = ["hint \u001b[5m blink"]
tags = ["t\u001b[1m"]

[[problems]]
id = "p2"
prompt = "two"
answer = "-3"
"""


@pytest.fixture
def evil_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    deck = tmp_path / "evil.toml"
    deck.write_text(EVIL_DECK, encoding="utf-8")
    result = cli(home, "import", str(deck))
    assert result.exit_code == 0, result.output
    return home


def _no_control(text: str) -> None:
    bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, (bad, text[:400])


@pytest.mark.parametrize(
    "args",
    [
        ("decks",),
        ("stats",),
        ("stats", "--deck", "evil"),
        ("cards", "deck:evil"),
        ("drill", "evil", "--plain"),
        ("import", "{deck}"),
    ],
    ids=lambda a: " ".join(a),
)
def test_deck_text_never_sends_terminal_escapes(
    evil_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    argv = [a.format(deck=tmp_path / "evil.toml") for a in args]
    result = cli(evil_home, *argv, stdin=":hint\n2\n:quit\n")
    assert result.exit_code == 0, result.output
    _no_control(result.stdout)
    _no_control(result.stderr)
    if args[0] in ("decks", "drill"):
        assert "Evil" in result.stdout
    if args[0] == "decks":
        assert "[bold" in result.stdout and "[@click" in result.stdout  # literal text


def test_an_error_line_never_sends_escapes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\n[deck]\nid = "x\\u001b[2J"\nname = "n"\n', encoding="utf-8")
    result = cli(tmp_path / "home", "import", str(bad))
    assert result.exit_code != 0
    _no_control(result.stderr)


@pytest.mark.parametrize("text", ESCAPES)
def test_printable_removes_every_sequence_and_keeps_text(text: str) -> None:
    shown = printable(f"a{text}b\nc\td")
    _no_control(shown)
    assert shown.startswith("a") and shown.endswith("b\nc\td")


SECRET_URLS = [
    "postgresql+psycopg://trainer:s3cret@127.0.0.1:1/x",
    "postgresql+psycopg://trainer:s3cret@127.0.0.1:1/x?sslmode=disable",
    "postgresql+psycopg://trainer@127.0.0.1:1/x?password=s3cret",
    "postgresql+psycopg://trainer:s3/cr@t@127.0.0.1:1/x",
]


@pytest.mark.parametrize("url", SECRET_URLS)
@pytest.mark.parametrize("command", [("where",), ("decks",), ("stats",), ("drill", "--plain")])
def test_the_password_is_never_printed(tmp_path: Path, url: str, command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(
        main_group, ["--db", url, *command], env={"TRAINER_HOME": str(tmp_path)}
    )
    assert "s3cret" not in result.output and "s3/cr@t" not in result.output
    assert "Traceback" not in result.output
    if command != ("where",):
        assert result.exit_code == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert "***" in result.stderr or "password" not in url


def test_masked_url_leaves_other_urls_alone() -> None:
    assert masked_url("sqlite:////tmp/a:b@c/x.sqlite3") == "sqlite:////tmp/a:b@c/x.sqlite3"
    assert masked_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert masked_url("postgresql://u:p@h/db") == "postgresql://u:***@h/db"


CELLS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "-3",
    "-0.25",
    "-3.",
    "-.5",
    "--3",
    "-3e5",
    "3",
    "a=b",
    "",
    " =x",
]


@pytest.mark.parametrize("cell", CELLS)
def test_the_sql_rule_is_the_python_rule(cell: str) -> None:
    conn = sqlite3.connect(":memory:")
    (sql,) = conn.execute(f"SELECT {_no_formula('?1')}", (cell,)).fetchone()
    conn.close()
    assert sql == safe_cell(cell)
    kept = cell == "" or cell[0] not in "=+-@\t\r" or cell in ("-3", "-0.25")
    assert (safe_cell(cell) == cell) is kept


def test_every_csv_export_neutralises_formula_cells(tmp_path: Path, backend_url: str) -> None:
    """Both writers: SQLite's SQL-made CSV lines and the csv.writer path (PostgreSQL)."""
    home = tmp_path / "home"
    db = ("--db", backend_url)
    deck = tmp_path / "f.toml"
    deck.write_text(
        'format = 1\n[deck]\nid = "f"\nname = "F"\n\n[[problems]]\n'
        'id = "p1"\nprompt = "one"\nanswer = "1"\n',
        encoding="utf-8",
    )
    assert cli(home, *db, "import", str(deck)).exit_code == 0
    result = cli(home, *db, "drill", "f", "--plain", stdin="-1+2\n")
    assert result.exit_code == 0, result.output
    for kind in ("reviews", "cards", "daily"):
        out = cli(home, *db, "export", kind)
        assert out.exit_code == 0, out.output
        rows = list(csv.reader(io.StringIO(out.stdout)))
        assert len(rows) >= 2
        for row in rows[1:]:
            for value in row:
                assert value == "" or value[0] not in "=+@\t\r", (kind, value)
                assert not value.startswith("-") or value.lstrip("-")[:1].isdigit()
    reviews = cli(home, *db, "export", "reviews").stdout
    assert "'-1+2" in reviews  # the attempt as typed, shown as text


def test_the_tui_export_neutralises_formula_cells_too(tmp_path: Path) -> None:
    from trainer.tui.screens.export import write_export
    from trainer.wiring import build_services

    home = tmp_path / "home"
    deck = tmp_path / "f.toml"
    deck.write_text(
        'format = 1\n[deck]\nid = "f"\nname = "F"\n\n[[problems]]\n'
        'id = "p1"\nprompt = "one"\nanswer = "1"\n',
        encoding="utf-8",
    )
    assert cli(home, "import", str(deck)).exit_code == 0
    assert cli(home, "drill", "f", "--plain", stdin="-1+2\n").exit_code == 0
    services = build_services(home=home, import_bundled=False)
    try:
        target = tmp_path / "out.csv"
        write_export(services, "reviews", target)
    finally:
        services.close()
    text = target.read_text(encoding="utf-8")
    assert "'-1+2" in text and ",-1+2," not in text


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_printable_never_lets_a_control_character_through(text: str) -> None:
    shown = printable(text)
    _no_control(shown)
    if text.isprintable():
        assert shown == text  # ordinary text is never touched
