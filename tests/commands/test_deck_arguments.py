"""Deck arguments: key or name in any case, or a unique prefix; an ambiguous one lists the
candidates on one line. The same rule for drill, stats, export-deck, optimize and cards."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from trainer.cli import main_group
from trainer.store.deck_match import pick_deck

DECK = """format = 1
[deck]
id = '{key}'
name = '{name}'
kind = 'integer'
[[problems]]
id = 'p1'
prompt = '1 + {n}'
answer = '{answer}'
"""
# names that no bundled deck (which the CLI installs too) starts with
DECKS = [("geometry", "Geometry: angles, areas"), ("geo-two", "Second geometry"),
         ("vocab", "Vocabulary drills")]  # fmt: skip


def invoke(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main_group, ["--db", f"sqlite:///{db}", *args], input=stdin)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.sqlite3"
    for n, (key, name) in enumerate(DECKS):
        deck = tmp_path / f"{key}.toml"
        deck.write_text(DECK.format(key=key, name=name, n=n, answer=1 + n), encoding="utf-8")
        result = invoke(path, "import", str(deck))
        assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("typed", ["Geometry", "GEOMETRY", "geometry: ANGLES, areas"])
def test_drill_takes_a_key_or_name_in_any_case(db: Path, typed: str) -> None:
    result = invoke(db, "drill", typed, "--plain", stdin=":quit\n")
    assert result.exit_code == 0, result.output
    assert "[Geometry: angles, areas]" in result.output


@pytest.mark.parametrize(("typed", "problem"), [("Voc", "1 + 2"), ("VOCA", "1 + 2"),
                                                ("second", "1 + 1")])  # fmt: skip
def test_a_unique_prefix_of_a_key_or_a_name_is_enough(db: Path, typed: str, problem: str) -> None:
    result = invoke(db, "drill", typed, "--plain", stdin=":quit\n")
    assert result.exit_code == 0, result.output
    assert problem in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("drill", "ge", "--plain"),
        ("stats", "--deck", "ge"),
        ("export-deck", "ge", "out.toml"),
        ("optimize", "ge"),
        ("cards", "deck:ge"),
    ],
)
def test_an_ambiguous_prefix_lists_the_candidates_on_one_line(db: Path, args: tuple) -> None:
    result = invoke(db, *args, stdin=":quit\n")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1, result.output
    assert "ambiguous: it could be geo-two" in result.output
    assert "geometry" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "--deck", "VOCABULARY DRILLS", "--json"),
        ("export-deck", "Vocab", "{out}"),
        ("optimize", "voc", "--json"),
        ("cards", "deck:VOC", "--json"),
    ],
)
def test_other_commands_take_the_same_names(db: Path, tmp_path: Path, args: tuple) -> None:
    out = tmp_path / "out.toml"
    result = invoke(db, *(a.format(out=out) for a in args))
    assert result.exit_code == 0, result.output
    assert "vocab" in result.output


def test_no_match_names_the_decks(db: Path) -> None:
    result = invoke(db, "drill", "zzz", "--plain")
    assert result.exit_code == 1
    assert "no deck 'zzz' (decks: " in result.output and "geo-two, geometry," in result.output


def test_an_exact_key_wins_over_a_longer_one_it_prefixes() -> None:
    decks = [("alg", "Algebra"), ("algebra", "Algebra two")]
    assert pick_deck("alg", decks, lambda d: d[0], lambda d: d[1]) == ("alg", "Algebra")
    assert pick_deck("ALGEBRA", decks, lambda d: d[0], lambda d: d[1])[0] == "algebra"
    # a name that equals another deck's name exactly wins over prefixes of longer names
    assert pick_deck("algebra", [("x", "Algebra"), ("y", "Algebra II")],
                     lambda d: d[0], lambda d: d[1]) == ("x", "Algebra")  # fmt: skip


def test_case_and_unicode_form_are_ignored() -> None:
    decks = [("cafe", "Café français"), ("strasse", "Straße")]
    composed, decomposed = "CAFÉ FRANÇAIS", "cafe\u0301 franc\u0327ais"
    for typed in (composed, decomposed, "café"):
        assert pick_deck(typed, decks, lambda d: d[0], lambda d: d[1])[0] == "cafe"
    assert pick_deck("STRASSE", decks, lambda d: d[0], lambda d: d[1])[0] == "strasse"
    assert pick_deck("straße", decks, lambda d: d[0], lambda d: d[1])[0] == "strasse"
