"""Answer parsing and equivalence: pure functions, no I/O.

``check(spec, attempt)`` grades an attempt; ``preview(spec, attempt)`` says how a partial
attempt reads, for a live preview. Importing this package loads neither sympy, lark nor
pint: they are imported on the first check that needs them.
"""

from __future__ import annotations

from trainer.checking.checker import check
from trainer.checking.preview import Preview, preview

__all__ = ["Preview", "check", "preview"]
