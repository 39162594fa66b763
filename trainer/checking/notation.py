"""The notation tables the lexer reads: LaTeX commands, unicode characters, number shapes."""

from __future__ import annotations

import re

from trainer.checking.nodes import ALIASES, GREEK, KNOWN_FUNCTIONS

IGNORED_COMMANDS = frozenset(
    {
        "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "bigg", "Bigg",
        "biggl", "biggr", "displaystyle", "textstyle", "limits", "quad", "qquad", ",", ";",
        "!", ":", " ", ">", "boxed", "fbox", "$", "middle", "mathstrut", "hfill",
    }
)  # fmt: skip
OP_COMMANDS = {
    "cdot": "*", "times": "*", "ast": "*", "div": "/", "pm": "±", "mp": "∓",
    "circ": "°", "degree": "°", "%": "%", "bullet": "*",
}  # fmt: skip
REL_COMMANDS = {
    "le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
    "ne": "!=", "neq": "!=", "lt": "<", "gt": ">", "approx": "~", "simeq": "~", "sim": "~",
    "in": "in", "eq": "=",
}  # fmt: skip
TEXT_COMMANDS = frozenset(
    {
        "text", "textbf", "textnormal", "textrm", "textit", "textup", "mathrm", "mathbf",
        "mathit", "mathsf", "mathnormal", "operatorname", "mbox", "rm", "bf",
    }
)  # fmt: skip
FRAC_COMMANDS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})

CHAR_MAP = {
    "−": "-", "–": "-", "—": "-", "×": "*", "·": "*", "⋅": "*", "∙": "*", "÷": "/",
    "∕": "/", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "⁄": "/", "（": "(", "）": ")", "•": "*", "∗": "*",
}  # fmt: skip
UNICODE_RELS = {"≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "∈": "in", "⩽": "<=", "⩾": ">="}
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                 "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-"}  # fmt: skip
VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
           "⅛": (1, 8), "⅙": (1, 6), "⅚": (5, 6)}  # fmt: skip
UNICODE_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "θ": "theta",
    "λ": "lambda", "μ": "mu", "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega",
    "Δ": "Delta", "Ω": "Omega", "ρ": "rho",
}  # fmt: skip

MULTI_NAMES = sorted(
    set(KNOWN_FUNCTIONS) | set(ALIASES) | set(GREEK) | {"pi", "inf", "infty", "infinity"},
    key=len,
    reverse=True,
)
WHOLE_NAMES = frozenset(MULTI_NAMES)
NAME_RUN = re.compile(r"[A-Za-z]+")
DIGITS = re.compile(r"[0-9]+")
THOUSANDS_SEP = re.compile(r"(?:,\\!\s?|\\[,!;]\s?|\{,\}|,| )(?=[0-9]{3}(?![0-9]))")
EXPONENT = re.compile(r"[eE][+-]?[0-9]{1,6}(?![A-Za-z0-9])")
BRACE_WORD = re.compile(r"\{([^{}]*)\}")
SUBSCRIPT = re.compile(r"_(?:\{([A-Za-z0-9 +\-]{1,20})\}|([A-Za-z0-9]))")
