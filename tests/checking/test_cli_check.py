"""``trainer check`` through click's CliRunner: single verdicts, --json and --batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli import main_group


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main_group, ["check", *args], input=stdin)


def test_single_verdict_in_text() -> None:
    result = run("x^2 - 1", "(x - 1)(x + 1)")
    assert result.exit_code == 0
    assert result.output.startswith("correct (equivalent)")
    assert "read as: (x - 1)·(x + 1)" in result.output


def test_single_verdict_as_json_with_kind_and_tolerance() -> None:
    result = run("3.14159", "3.14", "--kind", "decimal", "--tolerance", "0.01", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["correct"] is True
    assert data["reason"] == "within_tolerance"
    assert set(data) == {"correct", "reason", "message", "read_as", "ms"}


def test_wrong_answer_still_exits_zero() -> None:
    result = run("2", "3", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["correct"] is False


def test_unknown_kind_is_a_usage_error() -> None:
    result = run("1", "1", "--kind", "banana")
    assert result.exit_code == 2
    assert "unknown kind 'banana'" in result.output


def test_missing_attempt_is_a_usage_error() -> None:
    result = run("1")
    assert result.exit_code == 2
    assert "ANSWER and ATTEMPT" in result.output


def test_batch_writes_one_line_per_record(tmp_path: Path) -> None:
    records = [
        {"id": "a", "answer": "5 km", "attempt": "5000 m", "kind": "units"},
        {"id": "b", "answer": "1/3", "attempt": "0.33", "tolerance": 0.01},
        {"id": "c", "answer": "x + 1", "attempt": "x + 2"},
        {"id": "d", "answer": "x", "attempt": "(x"},
    ]
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    result = run("--batch", str(path))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c", "d"]
    assert [line["correct"] for line in lines] == [True, True, False, False]
    assert lines[3]["reason"] == "unparseable"
    for line in lines:
        assert set(line) == {"id", "correct", "reason", "message", "read_as", "ms"}
        assert line["ms"] >= 0


def test_batch_reports_malformed_lines_by_number_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": 1, "answer": "2", "attempt": "2"}\n'
        "{not json\n"
        '["a list"]\n'
        '{"id": 4, "answer": "2"}\n'
        '{"id": 5, "answer": "2", "attempt": "2", "kind": "nonsense"}\n'
        '{"id": 6, "answer": "2", "attempt": "1+1"}\n',
        encoding="utf-8",
    )
    result = run("--batch", str(path))
    assert result.exit_code == 0  # every line was processed, some into error records
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 6
    assert lines[0]["correct"] is True and lines[5]["correct"] is True
    assert lines[1]["error"].startswith("line 2: invalid JSON")
    assert lines[2]["error"] == "line 3: expected a JSON object"
    assert lines[3]["error"] == "line 4: attempt: expected a string"
    assert "line 5: kind" in lines[4]["error"]


def test_batch_from_stdin() -> None:
    result = run("--batch", "-", stdin='{"id": "s", "answer": "0.25", "attempt": "25%"}\n')
    assert result.exit_code == 0
    assert json.loads(result.output)["correct"] is True


@pytest.mark.parametrize("args", [("-4", "4"), ("--", "-4", "4"), ("-4", "--json", "4")])
def test_a_negative_answer_is_not_an_option(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "sign_error" in result.output


def test_a_negative_attempt_after_the_answer() -> None:
    result = run("-4", "-4")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("correct (equal)")


def test_a_misspelt_option_is_still_a_usage_error() -> None:
    result = run("1", "2", "--tolerence", "3")
    assert result.exit_code == 2
    assert "--tolerence" in result.output


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("12", "3*4", "--kind", "integer"), "equal"),  # kind alone: equivalence decides
        (("114", "49 + 65", "--kind", "integer", "--form", "numeral"), "wrong_form"),
        (("0.375", "3/8", "--form", "decimal"), "wrong_form"),
        (("x^4/4", "x^4/4 + 7", "--up-to-constant"), "equivalent"),
        (("x^4/4", "x^4/4 + 7"), "off_by_constant"),
        (("(1, 2)", "(2, 1)", "--unordered"), "equal"),
        (("NaCl", "nacl", "--kind", "text", "--case-sensitive"), "letter_case"),
        (("20 m/s", "20", "--allow-bare-value"), "equal"),
        (("B", "Paris", "--choice", "Rome", "--choice", "Paris"), "equal"),
        (("5", "five", "--alternative", "five", "--kind", "text"), "equal"),
        (("3.14159", "3.2", "--rel-tolerance", "0.05"), "within_tolerance"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else v,
)
def test_every_deck_option_has_a_flag(args: tuple[str, ...], reason: str) -> None:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["reason"] == reason


def _batch(tmp_path: Path, lines: list[bytes]) -> tuple[list[dict], str]:
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = CliRunner().invoke(main_group, ["check", "--batch", str(path)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    return out, result.stderr


def test_batch_records_take_every_option_key(tmp_path: Path) -> None:
    records = [
        {"answer": "0.375", "attempt": "3/8", "form": "decimal"},
        {"answer": "0.375", "attempt": "3/8"},
        {"answer": "(1, 2)", "attempt": "(2, 1)", "ordered": False},
        {"answer": "x^2", "attempt": "x^2 + 1", "up_to_constant": True},
        {"answer": "NaCl", "attempt": "nacl", "kind": "text", "case_sensitive": True},
        {"answer": "20", "attempt": "20 m/s", "units": "m/s", "kind": "units"},
        {"answer": "B", "attempt": "Paris", "choices": ["Rome", "Paris"]},
        {"answer": "5", "attempt": "five", "alternatives": ["five"], "kind": "text"},
        {"answer": "1/3", "attempt": "0.33", "abs_tol": 0.01},
        {"answer": "1/3", "attempt": "0.33", "rel_tol": 0.05},
        {"answer": "40%", "attempt": "40", "allow_bare_value": True},
        {"answer": "40%", "attempt": "40"},
    ]
    out, _ = _batch(tmp_path, [json.dumps(r).encode() for r in records])
    assert [r["correct"] for r in out] == [
        False, True, True, True, False, True, True, True, True, True, True, False
    ]  # fmt: skip
    assert out[0]["reason"] == "wrong_form"
    assert out[4]["reason"] == "letter_case"


def test_batch_names_an_unknown_key_once_and_allows_corpus_fields(tmp_path: Path) -> None:
    records = [
        {"id": "a", "answer": "1", "attempt": "1", "formm": "decimal", "expected": True},
        {"id": "b", "answer": "1", "attempt": "1", "formm": "x", "source": "s", "note": "n"},
        {"id": "c", "answer": "1", "attempt": "1", "notation": "plain", "tolerance": None},
    ]
    out, err = _batch(tmp_path, [json.dumps(r).encode() for r in records])
    assert [r["correct"] for r in out] == [True, True, True]
    assert err.count("'formm'") == 1
    assert "line 1" in err
    for field in ("expected", "source", "note", "notation", "tolerance"):
        assert f"'{field}'" not in err


def test_batch_bad_option_values_are_error_records(tmp_path: Path) -> None:
    records = [
        {"answer": "1", "attempt": "1", "form": "squiggly"},
        {"answer": "1", "attempt": "1", "abs_tol": -1},
        {"answer": "1", "attempt": "1", "ordered": "yes"},
        {"answer": "1", "attempt": "1", "choices": "A"},
    ]
    out, _ = _batch(tmp_path, [json.dumps(r).encode() for r in records])
    assert [r["line"] for r in out] == [1, 2, 3, 4]
    assert [r["error"].split(": ")[1] for r in out] == ["form", "abs_tol", "ordered", "choices"]


def test_batch_invalid_utf8_is_an_error_record_and_checking_goes_on(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "answer": "2", "attempt": "2"}).encode()
    bad = b'{"id": "x", "answer": "\xff\xfe", "attempt": "1"}'
    out, err = _batch(tmp_path, [bad, good, b"\xc3(", good])
    assert out[0] == {
        "id": None, "line": 1, "error": "line 1: not valid UTF-8 (byte 0xff at column 24)"
    }  # fmt: skip
    assert out[1]["correct"] is True
    assert out[2]["line"] == 3 and "not valid UTF-8" in out[2]["error"]
    assert out[3]["correct"] is True
    assert "Traceback" not in err


def test_batch_hostile_json_lines_are_error_records(tmp_path: Path) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    huge = b'{"answer": "1", "attempt": "1", "abs_tol": ' + b"9" * 5000 + b"}"
    good = json.dumps({"id": "ok", "answer": "2", "attempt": "2"}).encode()
    out, err = _batch(tmp_path, [deep, huge, good])
    assert [r.get("line") for r in out[:2]] == [1, 2]
    assert all("invalid JSON" in r["error"] for r in out[:2])
    assert out[2]["correct"] is True
    assert "Traceback" not in err


def test_short_help_is_still_help() -> None:
    result = run("-h")
    assert result.exit_code == 0
    assert result.output.startswith("Usage:")


def test_an_unreadable_attempt_is_not_counted_as_in_the_drill() -> None:
    result = run("--kind", "matrix", "[[19, 22], [43, 50]]", "[19 22; 43 50]")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("not counted (unparseable): "), result.output
    assert run("5", "6").output.startswith("not correct (")
