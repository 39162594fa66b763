"""A Pratt parser from tokens to ``nodes``: a real grammar, never ``eval``.

Precedence, loosest first: list separators (``,`` ``;`` ``and``), relations (chained:
``0 < x <= 1``), union, ``+ - ±``, ``* / :`` and implicit multiplication, unary minus,
``^`` (right-associative; ``-x^2`` is ``-(x^2)``), postfix ``! % °``. Brackets give tuples,
intervals (``[0, 1)``), sets, groups and ``|abs|``; LaTeX adds ``\\frac``, ``\\sqrt[n]``,
``\\sin^2 x`` and matrix environments. Nesting is capped, so hostile input fails fast.
"""

from __future__ import annotations

from fractions import Fraction

from trainer.checking.lexer import LexMode, Token, tokenize
from trainer.checking.limits import MAX_DEPTH
from trainer.checking.nodes import (
    INVERSES,
    KNOWN_FUNCTIONS,
    BinOp,
    Call,
    Const,
    Interval,
    Matrix,
    Neg,
    Node,
    Num,
    PlusMinus,
    Postfix,
    Rel,
    Seq,
    SetOp,
    Sym,
    Union,
    Word,
    free_symbols,
)
from trainer.checking.readings import (
    TRIG,
    closed_at_infinity,
    determinant,
    mixed_number,
    radians,
    set_builder_head,
    set_like,
    whole_number,
)

# How many arguments a function takes (any other known function takes one).
_ARITY = {"root": (2, 2), "binom": (2, 2), "log": (1, 2), "log10": (1, 2), "cbrt": (1, 1)}
_ATOM_START = frozenset(
    {"NUM", "NAME", "CONST", "FUNC", "(", "FRAC", "SQRT", "LBRACE", "BEGIN", "WORD", "|", "BINOM"}
)
_FUNCTION_NAMES = frozenset({"f", "g", "h"})
_MATRIX_ENVS = frozenset(
    {"pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "matrix", "smallmatrix", "array"}
)
_CLOSER_NAMES = {")": "')'", "]": "']'", "SETR": "'}'", "RBRACE": "'}'", "|": "'|'"}


_OP_POWER = {"+": 20, "-": 20, "±": 20, "∓": 20, "*": 30, "/": 30, ":": 30,
             "^": 40, "_": 40, "!": 50, "%": 50, "°": 50}  # fmt: skip
"""Binding power of each infix/postfix operator (higher binds tighter)."""


def _num(tok: Token) -> Num:
    assert tok.number is not None and tok.value is not None, tok
    return Num(tok.number, tok.value)


def _per_unit(toks: list[Token], i: int) -> bool:
    """``1/s`` after a number (``4 1/s``): one per a unit name, not a second number."""
    return (
        toks[i].value == "1"
        and i + 2 < len(toks)
        and toks[i + 1].type == "OP"
        and toks[i + 1].value == "/"
        and toks[i + 2].type == "NAME"
    )


class ParseError(ValueError):
    """Unreadable input; ``pos`` is the 0-based column of the problem."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


class _Parser:
    def __init__(self, tokens: list[Token], latex: bool = False) -> None:
        self.toks = tokens
        self.latex = latex
        self.i = 0
        self.depth = 0
        self.abs_depth = 0

    # -- token helpers -------------------------------------------------------------
    def peek(self) -> Token:
        return self.toks[self.i]

    def next(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def set_builder(self, opener: Token) -> Node | None:
        """``{x | x > 2}``, ``\\{x \\in \\mathbb{R} : x > 2\\}``: the condition on x (or None)."""
        head = set_builder_head(self.toks, self.i)
        if head is None:
            return None
        name, self.i, joiner = head
        bar = self.toks[self.i - 1]
        items, _, _ = self.parse_list(("SETR",), opener)
        if not items or not all(isinstance(c, Rel) and name in free_symbols(c) for c in items):
            raise ParseError("a set {x | …} needs conditions on x", bar.pos)
        return items[0] if len(items) == 1 else Seq(joiner, tuple(items))

    def expect(self, type_: str, opener: Token | None = None) -> Token:
        tok = self.peek()
        if tok.type != type_:
            if opener is not None:
                what = "parenthesis" if opener.type in "()" else "bracket"
                raise ParseError(f"unbalanced {what} at column {opener.pos + 1}", opener.pos)
            raise ParseError(f"expected {_CLOSER_NAMES.get(type_, type_)}", tok.pos)
        return self.next()

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("nested too deeply", pos)

    # -- lists -----------------------------------------------------------------------
    def parse_list(
        self, closers: tuple[str, ...], opener: Token | None
    ) -> tuple[list[Node], Token, bool]:
        items: list[Node] = []
        had_sep = False
        while True:
            tok = self.peek()
            if tok.type == "SEP":
                self.next()
                had_sep = True
                continue
            if tok.type in closers:
                return items, self.next(), had_sep
            if tok.type == "EOF" or tok.type in (")", "]", "SETR", "RBRACE"):
                if opener is not None:
                    what = "parenthesis" if opener.type == "(" else "bracket"
                    raise ParseError(f"unbalanced {what} at column {opener.pos + 1}", opener.pos)
                raise ParseError(f"unexpected {_CLOSER_NAMES.get(tok.type, 'end')}", tok.pos)
            items.append(self.expr(0))

    def parse_top(self) -> Node:
        words = {t.value or "" for t in self.toks if t.type == "SEP"}
        items, _, had_sep = self.parse_list(("EOF",), None)
        if not items:
            raise ParseError("nothing to read", 0)
        if len(items) == 1 and not had_sep:
            return items[0]
        joiner = next(iter(words)) if len(words) == 1 and words <= {"and", "or"} else "bare"
        return Seq(joiner, tuple(items))

    # -- expressions -----------------------------------------------------------------
    def lbp(self, tok: Token) -> int:
        t = tok.type
        if t == "REL":
            return 10
        if t in ("UNION", "SETOP"):
            return 15
        if t == "OP":
            return _OP_POWER.get(tok.value or "", 0)
        if t in _ATOM_START:
            if t == "|" and self.abs_depth > 0:
                return 0
            return 30
        return 0

    def expr(self, rbp: int) -> Node:
        tok = self.peek()
        self.enter(tok.pos)
        try:
            left = self.nud(self.next())
            while rbp < self.lbp(self.peek()):
                left = self.led(left, self.peek())
            return left
        finally:
            self.depth -= 1

    def nud(self, tok: Token) -> Node:
        t = tok.type
        if t == "NUM":
            return _num(tok)
        if t == "NAME":
            name = str(tok.value)
            if name in _FUNCTION_NAMES and self.peek().type == "(":
                return Call(name, self.call_args())
            return Sym(name)
        if t == "CONST":
            return Const(str(tok.value))
        if t == "WORD":
            return Word(str(tok.value))
        if t == "FUNC":
            return self.function(str(tok.value), tok)
        if t == "OP" and tok.value in ("-", "+", "±", "∓"):
            operand = self.expr(35)
            if tok.value == "-":
                return Neg(operand)
            if tok.value == "+":
                return operand
            return PlusMinus(None, operand)
        if t == "(" or t == "[":
            return self.bracket(tok)
        if t == "SETL":
            builder = self.set_builder(tok)
            if builder is not None:
                return builder
            items, _, _ = self.parse_list(("SETR",), tok)
            return Seq("set", tuple(items))
        if t == "LBRACE":
            items, _, had_sep = self.parse_list(("RBRACE",), tok)
            if len(items) == 1 and not had_sep:
                return items[0]
            if not items:
                raise ParseError("empty braces", tok.pos)
            return Seq("group", tuple(items))
        if t == "|":
            self.abs_depth += 1
            try:
                inner = self.expr(0)
            finally:
                self.abs_depth -= 1
            self.expect("|", tok)
            return Call("abs", (inner,))
        if t == "FRAC":
            num = self.latex_arg(tok)
            den = self.latex_arg(tok)
            return BinOp("/", num, den)
        if t == "SQRT":
            index: Node | None = None
            if self.peek().type == "[":
                opener = self.next()
                index = self.expr(0)
                self.expect("]", opener)
            radicand = self.latex_arg(tok)
            return Call("sqrt", (radicand,)) if index is None else Call("root", (radicand, index))
        if t == "BEGIN":
            return self.matrix(tok)
        if t == "BINOM":
            top = self.latex_arg(tok)
            return Call("binom", (top, self.latex_arg(tok)))
        if t == "EOF":
            raise ParseError("the expression ends too early", tok.pos)
        shown = tok.value if tok.value is not None else _CLOSER_NAMES.get(t, t)
        if t in (")", "]"):
            raise ParseError(f"unbalanced parenthesis at column {tok.pos + 1}", tok.pos)
        raise ParseError(f"unexpected {shown!s}", tok.pos)

    def led(self, left: Node, tok: Token) -> Node:
        t = tok.type
        if t == "REL":
            ops: list[str] = []
            items = [left]
            while self.peek().type == "REL":
                ops.append(str(self.next().value))
                items.append(self.expr(10))
            return Rel(tuple(ops), tuple(items))
        if t == "SETOP":
            self.next()
            return SetOp(str(tok.value), left, self.expr(15))
        if t == "UNION":
            self.next()
            right = self.expr(15)
            parts = (left.parts if isinstance(left, Union) else (left,)) + (right,)
            return Union(parts)
        if t == "OP":
            op = str(tok.value)
            self.next()
            if op in ("+", "-"):
                right = self.expr(20)
                if op == "-" and set_like(left) and set_like(right):
                    return SetOp("∖", left, right)  # ℝ - {0}: a set difference
                return BinOp(op, left, right)
            if op in ("±", "∓"):
                return PlusMinus(left, self.expr(20))
            if op in ("*", "/", ":"):
                return BinOp(op, left, self.expr(30))
            if op == "^":
                return BinOp("^", left, self.exponent(tok))
            if op == "_":
                raise ParseError("a subscript here is not understood", tok.pos)
            return Postfix(op, left)
        before = self.toks[self.i - 1]
        if t == "NUM" and (
            before.type == "NUM" or (before.type == "OP" and before.value in ("!", "%", "°"))
        ):
            return self.number_after_number(left, tok)
        mixed = t == "FRAC" and whole_number(left)
        right = self.expr(30)
        if (
            mixed
            and isinstance(right, BinOp)
            and whole_number(right.left)
            and whole_number(right.right)
        ):
            # 3\frac{1}{2} is the mixed number 3½, not 3·½
            if not (isinstance(right.left, Num) and isinstance(right.right, Num)) or not (
                0 <= right.left.value < right.right.value
            ):  # 1\frac{3}{2}: neither 1 + 3/2 nor 1·3/2 is sure
                raise ParseError(
                    "a mixed number needs a proper fraction, like 2\\frac{1}{3}", tok.pos
                )
            if isinstance(left, Neg):
                return Neg(BinOp("+", left.operand, right))
            return BinOp("+", left, right)
        return BinOp("*", left, right, implicit=True)

    def number_after_number(self, left: Node, tok: Token) -> Node:
        """``3 1/2`` is the mixed number 3½; any other two numbers side by side (``2 3``,
        ``1 .5``) are refused: a space never multiplies numbers."""
        mixed = mixed_number(left, self.toks, self.i)
        if mixed is None and _per_unit(self.toks, self.i):  # 4 1/s: a rate in units
            return BinOp("*", left, self.expr(30), implicit=True)
        if mixed is None:
            raise ParseError(
                "two numbers side by side: write one number, an operator between them, or commas",
                tok.pos,
            )
        self.i += 3
        return mixed

    def exponent(self, tok: Token) -> Node:
        nxt = self.peek()
        if nxt.type in ("LBRACE", "SETL"):
            opener = self.next()
            items, _, had_sep = self.parse_list(("RBRACE", "SETR"), opener)
            if len(items) != 1 or had_sep:
                raise ParseError("an exponent must be one expression", opener.pos)
            return items[0]
        if nxt.type == "NUM" and len(nxt.value or "") > 1 and self.is_latex_digit_run(nxt):
            return self.split_digit()
        return self.expr(39)

    def is_latex_digit_run(self, tok: Token) -> bool:
        return self.latex and str(tok.value).isascii() and str(tok.value).isdigit()

    # -- pieces ----------------------------------------------------------------------
    def bracket(self, opener: Token) -> Node:
        closers = (")", "]")
        items, closer, had_sep = self.parse_list(closers, opener)
        if opener.type == "(" and closer.type == ")":
            if len(items) == 1 and not had_sep:
                return items[0]
            if not items:
                raise ParseError("empty parentheses", opener.pos)
            return Seq("tuple", tuple(items))
        closed = closed_at_infinity(opener, closer, items)
        if closed is not None:
            raise ParseError(*closed)
        if opener.type == "[" and closer.type == "]":
            return Seq("bracket", tuple(items))
        if len(items) != 2:
            raise ParseError("an interval needs two endpoints", opener.pos)
        return Interval(items[0], items[1], opener.type == "[", closer.type == "]")

    def call_args(self) -> tuple[Node, ...]:
        opener = self.next()
        items, closer, _ = self.parse_list((")",), opener)
        if not items:
            raise ParseError("a function needs an argument", opener.pos)
        return tuple(items)

    def latex_arg(self, owner: Token) -> Node:
        tok = self.peek()
        if tok.type == "LBRACE" or tok.type == "SETL":
            opener = self.next()
            items, _, had_sep = self.parse_list(("RBRACE", "SETR"), opener)
            if len(items) != 1 or had_sep:
                raise ParseError("expected one expression in braces", opener.pos)
            return items[0]
        if tok.type == "NUM":
            return self.split_digit()
        if tok.type == "EOF":
            raise ParseError("missing argument", owner.pos)
        return self.expr(45)

    def split_digit(self) -> Node:
        """``\\frac12``: a LaTeX argument without braces is one character."""
        tok = self.next()
        num = _num(tok)
        text = num.text
        if len(text) > 1 and "0" <= text[0] <= "9":
            rest = text[1:].lstrip()
            if rest and ("0" <= rest[0] <= "9" or rest[0] == "."):
                self.i -= 1
                rest_value = Fraction(rest) if "e" not in rest.lower() else num.value
                self.toks[self.i] = Token("NUM", rest, tok.pos + 1, rest_value)
                return Num(Fraction(int(text[0])), text[0])
        return num

    def function(self, name: str, tok: Token) -> Node:
        power: Node | None = None
        base: Node | None = None
        if self.peek().type == "OP" and self.peek().value == "_" and name == "log":
            self.next()
            base = self.latex_arg(tok)
        if self.peek().type == "OP" and self.peek().value == "^":
            self.next()
            power = self.exponent(tok)
            if isinstance(power, Neg) and power.operand == Num(Fraction(1), "1"):
                if name not in INVERSES:
                    raise ParseError(f"{name}^-1 is not understood", tok.pos)
                name, power = INVERSES[name], None
        if self.peek().type == "(":
            args = self.call_args()
        elif self.peek().type in _ATOM_START or (
            self.peek().type == "OP" and self.peek().value == "-"
        ):
            args = (self.function_operand(name),)
        else:
            raise ParseError(f"{name} needs an argument", tok.pos)
        low, high = _ARITY.get(name, (1, 1) if name in KNOWN_FUNCTIONS else (1, len(args)))
        if base is not None:
            low = high = 1
        if not low <= len(args) <= high:
            counts = str(low) if low == high else f"{low} or {high}"
            raise ParseError(f"{name} takes {counts} argument(s), not {len(args)}", tok.pos)
        if base is not None:
            args = (args[0], base)
        if name in TRIG:
            args = tuple(radians(a) for a in args)
        call: Node = Call(name, args)
        if name == "factorial":
            call = Postfix("!", args[0])
        if name == "cbrt":
            call = Call("root", (args[0], Num(Fraction(3), "3")))
        return call if power is None else BinOp("^", call, power)

    def function_operand(self, name: str) -> Node:
        """``\\sin 2x`` is sin(2x); ``\\sin b \\cos a`` is sin(b)·cos(a); ``√2x`` is √2·x."""
        if self.peek().type == "OP":
            self.next()
            return Neg(self.function_operand(name))
        left = self.expr(31)
        if name in ("sqrt", "cbrt"):
            return left
        while self.peek().type in _ATOM_START and self.peek().type not in ("FUNC", "|", "("):
            left = BinOp("*", left, self.expr(31), implicit=True)
        return left

    def matrix(self, begin: Token) -> Node:
        env = str(begin.value)
        if env not in _MATRIX_ENVS:
            raise ParseError(f"the {env} environment is not supported", begin.pos)
        rows: list[tuple[Node, ...]] = []
        row: list[Node] = []
        while True:
            tok = self.peek()
            if tok.type == "END":
                self.next()
                if row:
                    rows.append(tuple(row))
                break
            if tok.type == "EOF":
                raise ParseError(f"\\begin{{{env}}} is never closed", begin.pos)
            if tok.type == "AMP" or tok.type == "&":
                self.next()
                continue
            if tok.type == "ROWSEP":
                self.next()
                if row:
                    rows.append(tuple(row))
                row = []
                continue
            row.append(self.expr(0))
        if not rows or any(len(r) != len(rows[0]) for r in rows):
            raise ParseError("matrix rows differ in length", begin.pos)
        if env in ("vmatrix", "Vmatrix"):  # |A| is a number, not the matrix A
            found = determinant(tuple(rows)) if env == "vmatrix" else None
            if found is None:
                raise ParseError(f"\\begin{{{env}}} is not a matrix: write pmatrix", begin.pos)
            return found
        return Matrix(tuple(rows))


def parse(text: str, mode: LexMode | None = None) -> Node:
    """Parse plain or LaTeX notation; raises ``LexError``/``ParseError`` with a column."""
    mode = mode or LexMode()
    return _Parser(tokenize(text, mode), latex=mode.latex).parse_top()
