"""trainer: answer-only practice problems, graded by the program, scheduled by FSRS."""

__version__ = "0.1.0"
