"""Anki fields keep their meaning (issue 12, item 6): superscripts and subscripts become
``^`` and ``_`` so a typed answer can match them, bold and italic stay as emphasis in the
prompt (never in the answer), through the real reader and the real checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.checking import check
from trainer.domain import AnswerSpec
from trainer.formats import anki_html
from trainer.formats.anki import read_anki_package

from .hostile_builders import legacy_package


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("27 cm<sup>3</sup>", "27 cm^3"),
        ("x<sup>2n</sup>", "x^(2n)"),
        ("10<sup>-3</sup> m", "10^(-3) m"),
        ("H<sub>2</sub>O", "H_2O"),
        ("v<sub>max</sub>", "v_max"),
        ("a<sub>i+1</sub>", "a_(i+1)"),
        ("e<SUP>x</SUP>", "e^x"),
        ("empty<sup></sup>", "empty"),
    ],
)
def test_scripts_become_carets_and_underscores(field: str, text: str) -> None:
    assert anki_html.to_text(field) == text


def _read(tmp_path: Path, notes: list[tuple[int, str]]) -> dict[str, tuple[str, str]]:
    batch = read_anki_package(legacy_package(tmp_path, "meaning", notes=notes))
    return {p.key: (p.prompt, p.answer) for d in batch.decks for p in d.problems}


def test_a_cubic_centimetre_answer_accepts_what_people_type(tmp_path: Path) -> None:
    problems = _read(tmp_path, [(1001, "Volume of a 3 cm cube?\x1f27 cm<sup>3</sup>")])
    answer = problems["g1/1"][1]
    assert answer == "27 cm^3"
    spec = AnswerSpec(answer)
    for attempt in ("27 cm^3", "27 cm³"):
        assert check(spec, attempt).correct, attempt
    assert not check(spec, "27 cm").correct


def test_bold_and_italic_are_emphasis_in_the_prompt_only(tmp_path: Path) -> None:
    problems = _read(
        tmp_path,
        [
            (1001, "Which is <b>not</b> a <i>prime</i>?\x1f<b>9</b>"),
            (1002, "The <strong>capital</strong> is {{c1::<em>Paris</em>}}\x1f"),
        ],
    )
    assert problems["g1/1"] == ("Which is **not** a *prime*?", "9")
    assert problems["g2/c1"] == ("The **capital** is [...]", "Paris")


def test_private_marks_in_a_file_are_not_taken_for_emphasis(tmp_path: Path) -> None:
    problems = _read(tmp_path, [(1001, f"a{anki_html.BOLD}b\x1f{anki_html.ITALIC}c")])
    assert problems["g1/1"] == ("ab", "c")
