"""Anki field HTML -> our Markdown text with ``$...$`` math; clozes and media references.

Fast on plain fields: a field without ``<``, ``&``, ``\\`` or ``[`` is returned as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

# No pattern crosses SEP or Anki's field separator \x1f, so every field of every note can be
# converted in one pass over one string.
SEP = "\x1e"
# Linear scanning: a pattern that looks for a closing mark also matches "no closing mark
# up to the end of the field" (``|[^\x1e\x1f]*``), and such a match is put back as it
# was (``_closed``). Without that, each of 20,000 unclosed ``<!--`` would scan to the end
# of its field again: quadratic time.
_DROP_BLOCKS = re.compile(
    r"<(script|style)\b(?:[^>\x1e\x1f]*>(?:([^\x1e\x1f]*?)</\1\s*>|[^\x1e\x1f]*)|[^>\x1e\x1f]*)",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--(?:([^\x1e\x1f]*?)-->|[^\x1e\x1f]*)")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK = re.compile(
    r"</?(?:div|p|li|tr|h[1-6]|ul|ol|table|blockquote|pre|section|hr)\b[^>\x1e\x1f]*>?",
    re.IGNORECASE,
)
# A whole ``<img ...>`` tag first (linear), then its ``src`` inside it.
_IMG_TAG = re.compile(r"<img\b[^>\x1e\x1f]*>?", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.IGNORECASE)
# A closing block tag without its opener is only stripped, not turned into a line break.
_BLOCK_OPENERS = ("<div", "<p", "<li", "<tr", "<h", "<blockquote", "<section")
_PLAIN_INLINE_TAGS = (
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<u>",
    "</u>",
    "<span>",
    "</span>",
    "<strong>",
    "</strong>",
    "<em>",
    "</em>",
    "<sub>",
    "</sub>",
    "<sup>",
    "</sup>",
)
_TAG = re.compile(r"</?[A-Za-z][^>\x1e\x1f]*>?")
_SOUND = re.compile(r"\[sound:([^\]\x1e\x1f]*)\]?")
_INLINE_MATH = re.compile(r"\\\((?:([^\x1e\x1f]*?)\\\)|[^\x1e\x1f]*)")
_DISPLAY_MATH = re.compile(r"\\\[(?:([^\x1e\x1f]*?)\\\]|[^\x1e\x1f]*)")
_LATEX_TAGS = (
    (re.compile(r"\[\$\$\](?:([^\x1e\x1f]*?)\[/\$\$\]|[^\x1e\x1f]*)"), "$$"),
    (re.compile(r"\[\$\](?:([^\x1e\x1f]*?)\[/\$\]|[^\x1e\x1f]*)"), "$"),
    (re.compile(r"\[latex\](?:([^\x1e\x1f]*?)\[/latex\]|[^\x1e\x1f]*)", re.IGNORECASE), "$$"),
)
_SPACE_RUN = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")
_LINE_EDGES = re.compile(r" ?\n ?")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# ``cm<sup>3</sup>`` -> ``cm^3``, ``x<sub>1</sub>`` -> ``x_1`` (a typed answer says so).
_SCRIPT = re.compile(r"<(sup|sub)>([^<\x1e\x1f]*)</\1>", re.IGNORECASE)
# Bold and italic, kept as marks only the prompt turns into Markdown emphasis
# (``emphasis_to_markdown``); an answer drops them (``drop_emphasis``).
BOLD, ITALIC = "\ue000", "\ue001"
_EMPHASIS = (
    ("<b>", BOLD),
    ("</b>", BOLD),
    ("<strong>", BOLD),
    ("</strong>", BOLD),
    ("<i>", ITALIC),
    ("</i>", ITALIC),
    ("<em>", ITALIC),
    ("</em>", ITALIC),
)
_MAX_NAME = 1024
_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
_NEEDS_WORK = re.compile(r"[<&\\\[\n\u00a0\t]")


def media_references(field: str) -> list[str]:
    """File names a field refers to: ``<img src>`` and ``[sound:...]``."""
    names = [_src(m.group(0)) for m in _IMG_TAG.finditer(field) if m.group(0).endswith(">")]
    names += [m.group(1) for m in _SOUND.finditer(field) if m.group(0).endswith("]")]
    # A file name is at most 255 bytes on common file systems; a longer "name" is no file.
    return [html.unescape(n).strip() for n in names if n and n.strip() and len(n) <= _MAX_NAME]


def _src(tag: str) -> str | None:
    found = _SRC.search(tag)
    return (found.group(1) or found.group(2) or found.group(3)) if found else None


_Sub = Callable[[re.Match[str]], str]


def _group_closed(group: int, replace: _Sub) -> _Sub:
    """``replace`` for a match whose closing mark was found (``group`` took part),
    the match itself otherwise (see the patterns above)."""
    return lambda m: replace(m) if m.group(group) is not None else m.group(0)


def _ends_closed(close: str, replacement: str) -> Callable[[re.Match[str]], str]:
    return lambda m: replacement if m.group(0).endswith(close) else m.group(0)


def _image(match: re.Match[str]) -> str:
    tag = match.group(0)
    if not tag.endswith(">"):
        return tag
    src = _src(tag)
    return tag if src is None else f"![]({src})"


def _sound(match: re.Match[str]) -> str:
    return "" if match.group(0).endswith("]") and match.group(1) else match.group(0)


def _math(text: str) -> str:
    if "\\" in text:
        text = _DISPLAY_MATH.sub(_group_closed(1, lambda m: "$$" + m.group(1).strip() + "$$"), text)
        text = _INLINE_MATH.sub(_group_closed(1, lambda m: "$" + m.group(1).strip() + "$"), text)
    if "[" in text:
        for pattern, fence in _LATEX_TAGS:
            text = pattern.sub(_group_closed(1, _fenced(fence)), text)
    return text


def _fenced(fence: str) -> Callable[[re.Match[str]], str]:
    return lambda match: fence + match.group(1).strip() + fence


def _script(match: re.Match[str]) -> str:
    mark = "^" if match.group(1).lower() == "sup" else "_"
    inner = match.group(2).strip()
    if not inner:
        return ""
    if inner.isdigit() or (inner.isalnum() and (mark == "_" or len(inner) == 1)):
        return mark + inner
    return f"{mark}({inner})"


def emphasis_to_markdown(text: str) -> str:
    """Bold and italic marks as Markdown ``**`` and ``*`` (a prompt, a solution)."""
    if BOLD in text or ITALIC in text:
        text = text.replace(BOLD, "**").replace(ITALIC, "*")
    return text


def drop_emphasis(text: str) -> str:
    """Bold and italic marks removed (an answer is typed, not styled)."""
    if BOLD in text or ITALIC in text:
        text = text.replace(BOLD, "").replace(ITALIC, "")
    return text


def _convert(text: str, emphasis: bool = False) -> str:
    # Each pass is skipped when a cheap substring test shows it cannot match: on a big
    # package the passes run over one string of every field, so this halves the time.
    if "<" in text:
        lowered = text.lower()
        if "<script" in lowered or "<style" in lowered:
            text = _DROP_BLOCKS.sub(_group_closed(2, lambda m: ""), text)
        if "<!--" in text:
            text = _COMMENT.sub(_group_closed(1, lambda m: ""), text)
        if "<br" in lowered:
            text = _BREAK.sub("\n", text)
        if any(
            s in lowered
            for s in (
                "<div",
                "<p",
                "<li",
                "<tr",
                "<h",
                "<ul",
                "<ol",
                "<table",
                "<blockquote",
                "<pre",
                "<section",
                "</div",
                "</p",
                "</li",
                "</tr",
                "</h",
                "</ul",
                "</ol",
                "</table",
                "</blockquote",
                "</pre",
                "</section",
            )
        ):
            text = _BLOCK.sub(_ends_closed(">", "\n"), text)
        if "<img" in lowered:
            text = _IMG_TAG.sub(_image, text)
        if "<su" in lowered:
            text = _SCRIPT.sub(_script, text)
        if emphasis:
            for tag, mark in _EMPHASIS:
                if tag in text:
                    text = text.replace(tag, mark)
        for tag in _PLAIN_INLINE_TAGS:  # str.replace is far faster than the regex below
            if tag in text:
                text = text.replace(tag, "")
        if "<" in text:
            text = _TAG.sub(_ends_closed(">", ""), text)
    if "[sound:" in text:
        text = _SOUND.sub(_sound, text)
    if "&" in text:
        text = html.unescape(text)
    text = _math(text)
    if "  " in text or "\t" in text or "\u00a0" in text:
        text = _SPACE_RUN.sub(" ", text)
    if "\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", _LINE_EDGES.sub("\n", text))
    return text


def to_text(field: str) -> str:
    """Field HTML as plain Markdown text: tags stripped, entities decoded, math converted."""
    if not _NEEDS_WORK.search(field):
        return field.strip()
    return _convert(field).strip()


def tidy(text: str) -> str:
    """Trim already converted text (a cloze's pieces)."""
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def to_texts(fields: list[str], *, emphasis: bool = False) -> list[str]:
    """``[to_text(f) for f in fields]``, in one pass over one string (much faster).

    With ``emphasis``, bold and italic become the marks ``BOLD`` and ``ITALIC`` (see
    ``emphasis_to_markdown`` and ``drop_emphasis``) instead of being dropped.
    """
    if not fields:
        return []
    joined = SEP.join(fields)
    if emphasis and (BOLD in joined or ITALIC in joined):  # never trust marks from a file
        joined = joined.replace(BOLD, "").replace(ITALIC, "")
    if joined.count(SEP) != len(fields) - 1:
        return [_convert(f, emphasis).strip() for f in fields]
    return [part.strip() for part in _convert(joined, emphasis).split(SEP)]


Cloze = tuple[int, int, int, str, str | None]  # start, end, number, content, hint


def clozes(text: str) -> list[Cloze]:
    """Every ``{{cN::content}}`` or ``{{cN::content::hint}}``, left to right, in linear time.

    The same matches as ``\\{\\{c(\\d+)::(.*?)(?:::(.*?))?\\}\\}`` (DOTALL), which is
    cubic on 3,000 unclosed ``{{c1::``: the content ends at the first ``}}``, and a
    ``::`` before it starts the hint. Once no ``}}`` follows, nothing later can match.
    """
    found: list[Cloze] = []
    at = 0
    while True:
        opener = _CLOZE_OPEN.search(text, at)
        if opener is None:
            return found
        start = opener.end()
        close = text.find("}}", start)
        if close < 0:
            return found
        number = int(opener.group(1)) if len(opener.group(1)) <= 6 else -1
        colons = text.find("::", start, close)
        if colons < 0:
            content, hint = text[start:close], None
        else:
            content, hint = text[start:colons], text[colons + 2 : close]
        if number >= 0:
            found.append((opener.start(), close + 2, number, content, hint))
        at = close + 2


def cloze_numbers(text: str) -> list[int]:
    return sorted({c[2] for c in clozes(text)})


def cloze_card(text: str, number: int, found: list[Cloze] | None = None) -> tuple[str, list[str]]:
    """The field HTML with cloze ``number`` hidden as ``[...]`` (or ``[hint]``), others shown,
    and the hidden answers (HTML). ``found``: ``clozes(text)``, when already scanned."""
    answers: list[str] = []
    pieces: list[str] = []
    at = 0
    for start, end, n, content, hint in clozes(text) if found is None else found:
        pieces.append(text[at:start])
        if n != number:
            pieces.append(content)
        else:
            answers.append(content)
            pieces.append(f"[{hint.strip()}]" if hint and hint.strip() else "[...]")
        at = end
    pieces.append(text[at:])
    return "".join(pieces), answers
