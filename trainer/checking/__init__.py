"""Answer parsing and equivalence: pure functions, no I/O.

``check(spec, attempt)`` grades an attempt; ``preview(spec, attempt)`` says how a partial
attempt reads, for a live preview. Importing this package loads neither sympy nor pint:
they are imported on the first check that needs them. ``warm_up_for(spec)``
loads them in the background when a problem that needs them is shown.
"""

from __future__ import annotations

import threading

from trainer.checking.checker import check
from trainer.checking.preview import Preview, preview
from trainer.domain import AnswerKind, AnswerSpec

__all__ = ["Preview", "check", "preview", "warm_up", "warm_up_for"]


_warming = threading.Lock()
_warmed: set[str] = set()


def warm_up_for(spec: AnswerSpec, *, background: bool = True) -> None:
    """Load what checking ``spec`` will need, once per process: in a new background
    thread, or (``background=False``, for a caller already off the UI thread) here.

    Cheap to call for every problem shown: a units answer loads pint's registry, a
    required form (factored, simplified...) starts the sympy worker; plain numbers,
    text and choices need nothing. Call it when a problem is shown, so the loading
    happens while the learner reads, not inside the check's time budget.
    """
    from trainer.checking.checker import infer_kind

    kind = infer_kind(spec)
    wanted: set[str] = set()
    if kind is AnswerKind.UNITS or spec.options.units:
        wanted.add("units")
    if spec.options.form is not None:
        wanted.add("sympy")
    with _warming:
        wanted -= _warmed
        _warmed.update(wanted)
    if wanted and not background:
        _load(frozenset(wanted))
    elif wanted:
        threading.Thread(
            target=_load, args=(frozenset(wanted),), name="checker-warm-up", daemon=True
        ).start()


def _load(what: frozenset[str]) -> None:
    if "sympy" in what:
        from trainer.checking import worker

        worker.warm_up()
    if "units" in what:
        from trainer.checking.units import registry

        registry()


def warm_up(*, units: bool = True) -> None:
    """Pay the one-time costs now, not inside the first check's time budget.

    Starts the sympy worker process and, with ``units``, loads pint's unit registry
    (about 0.5-1 s). Without this, the first symbolic or units check of a session can
    run out of its budget and come back as ``timeout``. Safe to call from a background
    thread, and more than once.
    """
    from trainer.checking import worker

    worker.warm_up()
    if units:
        from trainer.checking.units import registry

        registry()
