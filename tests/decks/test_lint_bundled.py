"""``trainer lint`` passes over every bundled deck: the question tests hold for every problem.

For each problem (five seeded draws of a parametric one): the answer self-checks, the answer
written plain and in LaTeX is graded right, no ``$…$`` segment of the prompt typed back is
graded right (unless the deck names why), and every learner mistake is graded wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.practice.linting import lint_file

DECKS = sorted((Path(__file__).resolve().parents[2] / "decks").glob("*.toml"))


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_bundled_deck_lints_clean(path: Path) -> None:
    findings = lint_file(path, draws=5)
    assert [str(f) for f in findings] == []
