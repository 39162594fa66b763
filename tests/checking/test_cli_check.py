"""``trainer check`` through click's CliRunner: single verdicts, --json and --batch."""

from __future__ import annotations

import json
from pathlib import Path

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
        assert set(line) == {"id", "correct", "reason", "read_as", "ms"}
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
