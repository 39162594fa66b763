"""Numbers that the words around them qualify: never read as the stated answer.

A worded attempt is read by taking its last number ("the answer is 34"). That number is
not the value the learner gives when the words around it make it

- a **bound**: ``at least 8``, ``more than 7``, ``almost 8``, ``8 or more``;
- the end of a **range**: ``from 3 to 7``, ``3 to 7``, ``3 through 7``;
- an **operand** of arithmetic in words: ``7 divided by 2``, ``half of 8``, ``twice 4``,
  ``3 over 4``, ``2 out of 3``, ``3 squared``, ``minus 5``, ``2 to the power 4``.

Such an attempt does not state one value; it is ambiguous (not counted), with a message
that says why. The same holds when the number sits in math delimiters or a box
(``at least \\boxed{7}``, ``$x$ is at least $7$``).
"""

from __future__ import annotations

import re

from trainer.checking.extraction import NUMBER_IN_PROSE, has_code

_NOT_A_COMMAND = r"(?<![\\\w])"  # "\times", "\over" are LaTeX, not words
_FILLER = r"(?:(?:it'?s|is|be|just|the|about|roughly)\s+)*"
_BEFORE = re.compile(
    _NOT_A_COMMAND
    + r"(?:(?:no\s+|not\s+)?(?:more|less|greater|fewer|larger|bigger|smaller|higher|lower)\s+than"
    r"|at\s+(?:least|most)|over|under|above|below|beyond|exceed(?:s|ing)?|almost|nearly"
    r"|upwards\s+of|up\s+to|within|plus|minus|negative|times|twice|thrice|double|triple|into"
    r"|modulo|mod|remainder|(?:divided|multiplied|increased|decreased|reduced|raised)\s+by"
    r"|(?:half|third|quarter|fourth|fifth|tenth|root|square|cube|log(?:arithm)?|power"
    r"|reciprocal|inverse|opposite|sine|cosine|tangent|factorial|percent|multiple)\s+of"
    r"|%\s+of|to\s+the(?:\s+power(?:\s+of)?)?)\s+" + _FILLER + r"$",
    re.IGNORECASE,
)
# "I don't think it's 4", "I doubt the answer is 4": the number is doubted, not stated
_DOUBTED = re.compile(
    r"(?:(?:n't|\bnot|\bnever)\s+(?:think|believe|suppose|reckon|expect|sure)"
    r"|(?<!no )(?<!out )(?<!out a )\bdoubt\w*|\bunlikely|\bhardly)"
    r"\s+(?:(?:that|it'?s|it|is|was|would|to|be|the|answer|result)\s+)*$",
    re.IGNORECASE,
)
_NUMBER_THEN_WORD = re.compile(
    r"\d\s*(?:to|through|thru|till|until|over|in|out\s+of|mod|modulo|remainder|r)\s+$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^\s*(?:or\s+(?:more|less|fewer|greater|higher|lower|above|below|over|under|so"
    r"|thereabouts)\b|at\s+(?:least|most)\b|and\s+(?:up|above|over|more|higher|below|under"
    r"|less)\b|(?:squared|cubed|factorial|ish|plus|minus|times|over|divided|multiplied)\b"
    r"|-ish\b)",
    re.IGNORECASE,
)
_WRAPPERS = re.compile(r"\\(?:boxed|fbox|text|textrm|mathrm)\s*\{|\\[()\[\]]|\$")
_WORDS = re.compile(r"[A-Za-z]{2}")


def qualified_number(raw: str) -> str | None:
    """Why the last number of a worded attempt is not stated as its value, or None."""
    text = re.sub(r"[{}]", " ", _WRAPPERS.sub(" ", raw)).replace("−", "-")
    if not _WORDS.search(text) or has_code(text):
        return None
    found = list(NUMBER_IN_PROSE.finditer(text))
    if not found:
        return None
    last = found[-1]
    before = text[: last.start()].rstrip("-")
    if _DOUBTED.search(before):
        return f"it doubts {last.group(0)} rather than giving it"
    if (
        _BEFORE.search(before)
        or _NUMBER_THEN_WORD.search(before)
        or _AFTER.match(text[last.end() :])
    ):
        return f"the words make {last.group(0)} a bound, a range or part of a calculation"
    return None
