"""FSRS scheduling and the verdict-to-rating policy: pure functions, no I/O."""
