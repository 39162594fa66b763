"""The prompt of the problem shown, made readable: Markdown with maths as Unicode."""

from __future__ import annotations

import re

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from trainer.presentation.readable import readable, readable_markdown
from trainer.presentation.terminal_text import printable

# Markdown a plain line of text would show wrongly: blocks, emphasis, code, links.
_MARKDOWN = re.compile(r"(^|\n)\s*([-*+>#]|\d+\.)\s|\*\*|__|`|\[[^\]]*\]\(|\n\n|(^|\s)[*_]\w")


def prompt_renderable(prompt: str) -> RenderableType:
    """A prompt for the terminal: Markdown only when it uses Markdown (rich.markdown is
    imported then), plain readable text otherwise. Terminal escapes are never obeyed."""
    prompt = printable(prompt)
    if not _MARKDOWN.search(prompt):
        return Text(readable(prompt))
    from rich.markdown import Markdown

    return Markdown(readable_markdown(prompt))


class ProblemView(Static):
    """Shows ``prompt`` (Markdown + ``$LaTeX$``); set ``prompt`` to change it."""

    DEFAULT_CSS = """
    ProblemView {
        border: round $primary;
        border-title-color: $text-muted;
        padding: 0 1;
        height: auto;
        max-height: 60%;
        overflow-y: auto;
    }
    """

    prompt: reactive[str] = reactive("", layout=True)

    def watch_prompt(self, prompt: str) -> None:
        self.update(prompt_renderable(prompt) if prompt else "")
