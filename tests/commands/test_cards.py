"""``trainer cards``: list, JSON, actions and errors, through the real CLI on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from trainer.cli import main_group

DECK = """format = 1
[deck]
id = 'alg'
name = 'Algebra basics'
kind = 'integer'
[[problems]]
id = 'lin-1'
prompt = 'Solve 2x = 4'
answer = '2'
tags = ['linear']
[[problems]]
id = 'lin-2'
prompt = 'Solve 3x = 9'
answer = '3'
tags = ['linear']
[[problems]]
id = 'ineq-1'
prompt = 'Smallest integer x with x > 7'
answer = '8'
tags = ['inequalities']
"""


def invoke(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main_group, ["--db", f"sqlite:///{db}", *args], input=stdin)


def run(db: Path, *args: str, stdin: str | None = None) -> str:
    result = invoke(db, *args, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def build(tmp_path: Path) -> Path:
    db = tmp_path / "c.sqlite3"
    deck = tmp_path / "alg.toml"
    deck.write_text(DECK, encoding="utf-8")
    run(db, "import", str(deck))
    return db


def listed(db: Path, *query: str) -> list[str]:
    """The problems of deck ``alg`` (the bundled decks are there too) the query finds."""
    payload = json.loads(run(db, "cards", "deck:alg", *query, "--json"))
    return [card["problem"] for card in payload["cards"]]


def test_lists_matching_cards_as_a_table_and_as_json(tmp_path: Path) -> None:
    db = build(tmp_path)
    out = run(db, "cards", "deck:alg", "tag:linear")
    lines = out.splitlines()
    assert lines[0].split() == ["Deck", "Problem", "State", "Due", "Reps", "Lapses", "Prompt"]
    assert lines[1].split()[:3] == ["alg", "lin-1", "new"] and "Solve 2x = 4" in lines[1]
    assert lines[-1] == "2 matching cards"
    payload = json.loads(run(db, "cards", "deck:ALG", "--json", "--limit", "1"))
    assert payload["total"] == 3
    [card] = payload["cards"]
    assert card["problem"] == "lin-1" and card["state"] == "new" and card["tags"] == ["linear"]
    assert run(db, "cards", "nothing-like-this") == "No cards match.\n"


def test_unquoted_negation_and_or_reach_the_query(tmp_path: Path) -> None:
    db = build(tmp_path)
    assert listed(db, "-tag:linear") == ["ineq-1"]
    assert listed(db, "(tag:inequalities", "or", "key:lin-2)") == ["lin-2", "ineq-1"]
    assert listed(db, "(is:new", "-tag:linear)") == ["ineq-1"]


def test_suspend_then_unsuspend_say_how_many_changed(tmp_path: Path) -> None:
    db = build(tmp_path)
    out = run(db, "cards", "deck:alg", "tag:linear", "--suspend")
    assert out == "Suspended: 2 of 2 matching cards.\n"
    assert listed(db, "is:suspended") == ["lin-1", "lin-2"]
    out = run(db, "cards", "deck:alg", "--unsuspend")
    assert out == "Unsuspended: 2 of 3 matching cards (1 not suspended).\n"
    assert listed(db, "is:suspended") == []
    # the drill shows the unsuspended problems again
    drill = run(db, "drill", "alg", "--plain", stdin=":quit\n")
    assert "Today: 3 new, 0 learning, 0 due." in drill


def test_bury_unbury_and_limit(tmp_path: Path) -> None:
    db = build(tmp_path)
    out = run(db, "cards", "deck:alg", "--bury", "--limit", "2")
    assert out == "Buried until tomorrow: 2 of 2 matching cards.\n"
    assert listed(db, "is:buried") == ["lin-1", "lin-2"]
    payload = json.loads(run(db, "cards", "is:buried", "--unbury", "--json"))
    assert (payload["matched"], payload["changed"]) == (2, 2)
    assert listed(db, "is:buried") == []


def test_reset_forgets_the_schedule_and_keeps_the_history(tmp_path: Path) -> None:
    db = build(tmp_path)
    run(db, "drill", "alg", "--plain", stdin="7\n2\n:quit\n")
    assert listed(db, "-is:new") == ["lin-1"]
    history = run(db, "cards", "deck:alg", "key:lin-1", "--history")
    assert "Again (right" in history and "typed: 7 | 2" in history
    assert run(db, "cards", "deck:alg", "key:lin-1", "--reset") == (
        "Reset to new (history kept): 1 of 1 matching card.\n"
    )
    assert listed(db, "-is:new") == []
    out = run(db, "cards", "deck:alg", "key:lin-1", "--history", "--json")
    [card] = json.loads(out)["cards"]
    assert card["state"] == "new" and card["reps"] == 0
    [review] = card["reviews"]
    assert review["attempts"] == ["7", "2"] and review["rating"] == 1
    assert listed(db, "rated:1") == ["lin-1"]


def test_a_bad_search_is_one_line_with_the_column(tmp_path: Path) -> None:
    db = build(tmp_path)
    result = invoke(db, "cards", "is:new", "dekc:alg")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "search 'is:new dekc:alg': column 8: unknown field 'dekc:'" in result.output
    result = invoke(db, "cards", "deck:nope")
    assert result.exit_code == 1
    assert "column 1: no deck 'nope' (decks: alg, algebra, " in result.output
    assert "Traceback" not in result.output


def test_the_decks_table_never_cuts_a_key_in_80_columns(tmp_path: Path) -> None:
    """The key is what `trainer drill KEY` takes: at 80 columns the names wrap, the keys
    ("chemistry-formulas", "antiderivatives") are printed whole."""
    out = run(build(tmp_path), "decks")
    assert "…" not in out, out
    for key in ("alg", "antiderivatives", "chemistry-formulas", "fractions-percent"):
        assert f" {key} " in out, (key, out)
