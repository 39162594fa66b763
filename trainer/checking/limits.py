"""Bounds that keep every check small: input length, nesting, exponent sizes, sample counts."""

from __future__ import annotations

MAX_ATTEMPT_CHARS = 1000
"""Attempts longer than this are refused with reason ``too_long``."""

MAX_ANSWER_CHARS = 4000
"""A reference answer longer than this is treated as a broken spec."""

MAX_DEPTH = 60
"""Deepest bracket / operator nesting the parser accepts."""

MAX_EXACT_EXPONENT = 4096
"""Largest integer exponent computed exactly with fractions."""

MAX_EXACT_BITS = 20_000
"""Largest exact rational (numerator or denominator bits) the exact path builds."""

MAX_MAGNITUDE_BITS = 10_000_000
"""Numeric evaluation treats a value with a binary exponent past this as overflow."""

DEFAULT_BUDGET = 2.0
"""Seconds a check may take before it returns ``timeout``."""
