"""``trainer lint``: question tests over every problem of a deck file (STACK's model).

For each problem (several seeded draws of a parametric one): the draw renders and the
answer self-checks; the answer in other notations (plain, LaTeX) is graded right; no
``$…$`` segment of the prompt is graded right (unless the problem names a reason in
``lint = { echo = "…" }``); and every mistake from ``checking.question_tests`` is graded
wrong. Each finding names the file, the problem's line and id.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.checking import check
from trainer.checking.checker import infer_kind
from trainer.checking.question_tests import (
    TestAttempt,
    learner_mistakes,
    prompt_segments,
    right_forms,
)
from trainer.domain import AnswerSpec, Deck, Problem, Reason, Verdict
from trainer.errors import DeckFormatError
from trainer.practice.parametric import instantiate

DRAWS = 5
BUDGET = 10.0  # generous: lint judges the deck, not the checker's speed
_LEFTOVER = re.compile(r"\{=[^{}]*\}")


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a problem, located."""

    path: str
    line: int | None
    problem: str | None
    test: str  # self-check, draw, right-form, echo, mistake, deck
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        who = f" problem {self.problem}:" if self.problem else ""
        return f"{where}:{who} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "line": self.line,
            "problem": self.problem,
            "test": self.test,
            "message": self.message,
        }


@dataclass(frozen=True)
class Graded:
    """A question-test attempt and the verdict it got (for the diagnostics benchmark)."""

    problem: str
    attempt: TestAttempt
    verdict: Verdict


def lint_file(path: Path, draws: int = DRAWS, graded: list[Graded] | None = None) -> list[Finding]:
    """Every finding for one deck file (an unreadable deck is one finding per problem)."""
    from trainer.formats.toml_deck import read_deck

    try:
        deck = read_deck(path)
    except DeckFormatError as error:
        return [Finding(p.path, p.line, None, "deck", p.message) for p in error.problems]
    except (OSError, ValueError, TypeError, RecursionError) as error:  # a reader bug
        return [Finding(str(path), None, None, "deck", f"could not be read: {error}")]
    text = path.read_text(encoding="utf-8-sig")
    lines = _problem_lines(text)
    exemptions = _exemptions(text)
    out: list[Finding] = []
    for problem in deck.problems:
        where = (str(path), lines.get(problem.key), problem.key)
        seen: set[str] = set()  # one finding per test per problem, not one per draw
        for test, message in _lint_problem(deck, problem, draws, exemptions, graded):
            if test not in seen:
                seen.add(test)
                out.append(Finding(*where, test, message))
    return out


def _problem_lines(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    in_problems = False  # the deck's own id comes first and may equal a problem's
    for number, line in enumerate(text.splitlines(), start=1):
        in_problems = in_problems or line.strip().startswith("[[problems]]")
        match = re.match(r"""\s*id\s*=\s*(['"]?)(.*?)\1\s*(?:#.*)?$""", line)
        if in_problems and match:
            found.setdefault(match.group(2), number)
    return found


def _exemptions(text: str) -> dict[str, dict[str, str]]:
    """``lint = { echo = "reason" }`` per problem id, read from the raw TOML."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
    out: dict[str, dict[str, str]] = {}
    for entry in data.get("problems", []):
        if isinstance(entry, dict) and isinstance(entry.get("lint"), dict):
            out[str(entry.get("id"))] = {str(k): str(v) for k, v in entry["lint"].items()}
    return out


def _lint_problem(
    deck: Deck,
    problem: Problem,
    draws: int,
    exemptions: dict[str, dict[str, str]],
    graded: list[Graded] | None,
) -> Iterator[tuple[str, str]]:
    rng = random.Random(f"lint:{deck.key}:{problem.key}")
    seen: set[str] = set()
    for _ in range(draws if problem.is_parametric else 1):
        try:
            rendered = instantiate(problem, rng).problem
        except Exception as exc:  # a template that fails is a finding, not a crash
            yield "draw", f"template: {exc}"
            return
        if rendered.answer in seen:
            continue
        seen.add(rendered.answer)
        texts = (rendered.prompt, rendered.answer, rendered.solution, *rendered.hints)
        leftover = [t for t in texts if _LEFTOVER.search(t)]
        if leftover:
            yield "draw", f"template left unrendered: {leftover[0]!r}"
            continue
        spec = rendered.spec(deck.kind, deck.options)
        yield from _question_tests(problem.key, rendered, spec, exemptions, graded)


def _question_tests(
    key: str,
    rendered: Problem,
    spec: AnswerSpec,
    exemptions: dict[str, dict[str, str]],
    graded: list[Graded] | None,
) -> Iterator[tuple[str, str]]:
    own = check(spec, spec.answer, budget=BUDGET)
    if not own.correct:
        yield "self-check", f"the answer {spec.answer!r} is not graded right: {own.message}"
        return
    for alternative in spec.options.alternatives:
        verdict = check(spec, alternative, budget=BUDGET)
        if not verdict.correct:
            yield "self-check", f"the alternative {alternative!r} is not graded right"
    for form in right_forms(spec):
        verdict = check(spec, form.text, budget=BUDGET)
        if not verdict.correct and verdict.reason != Reason.TIMEOUT:
            yield (
                "right-form",
                (
                    f"the answer written {form.name} ({form.text!r}) is graded wrong: "
                    + verdict.message
                ),
            )
    if "echo" not in exemptions.get(key, {}):
        for segment in prompt_segments(rendered.prompt, infer_kind(spec)):
            verdict = check(spec, segment, budget=BUDGET)
            if verdict.correct:
                yield (
                    "echo",
                    (
                        f"the prompt's ${segment}$ typed back is graded right; set a form, "
                        'or lint = { echo = "why" }'
                    ),
                )
    for mistake in learner_mistakes(spec):
        verdict = check(spec, mistake.text, budget=BUDGET)
        if graded is not None:
            graded.append(Graded(key, mistake, verdict))
        if verdict.correct:
            yield (
                "mistake",
                f"a learner's mistake ({mistake.name}: {mistake.text!r}) is graded right",
            )


def lint_files(paths: list[Path], draws: int = DRAWS) -> list[Finding]:
    """Every finding for every file, in file order."""
    return [finding for path in paths for finding in lint_file(path, draws)]
