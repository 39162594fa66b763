"""LaTeX commands for the lexer: ``\\frac``, ``\\cdot``, ``\\le``, ``\\text{...}``, environments.

Kept apart from ``lexer`` (characters, numbers and names) so each stays readable; both
emit into the same token list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from trainer.checking.lexer import LexError, Token
from trainer.checking.nodes import ALIASES, GREEK, KNOWN_FUNCTIONS
from trainer.checking.notation import (
    BRACE_WORD,
    FRAC_COMMANDS,
    IGNORED_COMMANDS,
    NAME_RUN,
    OP_COMMANDS,
    REL_COMMANDS,
    TEXT_COMMANDS,
)

if TYPE_CHECKING:
    from trainer.checking.lexer import _Lexer

_BLACKBOARD_R = re.compile(r"\s*(?:\{\s*R\s*\}|R\b)")


def lex_command(self: _Lexer, i: int) -> int:
    """One LaTeX command at ``i`` (a backslash) as tokens; the index after it."""
    s = self.s
    if i + 1 >= len(s):
        raise LexError("lone backslash", i)
    nxt = s[i + 1]
    if nxt == "\\":
        self.emit("ROWSEP", None, i)
        return i + 2
    if nxt in "{}":
        self.emit("SETL" if nxt == "{" else "SETR", None, i)
        return i + 2
    if nxt == "|":
        self.emit("|", None, i)
        return i + 2
    if not nxt.isalpha():
        if nxt in OP_COMMANDS:
            self.emit("OP", OP_COMMANDS[nxt], i)
        elif nxt not in IGNORED_COMMANDS:
            raise LexError(f"unknown command '\\{nxt}'", i)
        return i + 2
    m = NAME_RUN.match(s, i + 1)
    assert m is not None
    cmd = m.group(0)
    end = m.end()
    if cmd in IGNORED_COMMANDS:
        return end
    if cmd in OP_COMMANDS:
        if cmd == "circ" and self.out and self.out[-1].type == "OP" and self.out[-1].value == "^":
            self.out.pop()
        self.emit("OP", OP_COMMANDS[cmd], i)
    elif cmd in REL_COMMANDS:
        self.emit("REL", REL_COMMANDS[cmd], i)
    elif cmd == "cup":
        self.emit("UNION", "U", i)
    elif cmd in ("cap", "setminus", "smallsetminus"):
        self.emit("SETOP", "∩" if cmd == "cap" else "∖", i)
    elif cmd in ("infty", "infin"):
        self.emit("CONST", "inf", i)
    elif cmd == "pi":
        self.emit("CONST", "pi", i)
    elif cmd in FRAC_COMMANDS:
        self.emit("FRAC", None, i)
    elif cmd == "sqrt":
        self.emit("SQRT", None, i)
    elif cmd in ("begin", "end"):
        m2 = BRACE_WORD.match(s, end)
        if m2 is None:
            raise LexError(f"\\{cmd} without an environment name", i)
        env = m2.group(1).strip().rstrip("*")
        end = m2.end()
        if cmd == "begin" and env == "array":
            spec = BRACE_WORD.match(s, end)
            end = spec.end() if spec else end
        self.emit("BEGIN" if cmd == "begin" else "END", env, i)
    elif cmd in TEXT_COMMANDS:
        m2 = BRACE_WORD.match(s, end)
        if m2 is None:
            return end  # \rm x: a font switch
        self.text_group(m2.group(1), i)
        end = m2.end()
    elif cmd == "langle":
        self.emit("(", None, i)
    elif cmd == "rangle":
        self.emit(")", None, i)
    elif cmd in ("emptyset", "varnothing"):
        self.emit("SETL", None, i)
        self.emit("SETR", None, i)
    elif cmd in ("mathbb", "mathbf") and (reals := _BLACKBOARD_R.match(s, end)) is not None:
        self.emit("CONST", "reals", i)
        end = reals.end()
    elif cmd in ("R", "Reals", "reals"):
        self.emit("CONST", "reals", i)
    elif cmd in ("binom", "dbinom", "tbinom", "choose"):
        self.emit("BINOM", None, i)
    elif cmd in ("lor", "vee", "land", "wedge"):  # x < 2 \lor x > 3
        self.emit("SEP", "or" if cmd in ("lor", "vee") else "and", i)
    elif cmd in ("vert", "lvert", "rvert", "mid"):
        self.emit("|", None, i)
    elif cmd in ("lfloor", "lceil"):  # \lfloor x \rfloor is floor(x)
        self.emit("FUNC", "floor" if cmd == "lfloor" else "ceil", i)
        self.emit("(", None, i)
        self.steps.append(cmd[1:])  # "floor" or "ceil"
    elif cmd in ("rfloor", "rceil"):
        if not self.steps or self.steps.pop() != cmd[1:]:
            raise LexError(f"\\{cmd} closes no \\l{cmd[1:]}", i)
        self.emit(")", None, i)
    elif cmd in ALIASES or cmd in KNOWN_FUNCTIONS and cmd != "gamma":
        self.emit("FUNC", ALIASES.get(cmd, cmd), i)
    elif cmd in GREEK or cmd == "gamma":
        self.emit("NAME", cmd.removeprefix("var"), i)
    else:
        raise LexError(f"unknown command '\\{cmd}'", i)
    return end


def lex_text_group(self: _Lexer, content: str, pos: int) -> None:
    """``\\text{...}``: a separator, percent, function, letter, word or lexed maths."""
    word = content.strip()
    lower = word.lower()
    if not word:
        return
    if lower in ("and", "or", ","):
        self.emit("SEP", lower, pos)
    elif lower in ("percent", "pct", "percentage", "%"):
        self.emit("OP", "%", pos)
    elif lower in KNOWN_FUNCTIONS or lower in ALIASES:
        self.emit("FUNC", ALIASES.get(lower, lower), pos)
    elif word in ("e", "i", "pi"):
        self.word(word, pos)
    elif len(word) == 1 and word.isalpha():
        self.emit("NAME", word, pos)
    elif re.fullmatch(r"[A-Za-z][A-Za-z ]*", word):
        self.emit("WORD", " ".join(word.split()), pos)
    else:
        sub = type(self)(word, self.mode).run()[:-1]
        self.out.extend(Token(t.type, t.value, pos + t.pos, t.number) for t in sub)
