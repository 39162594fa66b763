"""Prompts made readable in a terminal: ``$…$`` LaTeX becomes Unicode text.

Deck prompts are Markdown with LaTeX maths between ``$…$``, ``$$…$$``, ``\\(…\\)`` or
``\\[…\\]``. A terminal cannot typeset maths, so the maths is rewritten as the text a
person would write by hand: ``x^{2}`` -> ``x²``, ``\\sqrt{x}`` -> ``√x``,
``\\frac{x+1}{2}`` -> ``(x+1)/2``, ``\\alpha`` -> ``α``, ``\\le`` -> ``≤``, matrices as
bracketed rows ``[[1, 2], [3, 4]]``. pylatexenc reads the LaTeX; the rendering rules
here decide where parentheses are needed so that what is shown means what was written.

``readable`` returns plain text (the plain drill mode prints it); ``readable_markdown``
keeps the Markdown and escapes the rewritten maths so a Markdown renderer (the TUI)
shows it literally.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeAlias

from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
)

from trainer.presentation.readable_symbols import (
    ACCENTS,
    BLACKBOARD,
    FUNCTIONS,
    MATRIX_ENVIRONMENTS,
    OPERATORS,
    ROOTS,
    SPACES,
    SYMBOLS,
    TEXT_MACROS,
    VULGAR_FRACTIONS,
)
from trainer.symbols import GREEK_LETTERS as GREEK
from trainer.symbols import SUBSCRIPTS, SUPERSCRIPTS

__all__ = ["latex_to_unicode", "readable", "readable_markdown"]

_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
_BINOMIALS = frozenset({"binom", "dbinom", "tbinom"})
_BRACES = frozenset({"underbrace", "overbrace", "underbracket", "overbracket"})
_ARITY: dict[str, int] = {
    **dict.fromkeys(_BRACES, 1),
    **dict.fromkeys(_FRACTIONS | _BINOMIALS, 2),
    **dict.fromkeys(TEXT_MACROS | set(ACCENTS) | {"mathbb", "sqrt", "pmod", "not"}, 1),
}
_TOP_LEVEL_OPERATORS = frozenset(" +-−·×÷/=<>≤≥≠≈,;:±∓∈→")
_SCRIPT_MARKS = frozenset(SUPERSCRIPTS.values()) | frozenset(SUBSCRIPTS.values()) | set("′'")
_DIVISIONS = frozenset("÷/")
_DIVISION_MACROS = frozenset({"div"})
_OPENERS = {"(": ")", "[": "]", "{": "}", "⟨": "⟩", "|": "|"}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|~#])")
_LATEX_MARKS = re.compile(r"[\\^_{}=]")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_INNER_SPACE = re.compile(r"(?<=[(\[]) +| +(?=[)\]])")
# Macros that print a letter-like thing: a fraction right before one needs brackets.
_GLUED_MACROS = (
    frozenset(GREEK) | _FRACTIONS | TEXT_MACROS | {"sqrt", "mathbb", "infty", "partial", "left"}
)

Token: TypeAlias = "LatexNode | str"  # a node, or one character of a chars node


def readable(text: str) -> str:
    """Plain terminal text: maths as Unicode, Markdown's ``**``/backtick marks dropped."""
    converted = _convert(text, escape=lambda s: s)
    converted = re.sub(r"\*\*(.+?)\*\*", r"\1", converted)
    converted = re.sub(r"__(.+?)__", r"\1", converted)
    return re.sub(r"`([^`]*)`", r"\1", converted)


def readable_markdown(text: str) -> str:
    """Markdown for a renderer: maths as Unicode, escaped so it is shown as written."""
    return _convert(text, escape=lambda s: _MARKDOWN_SPECIALS.sub(r"\\\1", s))


@lru_cache(maxsize=4096)
def latex_to_unicode(math: str) -> str:
    """One piece of LaTeX maths (without its ``$`` delimiters) as Unicode text."""
    try:
        nodes, _, _ = LatexWalker(math, tolerant_parsing=True).get_latex_nodes()
    except LatexWalkerError:
        return math.strip()
    text = _render(_tokens(nodes or []))
    return _INNER_SPACE.sub("", _SPACE_RUN.sub(" ", text)).strip()


# --- finding the maths -----------------------------------------------------------------


def _convert(text: str, *, escape: Callable[[str], str]) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "`":  # a code span is shown verbatim
            end = text.find("`", i + 1)
            if end != -1:
                out.append(text[i : end + 1])
                i = end + 1
                continue
        if text.startswith("\\$", i):
            out.append(escape("$"))
            i += 2
            continue
        found = _math_at(text, i)
        if found is not None:
            math, i = found
            out.append(escape(latex_to_unicode(math)))
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _math_at(text: str, i: int) -> tuple[str, int] | None:
    """The maths starting at ``i`` and the index after it, or None."""
    for opener, closer in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)")):
        if text.startswith(opener, i):
            end = text.find(closer, i + len(opener))
            if end == -1:
                return None
            return text[i + len(opener) : end], end + len(closer)
    if text[i] != "$" or i + 1 >= len(text):
        return None
    j = i + 1
    while j < len(text) and text[j] != "$":
        if text.startswith("\n\n", j):
            return None  # maths never spans paragraphs
        j += 2 if text[j] == "\\" else 1
    if j >= len(text) or j == i + 1 or (j + 1 < len(text) and text[j + 1].isdigit()):
        return None
    body = text[i + 1 : j]
    # "$x^2$" is maths; "costs $5 or $10" is not. Spaces just inside the dollars make it
    # text, unless the body is plainly LaTeX ("$ 2\\tfrac{3}{4} $").
    tight = not body[0].isspace() and not body[-1].isspace()
    if tight or _LATEX_MARKS.search(body):
        return body, j + 1
    return None


# --- rendering the maths ----------------------------------------------------------------


def _tokens(nodes: list[LatexNode]) -> list[Token]:
    tokens: list[Token] = []
    for node in nodes:
        if isinstance(node, LatexCharsNode):
            tokens.extend(node.chars)
        elif isinstance(node, LatexCommentNode):
            continue
        else:
            tokens.append(node)
    return tokens


def _render(tokens: list[Token]) -> str:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if isinstance(token, str):
            if token in "^_":
                arg, i = _take_arg(tokens, i)
                out.append(_script(arg, superscript=token == "^"))
            elif token in "\n\t":
                out.append(" ")
            else:
                out.append(token)
        elif isinstance(token, LatexGroupNode | LatexMathNode):
            out.append(_render(_tokens(token.nodelist or [])))
        elif isinstance(token, LatexSpecialsNode):
            out.append({"&": " ", "~": " "}.get(token.specials_chars, token.specials_chars))
        elif isinstance(token, LatexEnvironmentNode):
            out.append(_environment(token))
        elif isinstance(token, LatexMacroNode):
            i = _macro(token, tokens, i, out)
    return "".join(out)


def _skip_spaces(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and isinstance(tokens[i], str) and str(tokens[i]).isspace():
        i += 1
    return i


def _take_arg(tokens: list[Token], i: int) -> tuple[str, int]:
    """The next argument (a group, a macro or one character) rendered, and where it ends."""
    i = _skip_spaces(tokens, i)
    if i >= len(tokens):
        return "", i
    token = tokens[i]
    if isinstance(token, str):
        return token, i + 1
    if isinstance(token, LatexMacroNode):
        out: list[str] = []
        end = _macro(token, tokens, i + 1, out)
        return "".join(out), end
    return _render([token]), i + 1


def _macro_args(node: LatexMacroNode, tokens: list[Token], i: int) -> tuple[list[str], str, int]:
    """Mandatory arguments, the optional ``[…]`` one, and the index after them.

    pylatexenc parses the arguments of macros it knows; for others (``\\binom``,
    ``\\operatorname``) the arguments are the groups that follow.
    """
    wanted = _ARITY.get(node.macroname, 0)
    optional = ""
    args: list[str] = []
    if node.nodeargd is not None:
        for arg in node.nodeargd.argnlist or []:
            if arg is None:
                continue
            rendered = _render(_tokens([arg]))
            if isinstance(arg, LatexGroupNode) and arg.delimiters[0] == "[":
                optional = rendered
            else:
                args.append(rendered)
    while len(args) < wanted:
        arg, i = _take_arg(tokens, i)
        args.append(arg)
    return args, optional, i


def _macro(node: LatexMacroNode, tokens: list[Token], i: int, out: list[str]) -> int:
    """Render one macro into ``out``; returns the index after its arguments."""
    name = node.macroname
    args, optional, i = _macro_args(node, tokens, i)
    if name in _FRACTIONS:
        out.append(_fraction(args[0], args[1], out, tokens, i))
    elif name in _BINOMIALS:
        out.append(f"C({args[0]}, {args[1]})")
    elif name == "sqrt":
        root = ROOTS.get(optional.strip() or "2") or _script(optional, superscript=True) + "√"
        body = args[0] if _is_single(args[0], scripts=False) else f"({args[0]})"
        nxt = _skip_spaces(tokens, i)
        follows = nxt < len(tokens) and isinstance(tokens[nxt], str) and str(tokens[nxt]).isalnum()
        out.append(root + body + (" " if follows else ""))
    elif name in TEXT_MACROS:
        out.append(args[0])
    elif name == "mathbb":
        out.append("".join(BLACKBOARD.get(c, c) for c in args[0]))
    elif name in ACCENTS:
        out.append("".join(c + ACCENTS[name] if c.isalnum() else c for c in args[0]))
    elif name == "not":
        out.append({"=": "≠", "∈": "∉", "⊂": "⊄", "≡": "≢"}.get(args[0], args[0] + "\u0338"))
    elif name == "pmod":
        out.append(f" (mod {args[0]})")
    elif name in ("mod", "bmod"):
        out.append(" mod ")
    elif name in ("left", "right"):
        if i < len(tokens) and isinstance(tokens[i], str) and tokens[i] == ".":
            i += 1
    elif name == "\\":
        out.append("; ")
    elif name in GREEK or name in SYMBOLS:
        out.append(GREEK.get(name) or SYMBOLS[name])
        following = tokens[i] if i < len(tokens) else None
        if node.macro_post_space and not (isinstance(following, str) and following.isalnum()):
            out.append(" ")
    elif name in OPERATORS:
        out.append(f" {OPERATORS[name]} ")
    elif name in SPACES:
        out.append(SPACES[name])
    elif name in FUNCTIONS:
        nxt = _skip_spaces(tokens, i)
        after = tokens[nxt] if nxt < len(tokens) else None
        bare = after is not None and not (isinstance(after, str) and after in "(^_[")
        out.append(name + (" " if bare else ""))
    elif name in _BRACES:  # ``\underbrace{a+b}_{n}`` -> ``a+b (n)``
        label, i = _brace_label(tokens, i)
        out.append((args[0] if args else "") + (f" ({label})" if label else ""))
    else:
        while _group_at(tokens, i):  # arguments pylatexenc does not know about
            arg, i = _take_arg(tokens, i)
            args.append(arg)
        if args or optional:  # an unknown macro with arguments: show what it holds
            out.append(" ".join(a for a in (optional, *args) if a))
        else:  # an unknown symbol: as written, so ``\foo x`` is not read as ``foox``
            after = tokens[i] if i < len(tokens) else None
            spaced = isinstance(after, str) and after[:1].isalnum()
            out.append("\\" + name + (" " if spaced else ""))
    return i


def _group_at(tokens: list[Token], i: int) -> bool:
    token = tokens[i] if i < len(tokens) else None
    return isinstance(token, LatexGroupNode) and token.delimiters[0] == "{"


def _brace_label(tokens: list[Token], i: int) -> tuple[str, int]:
    """The label of an under/overbrace: ``_{…}``, ``^{…}`` or a bare group after it."""
    nxt = _skip_spaces(tokens, i)
    if nxt < len(tokens) and isinstance(tokens[nxt], str) and tokens[nxt] in ("_", "^"):
        return _take_arg(tokens, nxt + 1)
    if _group_at(tokens, nxt):
        return _take_arg(tokens, nxt)
    return "", i


def _environment(node: LatexEnvironmentNode) -> str:
    """Matrices as bracketed rows; cases and aligned equations as rows split by ``;``."""
    rows: list[list[str]] = [[]]
    cell: list[Token] = []
    for token in _tokens(node.nodelist or []):
        if isinstance(token, LatexSpecialsNode) and token.specials_chars == "&":
            rows[-1].append(_clean(_render(cell)))
            cell = []
        elif isinstance(token, LatexMacroNode) and token.macroname == "\\":
            rows[-1].append(_clean(_render(cell)))
            rows.append([])
            cell = []
        else:
            cell.append(token)
    rows[-1].append(_clean(_render(cell)))
    if rows[-1] == [""]:
        rows.pop()
    name = node.environmentname.rstrip("*")
    if name in MATRIX_ENVIRONMENTS:
        body = "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"
        return {"vmatrix": f"det {body}", "Vmatrix": f"‖{body}‖"}.get(name, body)
    if name == "cases":
        return "{ " + "; ".join(", ".join(c for c in row if c) for row in rows) + " }"
    return "; ".join(" ".join(c for c in row if c) for row in rows)


def _clean(text: str) -> str:
    return _SPACE_RUN.sub(" ", text).strip()


def _fraction(num: str, den: str, out: list[str], tokens: list[Token], i: int) -> str:
    num, den = num.strip(), den.strip()
    top = num if _is_product(num) else f"({num})"
    bottom = den if _is_single(den) else f"({den})"
    text = f"{top}/{bottom}"
    before = "".join(out).rstrip(" ")
    nxt = _skip_spaces(tokens, i)
    after = tokens[nxt] if nxt < len(tokens) else None
    if before and before[-1].isdigit() and num.isdigit() and den.isdigit():
        while out and not out[-1].strip():
            out.pop()  # "2 \frac{3}{4}" is the same mixed number
        out[-1] = out[-1].rstrip(" ")
        return _mixed_fraction(num, den)  # 2¾, never "2 3/4" (read as 2·3/4 or 23/4)
    glued_after = (
        (isinstance(after, str) and (after.isalnum() or after in "(^"))
        or isinstance(after, LatexGroupNode)
        or (isinstance(after, LatexMacroNode) and after.macroname in _GLUED_MACROS)
    )
    # Next to a division the slash would be read left to right: "6 ÷ 3/4" reads as
    # (6 ÷ 3)/4, so a fraction beside ÷ or / is bracketed: "6 ÷ (3/4)", "(3/4) ÷ (9/8)".
    divided = (before and before[-1] in _DIVISIONS) or (
        isinstance(after, LatexMacroNode) and after.macroname in _DIVISION_MACROS
    )
    divided = divided or (isinstance(after, str) and after in _DIVISIONS)
    if glued_after or divided or (before and (before[-1].isalnum() or before[-1] == ")")):
        return f"({text})"
    return text


def _mixed_fraction(num: str, den: str) -> str:
    """The fraction part of a mixed number: a vulgar fraction where Unicode has one
    ("2¾"), otherwise spelt out ("2 and 5/12")."""
    return VULGAR_FRACTIONS.get((num, den)) or f" and {num}/{den}"


def _script(arg: str, *, superscript: bool) -> str:
    arg = arg.strip()
    if superscript and arg in ("∘", "\\circ", "circ"):
        return "°"
    if superscript and arg in ("′", "'", "prime"):
        return "′"
    table = SUPERSCRIPTS if superscript else SUBSCRIPTS
    if arg and all(c in table for c in arg):
        return "".join(table[c] for c in arg)
    mark = "^" if superscript else "_"
    bare = r"\d+" if superscript else r"\d+|[A-Za-z]+"  # x^ab would read as (x^a)b
    if len(arg) == 1 or _is_wrapped(arg) or re.fullmatch(bare, arg):
        return mark + arg
    return f"{mark}({arg})"


def _is_wrapped(text: str) -> bool:
    """True when the whole text sits inside one pair of matching brackets."""
    if len(text) < 2 or text[0] not in _OPENERS or text[-1] != _OPENERS[text[0]]:
        return False
    depth = 0
    for k, c in enumerate(text):
        if c == text[0] and (c != "|" or k == 0):
            depth += 1
        elif c == _OPENERS[text[0]]:
            depth -= 1
            if depth == 0 and k != len(text) - 1:
                return False
    return True


def _top_level(text: str) -> str:
    """The characters of ``text`` outside any brackets."""
    depth = 0
    kept: list[str] = []
    for c in text:
        if c in "([{⟨":
            depth += 1
        elif c in ")]}⟩":
            depth -= 1
        elif depth == 0:
            kept.append(c)
    return "".join(kept)


def _is_product(text: str) -> bool:
    """No operator outside brackets: safe as a numerator (``2x``, ``x²``, ``-3``)."""
    body = text[1:] if text.startswith(("-", "−")) else text
    return bool(body) and not (set(_top_level(body)) & _TOP_LEVEL_OPERATORS)


def _is_single(text: str, *, scripts: bool = True) -> bool:
    """One number or one symbol (with scripts), or a bracketed whole: safe after / or √."""
    if _is_wrapped(text):
        return True
    if text[:1] in ("√", "∛", "∜") and _is_single(text[1:], scripts=False):
        return True
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return True
    core = text.rstrip("".join(_SCRIPT_MARKS)) if scripts else text
    if re.fullmatch(r"\d+", core) and core != text:
        return True  # 2³
    return len(core) == 1 and (core.isalpha() or core in "∞π")
