"""LaTeX macros the renderer does not know show what they hold (issue 12, item 6)."""

from __future__ import annotations

import pytest

from trainer.presentation.readable import readable


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        (r"$\underbrace{a+b}{n}$", "a+b (n)"),
        (r"$\underbrace{1+1+1}_{3 \text{ times}}$", "1+1+1 (3 times)"),
        (r"$\overbrace{x+y}^{k}$", "x+y (k)"),
        (r"$A \sube B$", "A ⊆ B"),
        (r"$A \supe B$", "A ⊇ B"),
        (r"$\boxed{42}$", "42"),
        (r"$\cancel{x}$", "x"),
        (r"$\foo{bar}$", "bar"),
        (r"$\foo{a}{b} c$", "a b c"),
        (r"$\unknownsymbol x$", r"\unknownsymbol x"),
    ],
)
def test_unknown_macros_render_their_content(latex: str, shown: str) -> None:
    assert readable(latex) == shown
