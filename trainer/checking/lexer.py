"""Tokens for plain and LaTeX notation alike (``2x^2``, ``2x²``, ``2x^{2}``, ``2\\cdot x^2``).

One lexer reads both notations, so an answer in LaTeX and an attempt in plain text meet
in the same tokens. Numbers are read exactly (``0.1`` is 1/10), with thousands separators
(``1,234``, ``1 234``, ``1\\,234``) and, for numeric kinds, a decimal comma (``2,74``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from trainer.checking.nodes import ALIASES, KNOWN_FUNCTIONS
from trainer.checking.notation import (
    CHAR_MAP,
    DIGITS,
    EXPONENT,
    MULTI_NAMES,
    NAME_RUN,
    SUBSCRIPT,
    SUPERSCRIPTS,
    THOUSANDS_SEP,
    UNICODE_GREEK,
    UNICODE_RELS,
    VULGAR,
    WHOLE_NAMES,
)


class LexError(ValueError):
    """Text that is not a token, with the column where it starts (0-based)."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


@dataclass(frozen=True, slots=True)
class Token:
    """``value``: the token's text (a NUM's digits as written), None for bare punctuation;
    ``number``: a NUM's exact value (None for every other type)."""

    type: str
    value: str | None
    pos: int
    number: Fraction | None = None


@dataclass(frozen=True)
class LexMode:
    """``latex``: bare ``{}`` group. ``numeric``: a comma may be a decimal or thousands mark.
    ``words``: letter runs stay whole (unit names such as ``km``). ``functions`` (the
    template grammar): every identifier (``a_1``, ``n2``) is one token: ``and``/``or``, a
    FUNC when in the set, else a NAME."""

    latex: bool = False
    numeric: bool = False
    words: bool = False
    functions: frozenset[str] | None = None


class _Lexer:
    def __init__(self, text: str, mode: LexMode) -> None:
        self.s = text
        self.mode = mode
        self.out: list[Token] = []
        self.depth = 0  # bracket depth: a comma inside brackets separates, never groups digits
        self.steps: list[str] = []  # open \lfloor / \lceil, closed by their own kind

    def emit(self, type_: str, value: str | None, pos: int) -> None:
        self.out.append(Token(type_, value, pos))

    def emit_num(self, number: Fraction, text: str, pos: int) -> None:
        self.out.append(Token("NUM", text, pos, number))

    def after_equals(self, start: int) -> bool:
        """``y = 26,000``: a comma-grouped number right after ``=`` is one number."""
        if "{" in self.s:
            return False
        last = self.out[-1] if self.out else None
        if last is None:  # "26,000 = y": the number opens an equation
            return bool(re.match(r"[0-9,]*\s*=", self.s[start:]))
        return last.type == "REL" and last.value == "="

    def prev_type(self) -> str | None:
        return self.out[-1].type if self.out else None

    def run(self) -> list[Token]:
        s = self.s
        i = 0
        n = len(s)
        while i < n:
            c = CHAR_MAP.get(s[i], s[i])
            if c.isspace():
                i += 1
            elif "0" <= c <= "9" or (c == "." and i + 1 < n and "0" <= s[i + 1] <= "9"):
                i = self.number(i)
            elif self.mode.functions is not None and (c == "_" or c.isalpha() and c.isascii()):
                i = self.identifier(i, self.mode.functions)
            elif c.isalpha() and c.isascii():
                i = self.name(i)
            elif c == "\\":
                i = self.command(i)
            else:
                i = self.symbol(c, i)
        self.emit("EOF", None, n)
        return self.out

    def number(self, i: int) -> int:
        s = self.s
        start = i
        if s[i] == ".":
            whole = "0"
        else:
            m = DIGITS.match(s, i)
            assert m is not None
            whole = m.group(0)
            i = m.end()
            if len(whole) <= 3 and not (whole.startswith("0") and len(whole) > 1):
                while True:
                    sep = THOUSANDS_SEP.match(s, i)
                    comma_ok = self.depth == 0 and (self.mode.numeric or self.after_equals(start))
                    if sep is None or (sep.group(0).startswith(",") and not comma_ok):
                        break
                    if whole == "0":
                        break
                    whole += s[sep.end() : sep.end() + 3]
                    i = sep.end() + 3
        frac = ""
        if (
            i < len(s)
            and s[i] == "."
            and i + 1 < len(s)
            and "0" <= s[i + 1] <= "9"
            or (
                self.mode.numeric
                and self.depth == 0
                and i < len(s)
                and s[i] == ","
                and i + 1 < len(s)
                and "0" <= s[i + 1] <= "9"
                and "," not in s[i + 1 :]
            )
        ):
            m = DIGITS.match(s, i + 1)
            assert m is not None
            frac = m.group(0)
            i = m.end()
        elif self.mode.numeric and self.depth == 0 and re.match(r"\{,\}[0-9]", s[i : i + 4]):
            m = DIGITS.match(s, i + 3)  # 1{,}5: a LaTeX decimal comma (5{,}000 groups above)
            assert m is not None
            frac = m.group(0)
            i = m.end()
        repeat = _REPEATING.match(s, i)  # 0.\overline{3} is 1/3, 0.1\overline{6} is 1/6
        if repeat is not None:
            digits = repeat.group(1)
            whole_value = Fraction(int(whole + frac), 10 ** len(frac))
            tail = Fraction(int(digits), (10 ** len(digits) - 1) * 10 ** len(frac))
            self.emit_num(whole_value + tail, s[start : repeat.end()].strip(), start)
            return repeat.end()
        exponent = 0
        m = EXPONENT.match(s, i)
        if m is not None:
            exponent = int(m.group(0)[1:].replace("−", "-"))  # 1.2e−3
            if abs(exponent) > 400:
                raise LexError("exponent too large", start)
            i = m.end()
        value = Fraction(int(whole + frac), 10 ** len(frac)) if frac else Fraction(int(whole))
        if exponent:
            value *= Fraction(10) ** exponent
        self.emit_num(value, s[start:i].strip(), start)
        return i

    def identifier(self, i: int, functions: frozenset[str]) -> int:
        m = _IDENTIFIER.match(self.s, i)
        assert m is not None
        word = m.group(0)
        kind = "SEP" if word in ("and", "or") else "FUNC" if word in functions else "NAME"
        self.emit(kind, word, i)
        return m.end()

    def name(self, i: int) -> int:
        m = NAME_RUN.match(self.s, i)
        assert m is not None
        run = m.group(0)
        end = m.end()
        lower = run.lower()
        if lower in ("and", "or"):
            self.emit("SEP", lower, i)
            return end
        whole = _WHOLE_SET.match(self.s, i) if not self.s[:i].strip() else None
        if whole is not None:  # "all real numbers", "no solution": the whole answer
            if whole.group("reals"):
                self.emit("CONST", "reals", i)
            else:
                self.emit("SETL", None, i)
                self.emit("SETR", None, i)
            return whole.end()
        if lower == "factorial" or run == "Abs":
            self.emit("FUNC", "factorial" if lower == "factorial" else "abs", i)
            return end
        if run in ("x", "X") and self.prev_type() == "NUM" and _TIMES_TEN.match(self.s, end):
            self.emit("OP", "*", i)  # 6.02x10^23: the letter x as a times sign
            return end
        if lower in ("inf", "infinity") and run.isupper():  # WeBWorK's INF, INFINITY
            self.emit("CONST", "inf", i)
            return end
        if run == "oo":
            self.emit("CONST", "inf", i)
            return end
        if lower == "log" and self.s.startswith(("10(", "2("), end):  # log10(x), log2(x)
            base = self.s[end : self.s.index("(", end)]
            self.emit("FUNC", "log10" if base == "10" else "log", i)
            if base == "2":
                self.emit("OP", "_", end)
                self.emit_num(Fraction(2), "2", end)
            return end + len(base)
        if lower in ("percent", "pct", "percentage"):
            self.emit("OP", "%", i)
            return end
        cent = _PER_CENT.match(self.s, i) if lower == "per" else None
        if cent is not None:  # 40 per cent
            self.emit("OP", "%", i)
            return cent.end()
        if run == "R" and self.out and self.out[-1].type == "REL" and self.out[-1].value == "in":
            self.emit("CONST", "reals", i)  # x in R
            return end
        if run == "o" and self.out and self.out[-1].type == "OP" and self.out[-1].value == "^":
            self.out[-1] = Token("OP", "°", self.out[-1].pos)  # 30^o: a degree sign
            return end
        if (
            lower in ("deg", "degree", "degrees")
            and self.prev_type() == "NUM"
            and not self.mode.words
        ):
            self.emit("OP", "°", i)  # sin(30 degrees)
            return end
        if run == "U" and self.prev_type() in (")", "]", "SETR", "RBRACE"):
            self.emit("UNION", "U", i)
            return end
        sub = SUBSCRIPT.match(self.s, end)
        if sub is not None and (lower in KNOWN_FUNCTIONS or lower in ALIASES):
            self.word(lower, i)  # log_2: the subscript is the base, read by the parser
            return end
        if sub is not None:
            self.emit("NAME", run + "_" + (sub.group(1) or sub.group(2)).replace(" ", ""), i)
            return sub.end()
        if self.mode.words and len(run) > 1 and lower not in KNOWN_FUNCTIONS:
            self.emit("NAME", run, i)
            return end
        self.split_run(run, i)
        return end

    def split_run(self, run: str, pos: int) -> None:
        if run in WHOLE_NAMES:
            self.word(run, pos)
            return
        j = 0
        while j < len(run):
            for name in MULTI_NAMES:
                if run.startswith(name, j) and (
                    len(name) > 2 or name in ("ln", "pi", "mu", "nu", "xi")
                ):
                    self.word(name, pos + j)
                    j += len(name)
                    break
            else:
                self.word(run[j], pos + j)
                j += 1

    def word(self, name: str, pos: int) -> None:
        """One known name or letter as a token."""
        if name == "pi":
            self.emit("CONST", "pi", pos)
        elif name in ("inf", "infty", "infinity"):
            self.emit("CONST", "inf", pos)
        elif name in ("e", "i"):
            self.emit("CONST", name, pos)
        elif name in ALIASES or (name in KNOWN_FUNCTIONS and name != "gamma"):
            self.emit("FUNC", ALIASES.get(name, name), pos)
        else:
            self.emit("NAME", name, pos)

    def command(self, i: int) -> int:
        from trainer.checking.latex_commands import lex_command

        return lex_command(self, i)

    def text_group(self, content: str, pos: int) -> None:
        from trainer.checking.latex_commands import lex_text_group

        lex_text_group(self, content, pos)

    def symbol(self, c: str, i: int) -> int:
        s = self.s
        two = s[i : i + 2]
        if two in ("<=", ">=", "!=", "=<", "=>", "==", "<>"):
            rel = {"=<": "<=", "=>": ">=", "==": "=", "<>": "!="}.get(two, two)
            self.emit("REL", rel, i)
            return i + 2
        if two == "**":
            self.emit("OP", "^", i)
            return i + 2
        maxima = _MAXIMA_CONSTANT.match(s, i) if c == "%" else None
        if maxima is not None and self.prev_type() not in ("NUM", ")", "]", "NAME", "CONST"):
            name = {"inf": "inf", "pi": "pi", "e": "e", "i": "i"}[maxima.group(1)]
            self.emit("CONST", name, i)  # %pi, %e, %i: Maxima's constants (STACK answers)
            return maxima.end()
        if c in "+-*/^:!%°_" or c in "±∓":
            self.emit("OP", c, i)
        elif c == "~" and self.mode.latex:
            pass  # a LaTeX tie (4~\frac13) is a space; ≈ is \approx there
        elif c in "=<>~":
            self.emit("REL", c, i)
        elif c in UNICODE_RELS:
            self.emit("REL", UNICODE_RELS[c], i)
        elif c in "()[]|&":
            self.depth += 1 if c in "([" else -1 if c in ")]" else 0
            self.emit(c, None, i)
        elif c in "{}":
            if self.mode.latex:
                self.emit("LBRACE" if c == "{" else "RBRACE", None, i)
            else:
                self.emit("SETL" if c == "{" else "SETR", None, i)
        elif c in ",;":
            self.emit("SEP", c, i)
        elif c == "∅":
            self.emit("SETL", None, i)
            self.emit("SETR", None, i)
        elif c == "ℝ":
            self.emit("CONST", "reals", i)
        elif c in "∨∧":  # x < 2 ∨ x > 3: logical or / and
            self.emit("SEP", "or" if c == "∨" else "and", i)
        elif c == "∪":
            self.emit("UNION", "U", i)
        elif c in "∩∖":
            self.emit("SETOP", c, i)
        elif c == "." and not s[i + 1 :].strip() and self.out:
            pass  # "42." : a full stop ends the sentence
        elif c == "π":
            self.emit("CONST", "pi", i)
        elif c == "∞":
            self.emit("CONST", "inf", i)
        elif c == "√":
            self.emit("FUNC", "sqrt", i)
        elif c == "∛":
            self.emit("FUNC", "cbrt", i)
        elif c in SUPERSCRIPTS:
            j = i
            digits = ""
            while j < len(s) and s[j] in SUPERSCRIPTS:
                digits += SUPERSCRIPTS[s[j]]
                j += 1
            self.emit("OP", "^", i)
            if digits.startswith("-"):
                self.emit("OP", "-", i)
                digits = digits[1:]
            if not digits:
                raise LexError("superscript minus without digits", i)
            self.emit_num(Fraction(int(digits)), digits, i)
            return j
        elif c in VULGAR:
            p, q = VULGAR[c]
            last = self.out[-1] if self.out else None
            if last is not None and last.number is not None and str(last.value).isdigit():
                self.out[-1] = Token(
                    "NUM", f"{last.value}{c}", last.pos, last.number + Fraction(p, q)
                )
            else:
                self.emit_num(Fraction(p, q), f"{p}/{q}", i)
        elif c in UNICODE_GREEK:
            self.emit("NAME", UNICODE_GREEK[c], i)
        elif c in "€£¥":
            pass  # a currency sign around a number reads as the number
        elif c == "'" and self.prev_type() == "NUM":
            pass
        else:
            shown = repr(c) if c.isprintable() else f"U+{ord(c):04X}"
            raise LexError(f"unexpected character {shown}", i)
        return i + 1


_DEGREE_GROUP = re.compile(r"\^\s*\{\s*\\circ\s*\}")


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WHOLE_SET = re.compile(
    r"(?:(?P<reals>all\s+reals|(?:all|any|every)\s+real(?:\s+numbers?)?|(?-i:R))"
    r"|no\s+(?:real\s+)?(?:solutions?|roots?|values?)|(?:the\s+)?empty\s+set|none)\s*\.?\s*$",
    re.IGNORECASE,
)  # a whole answer "R" is ℝ and "NONE" is ∅, as in WeBWorK
_PER_CENT = re.compile(r"per\s*cent\b", re.IGNORECASE)
_MAXIMA_CONSTANT = re.compile(r"%(pi|e|i|inf)(?![A-Za-z0-9_])")
_TIMES_TEN = re.compile(r"\s*10\s*(?:\^|\*\*)")


_REPEATING = re.compile(r"\.?\\(?:overline|bar|dot)\s*\{\s*([0-9]{1,12})\s*\}")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def tokenize(text: str, mode: LexMode | None = None) -> list[Token]:
    """Tokens of ``text``; raises ``LexError`` with a column on anything unreadable."""
    text = text.translate(_FULLWIDTH)  # ４２ is 42: one character for one, columns kept
    if "circ" in text:
        text = _DEGREE_GROUP.sub(lambda m: " " * (len(m.group(0)) - 1) + "°", text)
    return _Lexer(text, mode or LexMode()).run()
