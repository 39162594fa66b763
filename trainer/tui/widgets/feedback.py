"""The verdict on the last attempt: ✓ or ✗, why, and after the end the answer and solution."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from trainer.domain import Rating
from trainer.practice.drill_types import Outcome
from trainer.presentation.readable import readable
from trainer.presentation.waits import describe_wait
from trainer.tui.widgets.problem_view import prompt_renderable


def correct_detail(message: str) -> str:
    """What a right verdict adds after "✓ Correct": the checker's message without its own
    "Correct" ("Correct: equivalent to …" or "Equivalent to …" -> ": equivalent to …"),
    nothing for a bare one."""
    text = message.strip()
    if text.lower().startswith("correct"):
        text = text[len("correct") :]
    text = text.strip(" .:,")
    return f": {text[:1].lower()}{text[1:]}." if text else ""


def _differs(read_as: str, shown: str) -> bool:
    """Whether the checker's reading says more than the answer as shown: "x⁸" for "x^8"
    does; "−14" for "-14", "3·x + 12" for "3x + 12" and "(x + 2)·(x + 3)" for
    "(x + 2)(x + 3)" do not (only minus signs, spaces or multiplication dots differ)."""

    def bare(text: str) -> str:
        text = text.replace("\u2212", "-").replace("\u00b7", "").replace("*", "")
        return "".join(text.split())

    return bool(read_as) and bare(read_as) != bare(shown)


class FeedbackPanel(Static):
    """Set ``show(outcome, now)`` after grading; ``clear()`` for a new problem."""

    DEFAULT_CSS = """
    FeedbackPanel { height: auto; padding: 0 1; }
    FeedbackPanel.-correct { border-left: thick $success; }
    FeedbackPanel.-wrong { border-left: thick $error; }
    FeedbackPanel.-revealed { border-left: thick $warning; }
    """

    def clear(self) -> None:
        self.remove_class("-correct", "-wrong", "-revealed")
        self.update("")

    def show_hint(self, hint: str, number: int) -> None:
        self.update(Text.assemble(("Hint " + str(number) + ": ", "bold"), readable(hint)))

    def show(self, outcome: Outcome, now: datetime, answer_read_as: str = "") -> None:
        verdict = outcome.verdict
        rejected = outcome.overridden and not verdict.correct
        revealed = outcome.finished and not verdict.correct and not rejected
        self.set_class(verdict.correct, "-correct")
        self.set_class(rejected or (not verdict.correct and not outcome.finished), "-wrong")
        self.set_class(revealed, "-revealed")
        parts: list[RenderableType] = []
        if outcome.overridden:
            head = (
                Text("✓ Accepted: you overrode the checker", style="bold green")
                if verdict.correct
                else Text("✗ Counted as wrong: you overrode the checker", style="bold red")
            )
        elif verdict.correct:
            head = Text.assemble(("✓ Correct", "bold green"), correct_detail(verdict.message))
        elif revealed:
            head = Text("Answer revealed", style="bold yellow")
        else:
            tries = f"attempt {outcome.attempts}" if outcome.attempts else ""
            head = Text.assemble(("✗ ", "bold red"), (verdict.message, "red"), "  ", (tries, "dim"))
        parts.append(head)
        if outcome.finished:
            if outcome.answer:
                shown = readable(outcome.answer)
                extra = f"   ({answer_read_as})" if _differs(answer_read_as, shown) else ""
                parts.append(Text.assemble(("Answer: ", "bold"), shown, (extra, "dim")))
            if outcome.solution:
                parts.append(prompt_renderable(outcome.solution))
        footer = []
        if outcome.rating is not None:
            footer.append(f"rated {Rating(outcome.rating).name.title()}")
        if outcome.next_due is not None:
            footer.append(f"next {describe_wait(now, outcome.next_due)}")
        footer.append("Enter: next" if outcome.finished else "Enter: retry · ctrl+r: reveal")
        parts.append(Text(" · ".join(footer), style="dim"))
        self.update(Group(*parts))
