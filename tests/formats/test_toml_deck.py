"""The deck TOML format: reading, every-error validation with lines, writing, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.domain import AnswerKind, CheckOptions, Deck, Form, Parameter, Problem
from trainer.errors import DeckFormatError
from trainer.formats.toml_deck import dumps_deck, loads_deck, read_deck, write_deck

GOOD = """\
format = 1

[deck]
id = "arithmetic"
name = "Mental arithmetic"
description = "Quick sums"
version = "1.0.0"
author = "trainer maintainers"
licence = "CC0-1.0"
kind = "integer"

[deck.check]
rel_tol = 0.01

[[problems]]
id = "add-001"
prompt = "What is $17 + 25$?"
answer = "42"
tags = ["addition", "two-digit"]
solution = "17 + 25 = 42"
hints = ["Make a ten first."]
alternatives = ["forty-two"]
note = "grp-1"

[problems.check]
abs_tol = 0.5
form = "lowest_terms"

[[problems]]
id = "mul-2x1"
prompt = "Compute ${a} \\\\times {b}$."
answer = "{=a*b}"
constraints = ["mod(a, 10) != 0"]
[problems.params]
a = { range = [12, 99], step = 3, exclude = [15] }
b = { choice = [3, 4, "x"] }
"""


def problems_of(text: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(DeckFormatError) as caught:
        loads_deck(text, "deck.toml")
    return [(p.line, p.field, p.message) for p in caught.value.problems]


def test_reads_every_field() -> None:
    deck = loads_deck(GOOD)
    assert (deck.key, deck.name, deck.version, deck.kind) == (
        "arithmetic",
        "Mental arithmetic",
        "1.0.0",
        AnswerKind.INTEGER,
    )
    assert deck.options == CheckOptions(rel_tol=0.01)
    add, mul = deck.problems
    assert add == Problem(
        key="add-001",
        prompt="What is $17 + 25$?",
        answer="42",
        options=CheckOptions(abs_tol=0.5, form=Form.LOWEST_TERMS, alternatives=("forty-two",)),
        solution="17 + 25 = 42",
        hints=("Make a ten first.",),
        tags=("addition", "two-digit"),
        note_key="grp-1",
    )
    assert mul.prompt == "Compute ${a} \\times {b}$."
    assert mul.parameters == (
        Parameter("a", range=(12, 99), step=3, exclude=("15",)),
        Parameter("b", choice=("3", "4", "x")),
    )
    assert mul.constraints == ("mod(a, 10) != 0",) and mul.is_parametric


def test_every_error_is_reported_with_its_line_and_field() -> None:
    text = """\
format = 1

[deck]
id = "Bad Id"
nmae = "x"

[[problems]]
id = "p1"
prompt = "fine"
answr = "1"

[[problems]]
id = "p1"
prompt = "Compute {=a * c}"
answer = 5.5
kind = "integr"
[problems.check]
abs_tol = -1
[problems.params]
a = { range = [9, 1] }
"""
    found = problems_of(text)
    where = {(line, field) for line, field, _ in found}
    assert (4, "deck.id") in where
    assert (5, "deck.nmae") in where
    assert (3, "deck.name") in where  # missing: reported at its table
    assert (7, "problems[0].answer") in where  # missing: reported at [[problems]]
    assert (10, "problems[0].answr") in where
    assert (13, "problems[1].id") in where  # duplicate
    assert (15, "problems[1].answer") in where
    assert (16, "problems[1].kind") in where
    assert (18, "problems[1].check.abs_tol") in where
    assert (20, "problems[1].params.a.range") in where
    messages = {field: message for _, field, message in found}
    assert "did you mean 'name'" in messages["deck.nmae"]
    assert "did you mean 'answer'" in messages["problems[0].answr"]
    assert "first used at line 8" in messages["problems[1].id"]
    assert "expected a string" in messages["problems[1].answer"]
    assert "integer" in messages["problems[1].kind"]
    assert [line for line, _, _ in found] == sorted(line for line, _, _ in found)
    with pytest.raises(DeckFormatError) as caught:
        loads_deck(text, "deck.toml")
    assert "deck.toml:15: problems[1].answer: expected a string" in str(caught.value)


def test_parametric_structure_is_checked() -> None:
    text = """\
format = 1
[deck]
id = "p"
name = "P"

[[problems]]
id = "t"
prompt = "{a} plus {b} is?"
answer = "{=a + c}"
hints = ["think of {=sqrt(z)}"]
constraints = ["b != 0 and q > 1", "a + (b"]
[problems.params]
a = { range = [1, 3], choice = [1] }
b = { step = 2 }
2x = { range = [1, 2] }
d = { range = [1, 2], exclude = [1, 2] }
e = { choice = [] }
f = { range = [1, 5], colour = 3 }
g = { choice = [1], step = 2 }

[[problems]]
id = "u"
prompt = "no params"
answer = "1"
constraints = ["1 > 0"]
"""
    found = problems_of(text)
    text_of = {(line, field): message for line, field, message in found}
    assert "exactly one of range" in text_of[(13, "problems[0].params.a")]
    assert "exactly one of range" in text_of[(14, "problems[0].params.b")]
    assert "identifier" in text_of[(15, "problems[0].params.2x")]
    assert "nothing can be drawn" in text_of[(16, "problems[0].params.d")]
    assert "non-empty list" in text_of[(17, "problems[0].params.e.choice")]
    assert (
        "did you mean" in text_of[(18, "problems[0].params.f.colour")]
        or "known keys" in (text_of[(18, "problems[0].params.f.colour")])
    )
    assert "step only goes with range" in text_of[(19, "problems[0].params.g.step")]
    assert "constraints need" in text_of[(25, "problems[1].constraints")]


def test_templates_may_only_use_declared_params() -> None:
    text = """\
format = 1
[deck]
id = "p"
name = "P"

[[problems]]
id = "t"
prompt = "What is {a} + {b}? (LaTeX {x^{2}} is fine)"
answer = "{=a + c}"
hints = ["{=sqrt(z)}"]
constraints = ["b != 0 and q > 1", "a + (b", "a ; b"]
[problems.params]
a = { range = [1, 3] }
b = { choice = [1, 2] }
"""
    from trainer.checking.template_check import problem_errors

    with pytest.raises(DeckFormatError) as caught:
        loads_deck(text, "deck.toml", problem_errors)
    found = [(p.line, p.field, p.message) for p in caught.value.problems]
    text_of = {(line, field): message for line, field, message in found}
    assert "unknown name c" in text_of[(9, "problems[0].answer")]
    assert "unknown name z" in text_of[(10, "problems[0].hints[0]")]
    assert "unknown name q" in text_of[(11, "problems[0].constraints[0]")]
    assert "unbalanced parenthesis" in text_of[(11, "problems[0].constraints[1]")]
    assert "a list is not a value" in text_of[(11, "problems[0].constraints[2]")]
    assert len(found) == 5
    loads_deck(text, "deck.toml")  # the reader alone evaluates nothing


def test_syntax_error_names_its_line() -> None:
    found = problems_of('format = 1\n[deck]\nid = "x"\nname = "unterminated\n')
    assert found[0][0] == 4 and "not valid TOML" in found[0][2]


def test_missing_and_wrong_top_level() -> None:
    found = problems_of('format = 2\ntitle = "x"\n')
    fields = {field for _, field, _ in found}
    assert {"format", "title", "deck"} <= fields


def test_multiline_strings_do_not_confuse_line_numbers() -> None:
    text = '''\
format = 1
[deck]
id = "d"
name = "D"

[[problems]]
id = "a"
prompt = """
answer = "this line is inside a string"
[[problems]]
"""
answer = "1"
bogus = 1
'''
    found = problems_of(text)
    assert found == [(13, "problems[0].bogus", found[0][2])]


def test_read_and_write_files(tmp_path: Path) -> None:
    deck = loads_deck(GOOD)
    target = tmp_path / "arithmetic.toml"
    write_deck(deck, target)
    assert read_deck(target) == deck
    assert [p.name for p in tmp_path.iterdir()] == ["arithmetic.toml"]  # no temp file left
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'format = 1\n[deck]\nid = "x"\nname = "caf\xe9"\n')
    with pytest.raises(DeckFormatError, match=r"latin.toml:4: is not valid UTF-8"):
        read_deck(latin)


def test_dumped_text_is_readable() -> None:
    deck = Deck(
        key="d",
        name="D",
        problems=(
            Problem(key="p", prompt="Find $\\frac{1}{2}$", answer="1/2", solution="line 1\nline 2"),
        ),
    )
    text = dumps_deck(deck)
    assert "prompt = 'Find $\\frac{1}{2}$'" in text
    assert "solution = '''\nline 1\nline 2'''" in text
    assert loads_deck(text) == deck


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=150, deadline=None)
@given(
    prompt=_TEXT,
    answer=_TEXT,
    solution=st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
    tags=st.lists(_TEXT, max_size=3),
    key=_TEXT.filter(lambda s: s == s.strip() and all(ord(c) >= 32 for c in s)),
)
def test_round_trip_of_any_text(
    prompt: str, answer: str, solution: str, tags: list[str], key: str
) -> None:
    deck = Deck(
        key="d",
        name="D",
        problems=(
            Problem(key=key, prompt=prompt, answer=answer, solution=solution, tags=tuple(tags)),
        ),
    )
    assert loads_deck(dumps_deck(deck)) == deck


def test_round_trip_of_every_field() -> None:
    deck = Deck(
        key="all.fields",
        name="All 'fields' \"here\"",
        description="multi\nline\\n",
        version="2",
        author="me",
        licence="MIT",
        kind=AnswerKind.RATIONAL,
        options=CheckOptions(
            abs_tol=1e-9,
            ordered=True,
            case_sensitive=True,
            units="m/s",
            choices=("a", "b"),
            alternatives=("alt",),
            allow_bare_value=True,
            up_to_constant=True,
            form=Form.FACTORED,
        ),
        problems=(
            Problem(
                key="p1",
                prompt="ends with quote'",
                answer="'''",
                kind=AnswerKind.TEXT,
                options=CheckOptions(rel_tol=0.5, alternatives=("x", "y")),
                hints=("h1", "h\t2"),
                tags=("t",),
                note_key="n",
                media=("a.png",),
                solution="tab\there\x7f",
            ),
            Problem(
                key="p2",
                prompt="{a}/{b}",
                answer="{=a/b}",
                parameters=(
                    Parameter("a", range=(-5, 5), step=2, exclude=("-3", "+1")),
                    Parameter("b", choice=("1", "2.5", "07", "x y")),
                ),
                constraints=("b != 0",),
            ),
        ),
    )
    assert loads_deck(dumps_deck(deck)) == deck
