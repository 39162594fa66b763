"""What an answer is and how it was judged: its kind, the checker's options and forms,
the spec it is compared against, and the verdict with its reason. Standard library only;
``trainer.domain`` re-exports every name, so either import works.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any


class AnswerKind(StrEnum):
    """How an answer is read and compared."""

    INTEGER = "integer"
    RATIONAL = "rational"
    DECIMAL = "decimal"
    SCIENTIFIC = "scientific"
    EXPRESSION = "expression"
    EQUATION = "equation"
    INEQUALITY = "inequality"
    SET = "set"
    TUPLE = "tuple"
    INTERVAL = "interval"
    MATRIX = "matrix"
    UNITS = "units"
    PERCENT = "percent"
    CHOICE = "choice"
    TEXT = "text"

    @classmethod
    def parse(cls, value: str) -> AnswerKind:
        """Read a kind name, accepting a few common synonyms."""
        text = value.strip().lower()
        synonyms = {
            "int": "integer",
            "number": "decimal",
            "float": "decimal",
            "fraction": "rational",
            "expr": "expression",
            "symbolic": "expression",
            "list": "tuple",
            "ordered": "tuple",
            "vector": "matrix",
            "quantity": "units",
            "unit": "units",
            "mc": "choice",
            "multiple_choice": "choice",
            "string": "text",
        }
        return cls(synonyms.get(text, text))


class Reason(StrEnum):
    """Why a verdict came out as it did. Stable codes: exports and stats use them."""

    EQUAL = "equal"
    EQUIVALENT = "equivalent"
    WITHIN_TOLERANCE = "within_tolerance"
    WRONG_VALUE = "wrong_value"
    SIGN_ERROR = "sign_error"
    OFF_BY_CONSTANT = "off_by_constant"
    MISSING_ELEMENTS = "missing_elements"
    EXTRA_ELEMENTS = "extra_elements"
    WRONG_ORDER = "wrong_order"
    WRONG_ENDPOINT_TYPE = "wrong_endpoint_type"
    WRONG_UNITS = "wrong_units"
    INCOMPATIBLE_UNITS = "incompatible_units"
    WRONG_FORM = "wrong_form"
    UNPARSEABLE = "unparseable"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    TIMEOUT = "timeout"
    AMBIGUOUS = "ambiguous"  # several competing answers named ("5, not 6", "A or D")
    CHECKER_ERROR = "checker_error"  # a bug in the checker, not the learner's mistake
    # Diagnoses: a wrong answer whose mistake can be named (trainer.checking.diagnosis).
    INEQUALITY_FLIPPED = "inequality_flipped"
    MISSING_TERM = "missing_term"
    EXTRA_TERM = "extra_term"
    LETTER_CASE = "letter_case"
    APPROXIMATION = "approximation"
    WRONG_ENTRY = "wrong_entry"
    MISSING_UNIT = "missing_unit"
    RECIPROCAL = "reciprocal"
    OFF_BY_ONE = "off_by_one"

    @property
    def counts_as_attempt(self) -> bool:
        """Input the learner could not have meant as an answer is not an attempt."""
        return self not in _NOT_ATTEMPTS


_NOT_ATTEMPTS = frozenset(
    {Reason.UNPARSEABLE, Reason.EMPTY, Reason.TOO_LONG, Reason.TIMEOUT, Reason.AMBIGUOUS,
     Reason.CHECKER_ERROR}
)  # fmt: skip


class Form(StrEnum):
    """A form the answer must be written in, on top of being equal."""

    SIMPLIFIED = "simplified"
    EXPANDED = "expanded"
    FACTORED = "factored"
    LOWEST_TERMS = "lowest_terms"
    NUMERAL = "numeral"
    DECIMAL = "decimal"
    PERCENT = "percent"
    IMPROPER_FRACTION = "improper_fraction"
    MIXED_NUMBER = "mixed_number"
    SOLVED = "solved"
    EXACT = "exact"
    LITERAL = "literal"
    ANY = "any"  # no form: lets a problem lift its deck's form


@dataclass(frozen=True)
class CheckOptions:
    """How to compare. ``None`` means "the kind's default"."""

    abs_tol: float | None = None
    rel_tol: float | None = None
    ordered: bool | None = None
    case_sensitive: bool = False
    form: Form | None = None
    up_to_constant: bool = False
    units: str | None = None
    choices: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    allow_bare_value: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Only the fields that differ from the defaults, JSON-ready."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                out[f.name] = (
                    list(value)
                    if isinstance(value, tuple)
                    else str(value)
                    if isinstance(value, Form)
                    else value
                )
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckOptions:
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ValueError(f"unknown checker option {key!r}")
            if key in ("choices", "alternatives"):
                value = tuple(str(v) for v in value)
            elif key == "form" and value is not None:
                value = Form(value)
            kwargs[key] = value
        return cls(**kwargs)

    def merged(self, override: CheckOptions) -> CheckOptions:
        """``override``'s non-default fields on top of these (deck defaults + problem options)."""
        return replace(self, **{k: getattr(override, k) for k in override.to_dict()})


@dataclass(frozen=True)
class AnswerSpec:
    """What the checker compares an attempt against."""

    answer: str
    kind: AnswerKind | None = None
    options: CheckOptions = field(default_factory=CheckOptions)


@dataclass(frozen=True)
class Verdict:
    """The checker's judgement of one attempt."""

    correct: bool
    reason: Reason
    message: str
    read_as: str = ""

    @property
    def counts_as_attempt(self) -> bool:
        return self.reason.counts_as_attempt
