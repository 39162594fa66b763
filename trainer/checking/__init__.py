"""Answer parsing and equivalence: pure functions, no I/O.

``check(spec, attempt)`` grades an attempt; ``preview(spec, attempt)`` says how a partial
attempt reads, for a live preview. Importing this package loads neither sympy, lark nor
pint: they are imported on the first check that needs them. ``warm_up()`` starts the
sympy worker process ahead of need (an app can call it at startup, off the hot path).
"""

from __future__ import annotations

from trainer.checking.checker import check
from trainer.checking.preview import Preview, preview

__all__ = ["Preview", "check", "preview", "warm_up"]


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
