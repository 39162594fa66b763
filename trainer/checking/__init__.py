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


def warm_up() -> None:
    """Start the sympy worker process now, so the first symbolic check does not wait for it."""
    from trainer.checking import worker

    worker.warm_up()
