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
# These tests judge the decks, not the checker's speed (its own tests bound that): a
# generous budget keeps a loaded machine from turning a right answer into a timeout.
BUDGET = 30.0

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

# The options a deck sets must bite: a right answer in another notation passes, a wrong or
# wrongly-formed one fails. (deck, problem, attempt, accepted)
OPTION_CASES = [
    ("python-eval", "float-eq", "False", True),
    ("python-eval", "float-eq", "false", False),  # case_sensitive: Python spells it False
    ("python-eval", "str-repeat", '"ababab"', True),  # the double-quoted alternative
    ("python-eval", "str-repeat", "ababab", False),  # without quotes it is not a str repr
    ("python-eval", "list-rev", "[3,2,1]", True),
    ("python-eval", "truediv-exact", "2", False),  # / gives a float: 2.0
    ("python-eval", "floordiv-neg", "-3", False),
    ("antiderivatives", "power-01", "x^4/4 + C", True),  # up_to_constant
    ("antiderivatives", "trig-06", "-cos(2x)/4", True),  # differs by a constant
    ("antiderivatives", "power-01", "x^4", False),
    ("algebra", "expand-02", "(x+3)(x+5)", False),  # form expanded
    ("algebra", "factor-01", "x^2 + 5x + 6", False),  # form factored
    ("algebra", "factor-01", "(x+3)(x+2)", True),
    ("algebra", "linear-01", "5", True),  # allow_bare_value
    ("algebra", "linear-01", "x = 6", False),
    ("algebra", "quadratic-01", "{3, 2}", True),
    ("algebra", "quadratic-01", "{2}", False),
    ("algebra", "system-01", "(3, 7)", False),  # a tuple is ordered
    ("algebra", "inequality-02", "x < 3", False),
    ("fractions-percent", "simplify-01", "4/6", False),  # form lowest_terms
    ("fractions-percent", "to-percent-01", "75 %", True),
    ("units-physics", "speed-01", "20", True),  # the prompt names the unit: m/s
    ("units-physics", "speed-01", "72 km/h", False),  # the prompt asks for m/s
    ("units-physics", "speed-01", "20 km", False),
    ("units-physics", "convert-01", "72 km/h", False),  # the prompt's quantity typed back
    ("arithmetic", "table-01", "6*7", False),  # form numeral: evaluate it
    ("fractions-percent", "to-decimal-01", "3/8", False),  # form decimal
    ("fractions-percent", "to-percent-01", "3/4", False),  # form percent
    ("fractions-percent", "to-percent-01", "75", False),  # no % sign
    ("fractions-percent", "mixed-01", "2 + 3/4", False),  # form improper_fraction
    ("fractions-percent", "from-decimal-01", "0.75", False),  # form lowest_terms
    ("algebra", "inequality-01", "2x + 3 < 11", False),  # form solved
    ("algebra", "quadratic-05", "3", True),  # a bare root answers a one-root set
    ("trig-exact", "cos-030", "cos(pi/6)", False),  # form exact
    ("python-eval", "floordiv-pos", "3.0", False),  # form literal
    ("units-physics", "pe-02", "1883.52 J", True),  # within the rounding tolerance
    ("units-physics", "pe-02", "1700 J", False),
    ("trig-exact", "cos-030", "sqrt(3)/2", True),
    ("trig-exact", "cos-030", "0.866", False),  # exact values only
    ("matrices", "product-01", "[[19, 43], [22, 50]]", False),  # the transpose is wrong
    ("chemistry-formulas", "formula-water", "H₂O", True),
    ("chemistry-formulas", "formula-carbon-monoxide", "Co", False),  # case_sensitive
    ("chemistry-formulas", "name-sn", "Tin", True),  # names are not case-sensitive
]


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

    verdict = check(spec, attempt, budget=BUDGET)
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
    assert re.fullmatch(r"1\.0\.\d+", deck.version)  # bumped when problems change
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


@pytest.mark.parametrize(("name", "key", "attempt", "accepted"), OPTION_CASES)
def test_deck_options_take_effect(name: str, key: str, attempt: str, accepted: bool) -> None:
    from trainer.checking import check

    deck, prob = problem(f"{name}.toml", key)
    verdict = check(prob.spec(deck.kind, deck.options), attempt, budget=BUDGET)
    assert verdict.correct is accepted, f"{name}:{key} {attempt!r}: {verdict}"
