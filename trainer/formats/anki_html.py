"""Anki field HTML -> our Markdown text with ``$...$`` math; clozes and media references.

Fast on plain fields: a field without ``<``, ``&``, ``\\`` or ``[`` is returned as it is.
"""

from __future__ import annotations

import html
import re

_DROP_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK = re.compile(
    r"</?(?:div|p|li|tr|h[1-6]|ul|ol|table|blockquote|pre|section|hr)\b[^>]*>", re.IGNORECASE
)
_IMG = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))[^>]*>", re.IGNORECASE
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_INLINE_MATH = re.compile(r"\\\((.*?)\\\)", re.DOTALL)
_DISPLAY_MATH = re.compile(r"\\\[(.*?)\\\]", re.DOTALL)
_LATEX_TAGS = (
    (re.compile(r"\[\$\$\](.*?)\[/\$\$\]", re.DOTALL), "$$"),
    (re.compile(r"\[\$\](.*?)\[/\$\]", re.DOTALL), "$"),
    (re.compile(r"\[latex\](.*?)\[/latex\]", re.DOTALL | re.IGNORECASE), "$$"),
)
_SPACE_RUN = re.compile(r"[ \t\u00a0]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_NEEDS_WORK = re.compile(r"[<&\\\[\n\u00a0]")


def media_references(field: str) -> list[str]:
    """File names a field refers to: ``<img src>`` and ``[sound:...]``."""
    names = [a or b or c for a, b, c in _IMG.findall(field)]
    names += _SOUND.findall(field)
    return [html.unescape(n).strip() for n in names if n.strip()]


def _math(text: str) -> str:
    if "\\" in text:
        text = _DISPLAY_MATH.sub(lambda m: "$$" + m.group(1).strip() + "$$", text)
        text = _INLINE_MATH.sub(lambda m: "$" + m.group(1).strip() + "$", text)
    if "[" in text:
        for pattern, fence in _LATEX_TAGS:
            text = pattern.sub(lambda m, f=fence: f + m.group(1).strip() + f, text)
    return text


def to_text(field: str) -> str:
    """Field HTML as plain Markdown text: tags stripped, entities decoded, math converted."""
    if not _NEEDS_WORK.search(field):
        return field.strip()
    text = field
    if "<" in text:
        text = _DROP_BLOCKS.sub("", text)
        text = _COMMENT.sub("", text)
        text = _BREAK.sub("\n", text)
        text = _BLOCK.sub("\n", text)
        text = _IMG.sub(lambda m: f"![]({m.group(1) or m.group(2) or m.group(3)})", text)
        text = _TAG.sub("", text)
    text = _SOUND.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = _math(text)
    text = _SPACE_RUN.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def cloze_numbers(text: str) -> list[int]:
    return sorted({int(m.group(1)) for m in CLOZE.finditer(text)})


def cloze_card(text: str, number: int) -> tuple[str, list[str]]:
    """The field HTML with cloze ``number`` hidden as ``[...]`` (or ``[hint]``), others shown,
    and the hidden answers (HTML)."""
    answers: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        answers.append(match.group(2))
        hint = match.group(3)
        return f"[{hint.strip()}]" if hint and hint.strip() else "[...]"

    return CLOZE.sub(replace, text), answers
