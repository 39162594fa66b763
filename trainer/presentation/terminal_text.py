"""Deck text made safe to print on a terminal. Standard library only.

Deck names, prompts, hints, answers and attempts come from files the learner imported,
so they may hold terminal control sequences: ``\\x1b[2J`` clears the screen,
``\\x1b]0;title\\x07`` retitles the window, ``\\r`` overwrites what was printed, and a
``\\x9b`` is a one-byte CSI on some terminals. ``printable`` removes escape sequences
whole and shows any other control character as its visible Unicode "control picture"
(``\\x07`` -> ``␇``), keeping newlines and tabs. Every line the CLI and the plain drill
print from deck text goes through it; ``rich_text`` also keeps Rich from reading
``[bold]`` in deck text as markup.
"""

from __future__ import annotations

import re
from typing import Any

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (ended by
# BEL or ST), and two-byte escapes; plus the 8-bit CSI/OSC forms.
_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def printable(text: str) -> str:
    """``text`` without terminal escape sequences; other control characters made visible.
    Newlines and tabs stay; a Windows line break becomes a newline."""
    if text.isprintable():
        return text
    text = _SEQUENCES.sub("", text.replace("\r\n", "\n"))
    return _CONTROLS.sub(_picture, text)


def rich_text(text: str) -> Any:
    """A ``rich.text.Text`` of ``printable(text)``: shown literally, never as markup."""
    from rich.text import Text

    return Text(printable(text))
