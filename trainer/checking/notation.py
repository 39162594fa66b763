"""The notation tables the lexer reads: LaTeX commands, unicode characters, number shapes."""

from __future__ import annotations

import re

from trainer.checking.nodes import ALIASES, GREEK, KNOWN_FUNCTIONS
from trainer.symbols import GREEK_LETTERS
from trainer.symbols import SUPERSCRIPTS as SUPERSCRIPT_OF

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
SUPERSCRIPTS = {SUPERSCRIPT_OF[c]: c for c in "0123456789-"}  # "²" -> "2"
VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
           "⅛": (1, 8), "⅙": (1, 6), "⅚": (5, 6)}  # fmt: skip
UNICODE_GREEK = {
    letter: name
    for name, letter in GREEK_LETTERS.items()
    if name in GREEK and not name.startswith("var")
}  # "α" -> "alpha": every letter the checker reads as a variable

MULTI_NAMES = sorted(
    set(KNOWN_FUNCTIONS) | set(ALIASES) | set(GREEK) | {"pi", "inf", "infty", "infinity"},
    key=len,
    reverse=True,
)
WHOLE_NAMES = frozenset(MULTI_NAMES)
NAME_RUN = re.compile(r"[A-Za-z]+")
DIGITS = re.compile(r"[0-9]+")
THOUSANDS_SEP = re.compile(r"(?:,\\!\s?|\\[,!;]\s?|\{,\}|,| )(?=[0-9]{3}(?![0-9]))")
EXPONENT = re.compile(r"[eE][+\-−]?[0-9]{1,6}(?![A-Za-z0-9])")
BRACE_WORD = re.compile(r"\{([^{}]*)\}")
SUBSCRIPT = re.compile(r"_(?:\{([A-Za-z0-9 +\-]{1,20})\}|([A-Za-z0-9]))")
