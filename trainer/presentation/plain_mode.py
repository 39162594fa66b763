"""The plain drill mode: line-oriented on a text stream, for ssh, screen readers and scripts.

It drives the same ``PracticeSession`` as the TUI and so writes the same records. Each
line read is an attempt or a command (``:hint``, ``:reveal``, ``:skip``, ``:undo``,
``:override`` / ``:override wrong``, ``:bury``, ``:suspend``, ``:quit``). Output is
flushed after every verdict: a printed verdict means the review is stored. End of input
ends the session cleanly, with a summary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from trainer.domain import Override, Rating
from trainer.practice.drill_types import Outcome, Presented, SessionSummary, clock_text
from trainer.practice.engine import PracticeSession
from trainer.presentation.terminal_text import printable
from trainer.presentation.waits import describe_wait

if TYPE_CHECKING:
    from trainer.practice.services import Services

HELP = (
    "Type your answer and press Enter. Commands: :hint  :reveal  :skip  :undo  "
    ":override (accept my answer)  :override wrong  :bury  :suspend  :quit"
)
_RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}

# Checker messages that only repeat the verdict.
_SAID_ALREADY = {True: ("correct",), False: ("not correct", "incorrect", "wrong")}


def verdict_line(correct: bool, message: str) -> str:
    """ "Correct." or "Wrong.", then the checker's message without the word it starts
    with again: "Wrong. Off by one.", never "Wrong. Not correct: off by one."."""
    text = message.strip()
    for word in _SAID_ALREADY[correct]:
        rest = text[len(word) :]
        if text.casefold().startswith(word) and not rest[:1].isalpha():
            text = rest
            break
    text = text.lstrip(" .:,").rstrip(" :,")
    head = "Correct." if correct else "Wrong."
    if not text:
        return head
    end = "" if text[-1] in ".?!" else "."
    return f"{head} {text[:1].upper()}{text[1:]}{end}"


def _readable() -> Callable[[str], str]:
    from trainer.presentation.readable import readable  # pylatexenc loads as the drill opens

    return readable


class PlainDrill:
    """One plain-mode session over ``stdin``/``stdout``."""

    def __init__(
        self,
        services: Services,
        deck_keys: Sequence[str] | None,
        stdin: TextIO,
        stdout: TextIO,
        session: PracticeSession | None = None,
    ) -> None:
        self.services = services
        self.stdin = stdin
        self.stdout = stdout
        self.session = session if session is not None else PracticeSession(services, deck_keys)
        self.readable = _readable()
        self._attempted = False

    def say(self, text: str = "") -> None:
        # deck text may hold terminal escapes (``\x1b[2J``): shown harmless, never obeyed
        self.stdout.write(printable(text) + "\n")

    def flush(self) -> None:
        self.stdout.flush()

    def run(self) -> SessionSummary:
        # the session's fresh queue: the same build as overview.today_counts, so the same
        # figures as home, stats and `trainer decks` (tests/practice/test_today_counts.py)
        counts = self.session.counts()
        # in the drill header's order: new, learning, due
        self.say(f"Today: {counts.new} new, {counts.learning} learning, {counts.due} due.")
        self.say(HELP)
        try:
            self._loop()
        finally:
            try:  # a lost server or full disk can fail the summary too: close anyway
                summary = self.session.summary()
                self._print_summary(summary)
            finally:
                self.session.close()
        return summary

    def _loop(self) -> None:
        shown = self._next()
        while shown is not None:
            self._print_problem(shown)
            step = self._answer()
            if step == "quit":
                return
            if isinstance(step, Presented):
                shown = step
                continue
            shown = self._next()
        self.say("Nothing more to practise now.")

    def _next(self) -> Presented | None:
        shown = self.session.next_problem()
        for notice in self.session.take_notices():  # problems skipped: they cannot be shown
            self.say(f"! {notice}")
        return shown

    def _print_problem(self, shown: Presented) -> None:
        counts = self.session.counts()
        leech = " [leech]" if shown.is_leech else ""
        self.say()
        self.say(f"[{shown.deck_name}] ({counts.total} left){leech}")
        self.say(self.readable(shown.prompt))
        self.flush()

    def _answer(self) -> str | Presented:
        """Read lines until the problem is done: "next", "quit", or a problem to show."""
        # Whether the problem on screen has a stored review yet: an :override then
        # settles this problem (and we move on) rather than the previous one.
        self._attempted = False
        while True:
            self.stdout.write("> ")
            self.flush()
            line = self.stdin.readline()
            if line == "":
                self.say()
                return "quit"
            text = line.rstrip("\r\n")
            if not text.isascii() and any("\udc80" <= ch <= "\udcff" for ch in text):
                # stdin decodes with surrogateescape: undecodable bytes arrive as these
                self.say("Not counted: that line is not valid UTF-8 text; type it again.")
                continue
            if text.strip().startswith(":"):
                result = self._command(text.strip())
                if result is not None:
                    return result
                continue
            outcome = self.session.submit(text)
            self._print_outcome(outcome)
            self._attempted = self._attempted or outcome.counted
            if outcome.finished:
                return "next"

    def _command(self, text: str) -> str | Presented | None:
        name, _, arg = text[1:].partition(" ")
        name, arg = name.lower(), arg.strip().lower()
        session = self.session
        if name in ("quit", "q", "exit"):
            return "quit"
        if name == "hint":
            hint = session.hint()
            self.say(f"Hint: {self.readable(hint)}" if hint else "No more hints.")
            return None
        if name == "reveal":
            self._print_outcome(session.reveal(), revealed=True)
            return "next"
        if name == "skip":
            session.skip()
            self.say("Skipped.")
            return "next"
        if name in ("bury", "suspend"):
            (session.bury if name == "bury" else session.suspend)()
            self.say("Buried until tomorrow." if name == "bury" else "Suspended.")
            return "next"
        if name == "undo":
            undone = session.undo_action()
            if undone is None:
                self.say("Nothing to undo.")
                return None
            text = undone.description
            self.say(text[:1].upper() + text[1:] + ".")
            return undone.presented  # None: stays on the problem shown
        if name == "override":
            if arg not in ("", "accept", "right", "wrong", "reject"):
                self.say("Use :override (accept my answer) or :override wrong.")
                return None
            choice = Override.REJECT if arg in ("wrong", "reject") else Override.ACCEPT
            try:
                outcome = session.override(choice)
            except Exception as exc:  # a TrainerError: nothing to override yet
                self.say(str(exc))
                return None
            self._print_outcome(outcome)
            # Overriding this problem's wrong attempt finishes it; overriding the previous
            # problem's review leaves this one on screen.
            return "next" if self._attempted else None
        if name == "help":
            self.say(HELP)
            return None
        self.say(f"Unknown command :{name}. {HELP}")
        return None

    def _print_outcome(self, outcome: Outcome, *, revealed: bool = False) -> None:
        verdict = outcome.verdict
        if outcome.overridden:
            head = (
                "Overridden: counted as right."
                if verdict.correct
                else "Overridden: counted as wrong."
            )
        elif revealed:
            head = "Revealed."
        elif not outcome.counted:
            said = verdict.message.strip()
            if "not counted" not in said.lower():  # "Not counted: could not read that …"
                said = f"Not counted: {said[:1].lower()}{said[1:]}"
            self.say(said)
            self.flush()
            return
        else:
            head = verdict_line(verdict.correct, verdict.message)
        self.say(head)
        if verdict.read_as and outcome.counted:
            self.say(f"Read as: {verdict.read_as}")
        if outcome.finished:
            self.say(f"Answer: {self.readable(outcome.answer)}")
            if outcome.solution:
                self.say(f"Solution: {self.readable(outcome.solution)}")
        if outcome.rating is not None:
            wait = describe_wait(self.services.clock(), outcome.next_due)
            self.say(f"Rated {_RATING_NAMES[outcome.rating]}; next review {wait}.")
        if not outcome.finished:
            self.say("Try again, or :reveal, :hint, :skip.")
        self.flush()

    def _print_summary(self, summary: SessionSummary) -> None:
        accuracy = "-" if summary.accuracy is None else f"{summary.accuracy:.0%}"
        spent = clock_text(summary.time_spent)  # as the TUI's drill clock reads
        self.say(
            f"Session over: {summary.done} reviewed, {summary.correct} right first time "
            f"({accuracy}), time spent {spent}. Due tomorrow: {summary.due_tomorrow}."
        )
        self.flush()


def run_plain(
    services: Services, deck_keys: Sequence[str] | None, stdin: TextIO, stdout: TextIO
) -> SessionSummary:
    """Run a plain-mode session to the end of today's queue, ``:quit`` or end of input."""
    return PlainDrill(services, deck_keys, stdin, stdout).run()
