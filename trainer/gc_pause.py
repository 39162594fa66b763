"""Pausing the cyclic garbage collector while bulk work makes many small objects.

Readers and imports build hundreds of thousands of rows, tuples and problems that form
no cycles; left on, the collector rescans all of them again and again (a third of the
time of a big import). Stdlib only, so the pure readers and the application layer can
both use it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; re-enable it after, if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
