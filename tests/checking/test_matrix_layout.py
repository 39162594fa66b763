"""A matrix or tuple written another way (one flat list, MATLAB rows, values split by
spaces) is a slip of layout: not counted, and the message says how to write the expected
shape. An answer read right is graded as usual."""

from __future__ import annotations

import pytest

from trainer.checking import check
from trainer.domain import AnswerKind, AnswerSpec, Reason

CASES = [
    # (name, reference, attempt, counted, reason, in the message)
    (
        "semicolon rows",
        "[[19, 22], [43, 50]]",
        "[19, 22; 43, 50]",
        False,
        Reason.UNPARSEABLE,
        "2×2",
    ),
    (
        "flat list",
        "[[1, 2], [3, 4]]",
        "[1, 2, 3, 4]",
        False,
        Reason.UNPARSEABLE,
        "[[…, …], […, …]]",
    ),
    ("flat tuple", "[[1, 2], [3, 4]]", "(1, 2, 3, 4)", False, Reason.UNPARSEABLE, "row by row"),
    ("MATLAB rows", "[[19, 22], [43, 50]]", "[19 22; 43 50]", False, Reason.UNPARSEABLE, "2×2"),
    ("spaces only", "[[1, 2], [3, 4]]", "[1 2 3 4]", False, Reason.UNPARSEABLE, "row by row"),
    (
        "unbalanced is not a layout slip",
        "[[1, 2], [3, 4]]",
        "[[1, 2], [3, 4]",
        False,
        Reason.UNPARSEABLE,
        "unbalanced",
    ),
    ("a scalar answer is no matrix", "5", "[5 6]", False, Reason.UNPARSEABLE, "side by side"),
    ("pair with a space", "(1, 2)", "(1 2)", False, Reason.UNPARSEABLE, "2 values with commas"),
    ("pair read as a sum", "(3, -1)", "(3 -1)", False, Reason.UNPARSEABLE, "as (…, …)"),
    ("list with spaces", "[1, 2, 3]", "[1 2 3]", False, Reason.UNPARSEABLE, "as […, …, …]"),
    ("one value for a pair is wrong", "(3, -1)", "2", True, Reason.WRONG_VALUE, ""),
    ("a scalar answer may be a difference", "2", "3 -1", True, Reason.EQUAL, ""),
    ("pair by semicolon reads", "(1, 2)", "(1; 2)", True, Reason.EQUAL, ""),
    ("2 by 3", "[[1, 2, 3], [4, 5, 6]]", "[1, 2, 3; 4, 5, 6]", False, Reason.UNPARSEABLE, "2×3"),
    ("short flat list", "[[1, 2], [3, 4]]", "[1, 2, 3]", False, Reason.UNPARSEABLE, "2×2"),
    ("right layout, wrong entry", "[[1, 2], [3, 4]]", "[[1, 2], [3, 5]]", True, None, ""),
    ("right layout, right", "[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]", True, Reason.EQUAL, ""),
    ("a scalar is an answer", "[[1, 2], [3, 4]]", "10", True, Reason.WRONG_VALUE, "matrix"),
    ("a column vector may be flat", "[[1], [2]]", "[1, 2]", True, Reason.EQUAL, ""),
]


@pytest.mark.parametrize(
    ("reference", "attempt", "counted", "reason", "said"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_matrix_layout(
    reference: str, attempt: str, counted: bool, reason: Reason | None, said: str
) -> None:
    for kind in (None, AnswerKind.MATRIX):
        verdict = check(AnswerSpec(reference, kind), attempt)
        assert verdict.counts_as_attempt is counted, (kind, verdict)
        if reason is not None:
            assert verdict.reason == reason, (kind, verdict)
        else:
            assert not verdict.correct
        assert said in verdict.message
