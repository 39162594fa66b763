"""The prompt of the problem shown, made readable: Markdown with maths as Unicode."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.reactive import reactive
from textual.widgets import Static

from trainer.practice.readable import readable_markdown


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
        self.update(Markdown(readable_markdown(prompt)) if prompt else "")
