"""One symbol table: what the checker reads and what it shows come from ``trainer.symbols``."""

from __future__ import annotations

import pytest

from trainer.checking.nodes import GREEK, Sym
from trainer.checking.parser import parse
from trainer.checking.rendering import render
from trainer.symbols import GREEK_LETTERS, SUPERSCRIPTS


@pytest.mark.parametrize("name", sorted(GREEK - {n for n in GREEK if n.startswith("var")}))
def test_every_greek_variable_reads_and_shows_as_its_letter(name: str) -> None:
    letter = GREEK_LETTERS[name]
    assert parse(letter) == Sym(name)  # typed as the letter
    assert parse(f"\\{name}") == Sym(name)  # or as LaTeX
    assert render(Sym(name)) == letter


def test_superscript_digits_read_back_as_powers_and_show_as_superscripts() -> None:
    for digit in "0123456789":
        node = parse(f"x{SUPERSCRIPTS[digit]}")
        assert node == parse(f"x^{digit}")
        assert render(node) == f"x{SUPERSCRIPTS[digit]}"
