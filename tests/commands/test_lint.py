"""``trainer lint``: a deck with one problem of each defect gets one finding for each.

Real deck files in a temporary folder, the real reader, the real checker, the command run
through click's CliRunner: ``file:line: problem id: …`` lines, ``--json``, exit status.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from trainer.cli import main_group

DEFECTS = """format = 1

[deck]
id = 'defects'
name = 'One problem of each defect'
kind = 'expression'

[[problems]]
id = 'fine'
prompt = 'Expand $(x + 1)(x + 2)$.'
answer = 'x^2 + 3x + 2'
[problems.check]
form = 'expanded'

[[problems]]
id = 'no-self-check'
prompt = 'Compute $2 + 3$.'
answer = '2 + 3'
kind = 'integer'
[problems.check]
form = 'numeral'

[[problems]]
id = 'echo'
prompt = 'Compute $2 + 3$.'
answer = '5'
kind = 'integer'

[[problems]]
id = 'loose-tolerance'
prompt = 'How many sides has a decagon?'
answer = '10'
kind = 'integer'
[problems.check]
abs_tol = 25

[[problems]]
id = 'text-for-maths'
prompt = 'What is the derivative of x^2 + x?'
answer = '2x + 1'
kind = 'text'

[[problems]]
id = 'bad-draw'
prompt = 'Compute ${a} + 1$.'
answer = '{=a + 1}'
kind = 'integer'
constraints = ['a > 100']
[problems.params]
a = { range = [1, 3] }

[[problems]]
id = 'echo-with-reason'
prompt = 'What is the derivative of $e^x$?'
answer = 'e^x'
lint = { echo = 'e^x is its own derivative' }
"""

EXPECTED = {
    "no-self-check": "self-check",
    "echo": "echo",
    "loose-tolerance": "mistake",
    "text-for-maths": "right-form",
    "bad-draw": "draw",
}


def run(*args: str):
    return CliRunner().invoke(main_group, ["lint", *args])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, problem: str) -> int:
    return text.splitlines().index(f"id = '{problem}'") + 1


def test_each_defect_is_reported_once_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "defects.toml", DEFECTS)
    result = run("--json", str(path))
    assert result.exit_code == 1, result.output
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    found = {f["problem"]: f["test"] for f in findings}
    assert found == EXPECTED
    for finding in findings:
        assert finding["file"] == str(path)
        assert finding["line"] == line_of(DEFECTS, finding["problem"])


def test_findings_are_printed_as_file_line_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "defects.toml", DEFECTS)
    result = run(str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    echo = next(line for line in lines if "problem echo:" in line)
    assert echo.startswith(f"{path}:{line_of(DEFECTS, 'echo')}: problem echo: ")
    assert "$2 + 3$" in echo
    assert "5 findings" in result.stderr
    assert "Traceback" not in result.output


def test_a_clean_deck_exits_zero(tmp_path: Path) -> None:
    clean = DEFECTS.split("\n[[problems]]\nid = 'no-self-check'")[0]
    path = write(tmp_path, "clean.toml", clean)
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # stdout is the findings only
    assert result.stderr == "No findings in 1 deck.\n"  # a clean run says so


def test_an_unreadable_deck_is_a_located_finding(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.toml", "format = 1\n[deck]\nid = 'x'\nname = \n")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:4:")
    assert "Traceback" not in result.output


def test_several_decks_in_one_run(tmp_path: Path) -> None:
    first = write(tmp_path, "defects.toml", DEFECTS)
    second = write(tmp_path, "broken.toml", "not toml at all [")
    result = run("--json", str(first), str(second))
    files = {json.loads(line)["file"] for line in result.stdout.splitlines()}
    assert files == {str(first), str(second)}


DECK_LEVEL_FORM = """format = 1

[deck]
id = 'sums'
name = 'Sums'
kind = 'integer'

[deck.check]
form = 'numeral'

[[problems]]
id = 'sum'
prompt = 'Compute $2 + 3$.'
answer = '5'

[[problems]]
id = 'lifted'
prompt = 'Write a sum equal to five.'
answer = '5'
[problems.check]
form = 'any'
"""


def test_a_deck_level_form_with_a_problem_override() -> None:
    from trainer.checking import check
    from trainer.formats.toml_deck import loads_deck

    deck = loads_deck(DECK_LEVEL_FORM)
    sum_, lifted = (p.spec(deck.kind, deck.options) for p in deck.problems)
    assert check(sum_, "2 + 3").reason.value == "wrong_form"
    assert check(sum_, "5").correct
    assert check(lifted, "2 + 3").correct


def test_the_lint_table_is_validated() -> None:
    import pytest

    from trainer.errors import DeckFormatError
    from trainer.formats.toml_deck import loads_deck

    text = DECK_LEVEL_FORM.replace("answer = '5'\n", "answer = '5'\nlint = { echoo = 'x' }\n", 1)
    with pytest.raises(DeckFormatError) as error:
        loads_deck(text, "d.toml")
    assert "echoo" in str(error.value)
    assert "d.toml:" in str(error.value)


def test_a_problem_with_the_decks_own_id_gets_its_own_line(tmp_path: Path) -> None:
    text = DEFECTS.replace("id = 'echo'\n", "id = 'defects'\n", 1)
    path = write(tmp_path, "defects.toml", text)
    result = run("--json", str(path))
    found = {
        json.loads(line)["problem"]: json.loads(line)["line"] for line in result.stdout.splitlines()
    }
    assert found["defects"] == text.splitlines().index("id = 'defects'", 5) + 1
