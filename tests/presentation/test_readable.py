"""``readable``: deck prompts (Markdown + $LaTeX$) as terminal text.

One line per case: the LaTeX as a deck writes it and the text a learner should read.
"""

from __future__ import annotations

import pytest

from trainer.presentation.readable import latex_to_unicode, readable, readable_markdown

MATH_CASES = [
    ("square", r"x^{2}", "x²"),
    ("bare power", r"x^2", "x²"),
    ("power of a sum", r"x^{n+1}", "xⁿ⁺¹"),
    ("nested power falls back", r"e^{-x^2}", "e^(-x²)"),
    ("fractional power", r"x^{1/2}", "x^(1/2)"),
    ("subscript", r"x_{1}", "x₁"),
    ("sub and sup", r"x_1^2", "x₁²"),
    ("degrees", r"30^\circ", "30°"),
    ("square root", r"\sqrt{x}", "√x"),
    ("root of a sum", r"\sqrt{x+1}", "√(x+1)"),
    ("root of a power", r"\sqrt{x^2}", "√(x²)"),
    ("cube root", r"\sqrt[3]{8}", "∛8"),
    ("fifth root", r"\sqrt[5]{y}", "⁵√y"),
    ("root before a letter", r"\sqrt{2}x", "√2 x"),
    ("simple fraction", r"\frac{a}{b}", "a/b"),
    ("numerator sum", r"\frac{x+1}{2}", "(x+1)/2"),
    ("denominator product", r"\frac{1}{2x}", "1/(2x)"),
    ("both sums", r"\frac{a+b}{c-d}", "(a+b)/(c-d)"),
    ("fraction times a letter", r"\frac{1}{2}x", "(1/2)x"),
    ("letter times a fraction", r"3\frac{x}{4}", "3(x/4)"),
    ("mixed number", r"2\frac{1}{3}", "2⅓"),
    ("mixed number, spaced", r"2 \tfrac{3}{4}", "2¾"),
    ("mixed number, negative", r"-3\frac{1}{2} + 1", "-3½ + 1"),
    ("mixed number without a glyph", r"2\frac{5}{12}", "2 and 5/12"),
    ("divided by a fraction", r"6 \div \frac{3}{4}", "6 ÷ (3/4)"),
    ("fraction divided by a fraction", r"\frac{3}{4} \div \frac{9}{8}", "(3/4) ÷ (9/8)"),
    ("letter over a fraction", r"x / \frac{a}{b}", "x / (a/b)"),
    ("fraction divided by a number", r"\frac{1}{2} \div 4", "(1/2) ÷ 4"),
    ("times a fraction stays bare", r"6 \times \frac{3}{4}", "6 × 3/4"),
    ("sum of fractions stays bare", r"\frac{1}{2} + \frac{1}{3}", "1/2 + 1/3"),
    ("negative numerator", r"\frac{-1}{2}", "-1/2"),
    ("dfrac", r"\dfrac{3}{4}", "3/4"),
    ("fraction to a power", r"\left(\frac{1}{2}\right)^3", "(1/2)³"),
    ("root over number", r"\frac{\sqrt{3}}{2}", "√3/2"),
    ("over a root", r"\frac{x}{\sqrt{x^2 + 1}}", "x/√(x² + 1)"),
    ("greek", r"\alpha + \beta", "α + β"),
    ("capital greek", r"\Delta x", "Δx"),
    ("pi r squared", r"\pi r^2", "πr²"),
    ("cdot", r"2 \cdot 3", "2 · 3"),
    ("times", r"2\times 3", "2 × 3"),
    ("le", r"x \le 3", "x ≤ 3"),
    ("geq", r"x\geq-1", "x ≥ -1"),
    ("neq via not", r"a \not= b", "a ≠ b"),
    ("infinity interval", r"(0, \infty)", "(0, ∞)"),
    ("closed interval", r"[-2, 5]", "[-2, 5]"),
    ("pm", r"x = \pm 2", "x = ± 2"),
    ("reals", r"\mathbb{R}^2", "ℝ²"),
    ("set", r"\{1, 2, 3\}", "{1, 2, 3}"),
    ("in", r"x \in \mathbb{Z}", "x ∈ ℤ"),
    ("text units", r"5\text{ cm}", "5 cm"),
    ("function", r"\sin x", "sin x"),
    ("function power", r"\sin^2\theta", "sin²θ"),
    ("function call", r"\log(x)", "log(x)"),
    ("binomial", r"\binom{n}{k}", "C(n, k)"),
    ("vector accent", r"\vec{v}", "v\u20d7"),
    ("matrix", r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", "[[1, 2], [3, 4]]"),
    ("bmatrix column", r"\begin{bmatrix} 1 \\ -2 \end{bmatrix}", "[[1], [-2]]"),
    ("determinant", r"\begin{vmatrix}a&b\\c&d\end{vmatrix}", "det [[a, b], [c, d]]"),
    ("cases", r"\begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}", "{ x, x ≥ 0; -x, x < 0 }"),
    ("integral limits", r"\int_0^1 x\,dx", "∫₀¹ x dx"),
    ("spacing dropped", r"a\!b", "ab"),
    ("unbalanced brace is tolerated", r"\frac{1}{2", "1/2"),
]


@pytest.mark.parametrize(
    ("latex", "expected"), [c[1:] for c in MATH_CASES], ids=[c[0] for c in MATH_CASES]
)
def test_latex_to_unicode(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


TEXT_CASES = [
    (
        "inline maths",
        r"Expand $3(x + 4)^2$.",
        "Expand 3(x + 4)².",
        "Expand 3(x + 4)².",
    ),
    ("display maths", r"Compute $$\frac{1}{2} + \frac{1}{3}$$", "Compute 1/2 + 1/3", None),
    ("paren delimiters", r"Solve \(x^2 = 4\).", "Solve x² = 4.", None),
    ("bracket delimiters", r"\[\sqrt{16}\]", "√16", None),
    ("currency stays text", "It costs $5 or $10.", "It costs $5 or $10.", None),
    ("escaped dollar", r"Pay \$3 for $x$ apples", "Pay $3 for x apples", None),
    ("dollar then space is text", "a $ b $ c", "a $ b $ c", None),
    ("code span kept", r"Type `$x^2$` as `x^2`", "Type $x^2$ as x^2", "Type `$x^2$` as `x^2`"),
    ("bold dropped in plain", r"**Solve** $2x = 4$", "Solve 2x = 4", "**Solve** 2x = 4"),
    ("no maths", "What is 7 times 8?", "What is 7 times 8?", "What is 7 times 8?"),
    ("unclosed dollar", "a $x", "a $x", None),
    ("spaced latex is maths", r"Write $ 2\tfrac{3}{4} $ now", "Write 2¾ now", None),
    ("spaced plain text is not", "from $ 3 to $ 4", "from $ 3 to $ 4", None),
    ("maths in a list", "- $a^2$\n- $b_1$", "- a²\n- b₁", None),
]


@pytest.mark.parametrize(
    ("text", "plain", "markdown"), [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES]
)
def test_readable(text: str, plain: str, markdown: str | None) -> None:
    assert readable(text) == plain
    if markdown is not None:
        assert readable_markdown(text) == markdown


def test_markdown_escapes_maths_that_looks_like_markup() -> None:
    # x_{i} * y_{j} must not turn into emphasis, and a matrix must not turn into a link.
    assert readable_markdown(r"$a * b_{xy} * c^{qz}$") == r"a \* b\_xy \* c^(qz)"
    assert readable_markdown(r"$\begin{bmatrix}1\end{bmatrix}$") == r"\[\[1\]\]"


def test_prompts_of_bundled_decks_leave_no_latex_behind() -> None:
    import tomllib
    from pathlib import Path

    decks = Path(__file__).resolve().parents[2] / "decks"
    prompts = [
        problem["prompt"]
        for path in sorted(decks.glob("*.toml"))
        for problem in tomllib.loads(path.read_text(encoding="utf-8")).get("problems", [])
    ]
    assert prompts, "no bundled prompts found"
    for prompt in prompts:
        shown = readable(prompt)
        assert "\\" not in shown, (prompt, shown)
        assert "^{" not in shown and "_{" not in shown, (prompt, shown)
