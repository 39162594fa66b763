"""Templates that cannot be evaluated: refused at import with one located line, and, when
one reaches a drill anyway (stored before validation existed), skipped with a message,
nothing stored, the next problem shown. Real SQLite collections throughout."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from trainer.errors import DeckFormatError
from trainer.formats.toml_deck import loads_deck
from trainer.practice.engine import PracticeSession
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.presentation.plain_mode import run_plain
from trainer.store.models import DeckRow, ReviewRow

from ..deck_rows import store_deck


@dataclass(frozen=True)
class Case:
    name: str
    lines: tuple[str, ...]  # the problem's keys besides id and prompt (answer defaults)
    params: tuple[str, ...]
    field: str  # where the error is reported: problems[0].<field>
    message: str
    every_draw: bool = True  # fails on every draw, so a drill always meets it


A_2_9 = ("a = { range = [2, 9] }",)
CASES = [
    Case("division-by-zero", ('answer = "{=1/(a-a)}"',), A_2_9, "answer", "division by zero"),
    Case("irrational-sqrt", ('answer = "{=sqrt(a)}"',), ("a = { choice = [2] }",), "answer",
         "not exact"),
    Case("text-in-arithmetic", ('answer = "{=a+1}"',), ('a = { choice = ["m", "cm"] }',),
         "answer", "expected a number, got the text"),
    Case("constraint-not-boolean", ('answer = "{=a}"', 'constraints = ["a + 1"]'), A_2_9,
         "constraints[0]", "not true or false"),
    Case("percent-as-remainder", ('answer = "{=a % (a-a)}"',), A_2_9, "answer", "mod(a, b)"),
    Case("mod-by-zero", ('answer = "{=mod(a, a-a)}"',), A_2_9, "answer", "division by zero"),
    Case("gcd-of-a-fraction", ('answer = "{=gcd(a/2, 3)}"',), ("a = { choice = [3, 5] }",),
         "answer", "whole numbers"),
    Case("sqrt-of-negative", ('answer = "{=sqrt(0-a)}"',), A_2_9, "answer", "negative"),
    Case("fractional-power", ('answer = "{=a^(1/2)}"',), A_2_9, "answer", "not a whole number"),
    Case("huge-float-choice", ('answer = "{=a^20}"',), ("a = { choice = [1.5e300] }",), "answer",
         "bits"),
    Case("huge-power", ('answer = "{=a^1000}"',), ("a = { choice = [1000000] }",), "answer",
         "bits"),
    Case("deep-minus", ('answer = "{=' + "-" * 980 + 'a}"',), A_2_9, "answer", "nested"),
    Case("deep-factorial", ('answer = "{=a' + "!" * 980 + '}"',), A_2_9, "answer", "deep"),
    Case("in-a-hint", ('answer = "{=a}"', 'hints = ["fine", "{=a/(a-a)}"]'), A_2_9, "hints[1]",
         "division by zero"),
    Case("in-the-solution", ('answer = "{=a}"', 'solution = "{=lcm(a, 1/2)}"'), A_2_9,
         "solution", "whole numbers"),
    Case("in-the-prompt", ('answer = "{=a}"', 'prompt = "Is {=a/(a-a)}?"'), A_2_9, "prompt",
         "division by zero"),
    Case("unsatisfiable", ('answer = "{=a}"', 'constraints = ["a > 100"]'), A_2_9,
         "constraints", "constraints hold for 0 of"),
    Case("factorial-too-big", ('answer = "{=a!}"',), ("a = { choice = [5000] }",), "answer",
         "factorial"),
    Case("boolean-in-arithmetic", ('answer = "{=(a > 1) + 1}"',), A_2_9, "answer",
         "expected a number"),
    Case("zero-inside-the-range", ('answer = "{=12/a}"',), ("a = { range = [-100, 100] }",),
         "answer", "division by zero", every_draw=False),
    Case("two-parameters-equal", ('answer = "{=1/(a-b)}"',),
         ("a = { range = [1, 60] }", "b = { range = [1, 60] }"), "answer", "division by zero",
         every_draw=False),
    Case("range-past-the-cap", ('answer = "{=a}"',), ("a = { range = [0, 9223372036854775807] }",),
         "params.a", "10^12", every_draw=False),
]  # fmt: skip


def deck_text(case: Case, good: bool = False) -> str:
    keys = dict(line.split(" = ", 1) for line in case.lines)
    keys.setdefault("prompt", '"What is it?"')
    body = "".join(f"{k} = {v}\n" for k, v in keys.items())
    text = f'format = 1\n[deck]\nid = "d"\nname = "Deck"\n\n[[problems]]\nid = "p"\n{body}'
    text += "[problems.params]\n" + "".join(f"{p}\n" for p in case.params)
    if good:
        text += '\n[[problems]]\nid = "good"\nprompt = "2 + 2"\nanswer = "4"\n'
    return text


def line_of(text: str, field: str) -> int:
    key = field.split("[")[0].split(".")[-1]
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key} ="))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_import_refuses_with_one_located_line(
    case: Case, services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "deck.toml"
    text = deck_text(case)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckFormatError) as caught:
        import_path(services, path)
    message = str(caught.value)
    assert "\n" not in message
    where = f"{path}:{line_of(text, case.field)}: problems[0].{case.field}: problem 'p': "
    assert message.startswith(where), message
    assert case.message in message
    with services.collection.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(DeckRow)) == 0


@pytest.mark.parametrize("case", [c for c in CASES if c.every_draw], ids=lambda c: c.name)
def test_a_drill_skips_the_problem_with_a_message_and_stores_nothing(
    case: Case, services: Services
) -> None:
    deck = loads_deck(deck_text(case, good=True))  # the reader alone: no validation
    store_deck(services, deck.problems, kind="integer")
    session = PracticeSession(services, rng=random.Random(5))
    shown = session.next_problem()
    assert shown is not None and shown.problem_key == "good"
    [notice] = session.take_notices()
    assert "\n" not in notice and "problem 'p' cannot be shown" in notice
    assert case.message in notice and notice.startswith("Deck: ")
    assert session.take_notices() == []
    assert review_count(services) == 0
    assert session.submit("4").verdict.correct
    assert review_count(services) == 1
    again = session.next_problem()  # "good" may come back as a learning step; "p" never
    assert (again is None or again.problem_key == "good") and session.take_notices() == []
    session.close()


def review_count(services: Services) -> int:
    with services.collection.session_scope(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(ReviewRow)) or 0)


def test_plain_mode_prints_the_message_and_goes_on(services: Services) -> None:
    case = next(c for c in CASES if c.name == "division-by-zero")
    store_deck(services, loads_deck(deck_text(case, good=True)).problems, kind="integer")
    out = io.StringIO()
    run_plain(services, ["d"], io.StringIO("4\n"), out)
    text = out.getvalue()
    assert "! Deck: problem 'p' cannot be shown: in {=1/(a-a)}: division by zero" in text
    assert "(with a = " in text and "2 + 2" in text and "Traceback" not in text
    assert review_count(services) == 1


def test_trainer_import_prints_one_line_and_fails(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "huge-power")
    path = tmp_path / "deck.toml"
    path.write_text(deck_text(case), encoding="utf-8")
    env = {**os.environ, "TRAINER_HOME": str(tmp_path / "home")}
    env.pop("TRAINER_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "problems[0].answer: problem 'p': template {=a^1000}" in lines[0]


@pytest.mark.parametrize("high", [300_000_000, 10**12])
def test_a_huge_range_imports_and_drills(high: int, services: Services, tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    case = Case("huge", ('answer = "{=a + 1}"', 'constraints = ["a != 5"]'),
                (f"a = {{ range = [0, {high}], exclude = [0] }}",), "", "")  # fmt: skip
    path.write_text(deck_text(case), encoding="utf-8")
    import_path(services, path)
    session = PracticeSession(services, rng=random.Random(2))
    shown = session.next_problem()
    assert shown is not None and 0 < int(shown.params["a"]) <= high
    assert session.submit(str(int(shown.params["a"]) + 1)).verdict.correct
    session.close()


def test_true_and_false_are_accepted_where_the_evaluator_accepts_them(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "deck.toml"
    case = Case("bools", ('answer = "{=a}"', 'constraints = ["true", "a > 3 or false"]'),
                A_2_9, "", "")  # fmt: skip
    path.write_text(deck_text(case), encoding="utf-8")
    report = import_path(services, path)
    assert report.added == ["p"]


def test_when_every_problem_fails_the_drill_ends_with_every_message(services: Services) -> None:
    broken = [c for c in CASES if c.every_draw][:3]
    problems = [replace(loads_deck(deck_text(c)).problems[0], key=c.name) for c in broken]
    store_deck(services, problems, kind="integer")
    session = PracticeSession(services, rng=random.Random(1))
    assert session.next_problem() is None
    notices = session.take_notices()
    assert [n.split("'")[1] for n in notices] == [c.name for c in broken]
    assert review_count(services) == 0
    session.close()


def test_the_decks_kind_applies_to_its_templates(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    path.write_text(
        'format = 1\n[deck]\nid = "d"\nname = "Deck"\nkind = "integer"\n\n'
        '[[problems]]\nid = "half"\nprompt = "Half of {a}?"\nanswer = "{=a/2}"\n'
        "[problems.params]\na = { range = [1, 9] }\n",
        encoding="utf-8",
    )
    with pytest.raises(DeckFormatError) as caught:
        import_path(services, path)
    assert str(caught.value) == (
        f"{path}:10: problems[0].answer: problem 'half': template {{=a/2}}: gives 1/2, "
        "but the answer's kind is integer (with a = 1)"
    )
