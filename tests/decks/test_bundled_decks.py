"""Every bundled deck loads, and every answer in it is judged correct against itself.

For a parametric problem, several seeded draws are made: the constraints must hold, the
templates must render completely, and the rendered answer (and each rendered alternative)
must be accepted by the checker. These tests run the real reader and the real checker.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from trainer.domain import AnswerSpec, Deck, Parameter, Problem

DECKS_DIR = Path(__file__).resolve().parents[2] / "decks"
DECK_PATHS = sorted(DECKS_DIR.glob("*.toml"))
DRAWS = 6
MAX_TRIES = 2000

# What the deck spec (docs) and the issue ask the bundled set to cover.
MIN_DECKS = 7
MIN_PROBLEMS = 450
MIN_PARAMETRIC = 30
MATHS_DECKS = (
    "arithmetic",
    "fractions-percent",
    "algebra",
    "derivatives",
    "antiderivatives",
    "trig-exact",
    "matrices",
    "units-physics",
)
LEFTOVER = re.compile(r"\{=[^{}]*\}")


@cache
def load(path: Path) -> Deck:
    from trainer.formats.toml_deck import read_deck

    return read_deck(path)


def all_decks() -> list[Deck]:
    return [load(p) for p in DECK_PATHS]


def plain_cases() -> list[tuple[str, str]]:
    out = []
    for path in DECK_PATHS:
        deck = load(path)
        out += [(path.name, p.key) for p in deck.problems if not p.is_parametric]
    return out


def parametric_cases() -> list[tuple[str, str]]:
    out = []
    for path in DECK_PATHS:
        deck = load(path)
        out += [(path.name, p.key) for p in deck.problems if p.is_parametric]
    return out


def problem(file: str, key: str) -> tuple[Deck, Problem]:
    deck = load(DECKS_DIR / file)
    return deck, next(p for p in deck.problems if p.key == key)


def candidates(parameter: Parameter) -> list[str]:
    if parameter.choice is not None:
        pool = list(parameter.choice)
    else:
        assert parameter.range is not None
        low, high = parameter.range
        pool = [str(v) for v in range(low, high + 1, parameter.step)]
    return [v for v in pool if v not in set(parameter.exclude)]


def draw(prob: Problem, rng: random.Random) -> dict[str, str]:
    from trainer.checking.templates import constraint_holds

    pools = {p.name: candidates(p) for p in prob.parameters}
    for _ in range(MAX_TRIES):
        values = {name: rng.choice(pool) for name, pool in pools.items()}
        if all(constraint_holds(c, values) for c in prob.constraints):
            return values
    raise AssertionError(f"{prob.key}: no draw satisfies {prob.constraints} in {MAX_TRIES} tries")


def assert_accepted(spec: AnswerSpec, attempt: str, where: str) -> None:
    from trainer.checking import check

    verdict = check(spec, attempt)
    assert verdict.correct, (
        f"{where}: answer {attempt!r} (kind {spec.kind}) judged {verdict.reason}: "
        f"{verdict.message} (read as {verdict.read_as!r})"
    )


def test_bundled_decks_exist_and_meet_the_totals() -> None:
    decks = all_decks()
    assert len(decks) >= MIN_DECKS
    problems = [p for d in decks for p in d.problems]
    assert len(problems) >= MIN_PROBLEMS
    assert sum(p.is_parametric for p in problems) >= MIN_PARAMETRIC


@pytest.mark.parametrize("path", DECK_PATHS, ids=lambda p: p.stem)
def test_deck_metadata_and_unique_ids(path: Path) -> None:
    deck = load(path)
    assert deck.key == path.stem, "the file is named after the deck id"
    assert deck.version == "1.0.0"
    assert deck.licence == "CC0-1.0"
    assert deck.author == "trainer maintainers"
    assert deck.name and deck.description
    keys = Counter(p.key for p in deck.problems)
    assert [k for k, n in keys.items() if n > 1] == []
    for prob in deck.problems:
        assert prob.tags, f"{prob.key} has no tags"


@pytest.mark.parametrize("name", MATHS_DECKS)
def test_every_maths_deck_has_several_parametric_problems(name: str) -> None:
    deck = load(DECKS_DIR / f"{name}.toml")
    assert sum(p.is_parametric for p in deck.problems) >= 3


@pytest.mark.parametrize(("file", "key"), plain_cases())
def test_answer_is_correct_against_itself(file: str, key: str) -> None:
    deck, prob = problem(file, key)
    spec = prob.spec(deck.kind, deck.options)
    assert_accepted(spec, prob.answer, f"{file}:{key}")
    for alt in spec.options.alternatives:
        assert_accepted(spec, alt, f"{file}:{key} alternative")


@pytest.mark.parametrize(("file", "key"), parametric_cases())
def test_parametric_draws_render_and_self_check(file: str, key: str) -> None:
    from trainer.checking.templates import render_template

    deck, prob = problem(file, key)
    rng = random.Random(f"{file}:{key}")
    base = prob.spec(deck.kind, deck.options)
    for _ in range(DRAWS):
        values = draw(prob, rng)
        where = f"{file}:{key} with {values}"
        prompt = render_template(prob.prompt, values)
        answer = render_template(prob.answer, values)
        for text in (prompt, answer, render_template(prob.solution, values)):
            assert not LEFTOVER.search(text), f"{where}: unrendered template in {text!r}"
            for name in values:
                assert "{" + name + "}" not in text, f"{where}: {{{name}}} left in {text!r}"
        alternatives = tuple(render_template(a, values) for a in base.options.alternatives)
        options = replace(base.options, alternatives=alternatives)
        spec = replace(base, answer=answer, options=options)
        assert_accepted(spec, answer, where)
        for alt in alternatives:
            assert_accepted(spec, alt, f"{where} alternative")
