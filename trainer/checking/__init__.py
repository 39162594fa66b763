"""Answer parsing and equivalence: pure functions, no I/O."""
