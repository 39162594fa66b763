"""The answer line and, under it, what the checker reads the answer as."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Input, Static


class AnswerInput(Input):
    """Enter submits the answer: posts ``AnswerInput.Submitted`` (the text)."""

    DEFAULT_CSS = """
    AnswerInput { margin: 0 0; }
    """

    @dataclass
    class Submitted(Message):
        text: str

    def __init__(self) -> None:
        super().__init__(placeholder="your answer, then Enter", id="answer")

    async def action_submit(self) -> None:
        self.post_message(self.Submitted(self.value))


class ReadAs(Static):
    """One line: "read as …" for an answer the checker understands, or the parse error.

    Set ``show(read_as, error)``; neither counts as an attempt.
    """

    DEFAULT_CSS = """
    ReadAs { height: auto; min-height: 1; padding: 0 1; color: $text-muted; }
    ReadAs.-error { color: $warning; }
    """

    def show(self, read_as: str, error: str) -> None:
        self.set_class(bool(error), "-error")
        if error:
            self.update(f"⚠ {error}")
        elif read_as:
            self.update(f"read as: {read_as}")
        else:
            self.update("")
