"""Every write to the collection from the TUI runs here: off the UI thread, in a named
worker, and its result or its error comes back as a message.

A locked collection (another program writing), a card changed elsewhere or a full disk
must never end the app: the worker posts ``WriteFailed`` with one line saying why, the
screen shows it as a toast and keeps the learner where they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from trainer.errors import TrainerError
from trainer.tui.messages import WriteFailed, WriteFinished

WRITES_GROUP = "writes"
_ENDED_SILENTLY = frozenset({WorkerState.ERROR, WorkerState.CANCELLED})


def failure_text(exc: BaseException) -> str:
    """One line for the learner: a user error's own message, else the error's kind and text."""
    if isinstance(exc, TrainerError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"unexpected {type(exc).__name__}: {exc}"


class WritingScreen(Screen[None]):
    """A screen that writes through ``write(action, call)``; it handles ``WriteFinished``
    (``finished_<action>(result)``, else ``finished(action, result)``) and ``WriteFailed``
    (``failed(action, error)``: a toast)."""

    busy: str | None = None  # the action whose write is running, if any

    def write(self, action: str, call: Callable[[], Any]) -> None:
        """Run ``call`` in the ``writes`` worker group; refused while another write runs."""
        self.busy = action
        self._write(action, call)

    @work(thread=True, exit_on_error=False, group=WRITES_GROUP)
    def _write(self, action: str, call: Callable[[], Any]) -> None:
        try:
            result = call()
        except Exception as exc:  # reported to the learner below, never raised into the app
            self.post_message(WriteFailed(action, failure_text(exc)))
            return
        self.post_message(WriteFinished(action, result))

    def on_write_finished(self, message: WriteFinished) -> None:
        self.busy = None
        handler = getattr(self, f"finished_{message.action}", None)
        if handler is not None:
            handler(message.result)
        else:
            self.finished(message.action, message.result)

    def finished(self, action: str, result: Any) -> None:
        """A write with no ``finished_<action>`` method of its own."""

    def on_write_failed(self, message: WriteFailed) -> None:
        self.busy = None
        self.log.error(f"{message.action} failed: {message.error}")
        self.failed(message.action, message.error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A write worker that ended without reporting (cancelled with its screen, or a
        BaseException) must not leave the screen refusing every key as busy."""
        if event.worker.group == WRITES_GROUP and event.state in _ENDED_SILENTLY:
            action, self.busy = self.busy, None
            if event.state == WorkerState.ERROR and action is not None:
                self.failed(action, failure_text(event.worker.error or RuntimeError()))

    def failed(self, action: str, error: str) -> None:
        self.notify(error, title=f"Could not {action}", severity="error", timeout=8, markup=False)
