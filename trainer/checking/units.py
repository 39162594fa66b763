"""Quantities with units, through pint: ``5 km`` equals ``5000 m``; a missing unit is
``wrong_units`` and a unit of another dimension is ``incompatible_units``.

The quantity is parsed by our own grammar (pint's expression parser is never given
learner text); pint is only asked to look up single unit names. A word pint does not know
(``yuan``) is kept as an opaque unit that must match by name.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from trainer.checking import messages
from trainer.checking.lexer import LexError, LexMode
from trainer.checking.nodes import BinOp, Neg, Node, Num, Postfix, Sym, Word
from trainer.checking.parser import ParseError, parse
from trainer.checking.sampling import Deadline
from trainer.domain import AnswerKind, AnswerSpec, Reason, Verdict

NumberCheck = Callable[[AnswerSpec, str, Deadline], Verdict]

_lock = threading.Lock()
_registry: Any = None
_DELIMITERS = re.compile(r"\\[()\[\]]|\$")
_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")


def registry() -> Any:
    global _registry
    with _lock:
        if _registry is None:
            import pint

            _registry = pint.UnitRegistry()
        return _registry


def _unit(name: str) -> Any:
    """The pint unit called ``name``, or None."""
    ureg = registry()
    try:
        unit = ureg.parse_units(name) if re.fullmatch(r"[A-Za-zµΩ°Å_]+", name) else None
    except Exception:
        return None
    return unit


class _Quantity:
    """A magnitude with pint units and opaque (unknown) unit words."""

    def __init__(self, magnitude: Fraction, units: dict[str, Fraction]) -> None:
        self.magnitude = magnitude
        self.units = units


def _evaluate(node: Node) -> _Quantity:
    if isinstance(node, Num):
        return _Quantity(node.value, {})
    if isinstance(node, Sym | Word):
        name = node.name if isinstance(node, Sym) else node.text
        return _Quantity(Fraction(1), {name: Fraction(1)})
    if isinstance(node, Neg):
        inner = _evaluate(node.operand)
        return _Quantity(-inner.magnitude, inner.units)
    if isinstance(node, Postfix) and node.op in ("%", "°"):
        inner = _evaluate(node.operand)
        if node.op == "%":
            return _Quantity(inner.magnitude / 100, inner.units)
        units = dict(inner.units)
        units["degree"] = units.get("degree", Fraction(0)) + 1
        return _Quantity(inner.magnitude, units)
    if isinstance(node, BinOp):
        a = _evaluate(node.left)
        if node.op == "^":
            b = _evaluate(node.right)
            if b.units or abs(b.magnitude) > 12 or (a.magnitude == 0 and b.magnitude < 0):
                raise ValueError("unsupported power in a quantity")
            exp = b.magnitude
            mag = a.magnitude ** int(exp) if exp.denominator == 1 else None
            if mag is None:
                raise ValueError("fractional power in a quantity")
            return _Quantity(Fraction(mag), {k: v * exp for k, v in a.units.items()})
        b = _evaluate(node.right)
        if node.op in ("*", "/", ":"):
            sign = 1 if node.op == "*" else -1
            if sign < 0 and b.magnitude == 0:
                raise ValueError("division by zero")
            units = dict(a.units)
            for k, v in b.units.items():
                units[k] = units.get(k, Fraction(0)) + sign * v
            mag = a.magnitude * b.magnitude if sign > 0 else a.magnitude / b.magnitude
            return _Quantity(mag, {k: v for k, v in units.items() if v})
        if a.units != b.units:
            raise ValueError("adding different units")
        mag = a.magnitude + b.magnitude if node.op == "+" else a.magnitude - b.magnitude
        return _Quantity(mag, a.units)
    raise ValueError("not a quantity")


def _strip(raw: str) -> str:
    m = _BOXED.search(raw)
    if m is not None:
        depth, i = 1, m.end()
        while i < len(raw) and depth:
            depth += {"{": 1, "}": -1}.get(raw[i], 0)
            i += 1
        raw = raw[m.end() : i - 1]
    return _DELIMITERS.sub(" ", raw).strip().rstrip(".")


# Unit symbols the general lexer reads as Greek letters or does not know: spelled the way
# pint names them before parsing, so "5 kΩ" is 5 kilo-ohm (not 5·k·Omega) and "3 µm" is
# 3 micrometres. "°C"/"°F" are the offset temperature units, not degree·C.
_UNIT_SYMBOLS = (
    ("°C", "degC"),
    ("°F", "degF"),
    ("℃", "degC"),
    ("℉", "degF"),
    ("Ω", "ohm"),  # U+03A9 Greek capital omega
    ("Ω", "ohm"),  # U+2126 ohm sign
    ("µ", "u"),  # U+00B5 micro sign: a prefix
    ("μ", "u"),  # U+03BC Greek mu: a prefix in a unit
    ("Å", "angstrom"),
    ("Å", "angstrom"),  # U+212B angstrom sign
    ("\\AA", "angstrom"),  # LaTeX's angstrom
)


# Units as people write them in words or LaTeX, spelled the way the parser and pint read
# them: "20 meters per second", "25 degrees Celsius", "5 sec", "\\Omega", "\\mu m",
# "\\text{ m s}^{-2}" (m·s⁻², not (m s)⁻²), and a leading "v = " or "The speed is".
_UNIT_WORDS = (
    (re.compile(r"\s+per\s+", re.I), "/"),
    (re.compile(r"\b(?:deg(?:ree)?s?\s*|°\s*)celsius\b|°\s+C\b", re.I), "degC"),
    (re.compile(r"\b(?:deg(?:ree)?s?\s*|°\s*)fahrenheit\b|°\s+F\b", re.I), "degF"),
    (re.compile(r"(?<=[\d\s])secs?\b"), "s"),
    (re.compile(r"\\Omega\b"), "ohm"),
    (re.compile(r"\\mu\s*\\(?:text|mathrm)\s*\{\s*([A-Za-z]+)\s*\}"), r"u\1"),
    (re.compile(r"\\mu\s*([A-Za-z]+)"), r"u\1"),
    (re.compile(r"^\s*[A-Za-z](?:_\{?\w+\}?)?\s*=\s*(?=[-−+]?\.?\d)"), ""),
    (re.compile(r"^\s*(?:[A-Za-z][A-Za-z']*[\s,:]+)+(?=[-−+]?\.?\d)"), ""),
)
_TEXT_WORDS = re.compile(r"\\(?:text|mathrm)\s*\{\s*([A-Za-z]+(?:\s+[A-Za-z]+)+)\s*\}")


def _unit_text(text: str) -> str:
    for symbol, name in _UNIT_SYMBOLS:
        text = text.replace(symbol, name)
    for pattern, replacement in _UNIT_WORDS:
        text = pattern.sub(replacement, text)
    return _TEXT_WORDS.sub(lambda m: " \\cdot ".join(m.group(1).split()), text)


def _read(raw: str) -> _Quantity:
    text = _unit_text(_strip(raw))
    node = parse(text, LexMode(latex="\\" in text, numeric=True, words=True))
    return _evaluate(node)


def looks_like_quantity(text: str) -> bool:
    try:
        q = _read(text)
    except (LexError, ParseError, ValueError, RecursionError):
        return False
    return bool(q.units) and any(_unit(name) is not None for name in q.units)


def _split(q: _Quantity) -> tuple[Any, dict[str, Fraction]]:
    """(pint unit or None, opaque words)."""
    ureg = registry()
    unit = None
    opaque: dict[str, Fraction] = {}
    for name, power in q.units.items():
        found = _unit(name)
        if found is None:
            opaque[name.casefold().rstrip("s")] = power
            continue
        term = found ** float(power) if power.denominator != 1 else found ** int(power)
        unit = term if unit is None else unit * term
    return (unit if unit is not None else ureg.dimensionless if q.units else None), opaque


# Units pint counts as the same dimension but that measure another quantity: an angle
# (rad, degree, turn) and a solid angle (sr; a lumen is cd·sr) are pseudo-dimensions of
# their own, and hertz, becquerel (curie), gray, sievert (rem), watt and volt-ampere
# each name one quantity (s⁻¹, J/kg and V·A written out stay compatible with either).
_QUANTITY_KINDS: dict[str, tuple[int, int, str | None]] = {
    "hertz": (0, 0, "frequency"), "becquerel": (0, 0, "activity"),
    "gray": (0, 0, "absorbed dose"), "sievert": (0, 0, "equivalent dose"),
    "curie": (0, 0, "activity"), "rutherford": (0, 0, "activity"),
    "rem": (0, 0, "equivalent dose"),
    "watt": (0, 0, "active power"), "volt_ampere": (0, 0, "apparent power"),
    "radian": (1, 0, None), "degree": (1, 0, None), "arcminute": (1, 0, None),
    "arcsecond": (1, 0, None), "turn": (1, 0, None), "revolution": (1, 0, None),
    "gradian": (1, 0, None), "revolutions_per_minute": (1, 0, None),
    "revolutions_per_second": (1, 0, None), "steradian": (0, 1, None),
    "square_degree": (0, 1, None), "lumen": (0, 1, None), "lux": (0, 1, None),
}  # fmt: skip


def _quantity_kind(q: _Quantity) -> tuple[Fraction, Fraction, frozenset[str]]:
    angle, solid = Fraction(0), Fraction(0)
    tags: set[str] = set()
    ureg = registry()
    for name, power in q.units.items():
        try:
            parsed = ureg.parse_unit_name(name) if re.fullmatch(r"[A-Za-z_]+", name) else ()
        except Exception:  # pint raises several types for odd names
            parsed = ()
        if not parsed:
            continue
        a, s, tag = _QUANTITY_KINDS.get(parsed[0][1], (0, 0, None))
        angle += a * power
        solid += s * power
        if tag is not None:
            tags.add(tag)
    return angle, solid, frozenset(tags)


def _describe(kind: tuple[Fraction, Fraction, frozenset[str]]) -> str:
    if kind[1]:
        return "a solid angle (sr)" if not kind[0] else "an angle and a solid angle"
    if kind[0]:
        return "an angle (rad, °)"
    return " and ".join(sorted(kind[2])) or "a quantity without an angle"


def _other_quantity(ref: _Quantity, att: _Quantity) -> str | None:
    """Why two quantities of one dimension measure different things (Hz vs rad/s)."""
    a, b = _quantity_kind(ref), _quantity_kind(att)
    if a[0] != b[0] or a[1] != b[1]:
        return f"{_describe(b)} is not {_describe(a)}"
    if a[2] and b[2] and a[2] != b[2]:
        return f"{' and '.join(sorted(b[2]))} is not {' and '.join(sorted(a[2]))}"
    return None


def check_quantity(
    spec: AnswerSpec, attempt: str, deadline: Deadline, check_number: NumberCheck
) -> Verdict:
    """A quantity against ``spec``; a reference without units is checked as a number by
    ``check_number`` (the checker's own check, passed down so units never imports it)."""
    opts = spec.options
    answer = spec.answer if not opts.units else f"{_strip(spec.answer)} {opts.units}"
    try:
        ref = _read(answer)
    except (LexError, ParseError, ValueError, RecursionError):
        ref = None
    if ref is None or not ref.units:
        plain = AnswerSpec(spec.answer, AnswerKind.DECIMAL, opts)
        first = check_number(plain, attempt, deadline)
        if first.correct:
            return first
        try:
            att = _read(attempt)
        except (LexError, ParseError, ValueError, RecursionError):
            return first
        if not att.units:
            return first
        mag = att.magnitude
        second = check_number(plain, f"{mag.numerator}/{mag.denominator}", deadline)
        return second if second.correct else first
    try:
        att = _read(attempt)
    except (LexError, ParseError) as exc:
        return messages.verdict(Reason.UNPARSEABLE, "", detail=str(exc), column=exc.pos + 1)
    except (ValueError, RecursionError) as exc:
        return messages.verdict(Reason.UNPARSEABLE, "", detail=str(exc))
    read_as = _render(att)
    if not att.units:
        return messages.verdict(Reason.WRONG_UNITS, read_as, detail="a unit is missing")
    ref_unit, ref_opaque = _split(ref)
    att_unit, att_opaque = _split(att)
    if ref_opaque != att_opaque:
        return messages.verdict(Reason.WRONG_UNITS, read_as)
    other = _other_quantity(ref, att)
    if other is not None:
        return messages.verdict(Reason.INCOMPATIBLE_UNITS, read_as, detail=other)
    ref_mag = float(ref.magnitude)
    att_mag = float(att.magnitude)
    if ref_unit is not None:
        ureg = registry()
        if att_unit is None:
            return messages.verdict(Reason.WRONG_UNITS, read_as)
        try:
            att_mag = ureg.Quantity(att_mag, att_unit).to(ref_unit).magnitude
        except Exception:
            return messages.verdict(Reason.INCOMPATIBLE_UNITS, read_as)
    diff = abs(ref_mag - att_mag)
    if opts.abs_tol or opts.rel_tol:
        bound = (opts.abs_tol or 0.0) + (opts.rel_tol or 0.0) * abs(ref_mag)
        ok = diff <= bound * (1 + 1e-9) + 1e-300
        return messages.verdict(Reason.WITHIN_TOLERANCE if ok else Reason.WRONG_VALUE, read_as)
    if ref.magnitude == att.magnitude and ref.units == att.units:
        return messages.verdict(Reason.EQUAL, read_as)
    factor = _exact_factor(att_unit, ref_unit) if ref_unit is not None else None
    if factor is not None:  # exact: 5.0000000000000000000000000001 m is not 5 m
        q, k = factor
        same = ref.magnitude == att.magnitude * q if k == 0 else ref.magnitude == 0 == att.magnitude
        return messages.verdict(Reason.EQUIVALENT if same else Reason.WRONG_VALUE, read_as)
    # a factor with no short exact form (eV in J): only its float rounding is allowed
    ok = diff <= 1e-13 * max(abs(ref_mag), abs(att_mag)) or diff == 0
    return messages.verdict(Reason.EQUIVALENT if ok else Reason.WRONG_VALUE, read_as)


def _exact_factor(att_unit: Any, ref_unit: Any) -> tuple[Fraction, int] | None:
    """The factor from the attempt's unit to the answer's as q·π^k with a short rational q
    (km/h to m/s is 5/18, degree to radian is π/180), or None (eV to J; an offset unit)."""
    ureg = registry()
    try:
        if ureg.Quantity(0.0, att_unit).to(ref_unit).magnitude != 0:
            return None  # °C to K: not a factor
        f = float(ureg.Quantity(1.0, att_unit).to(ref_unit).magnitude)
    except Exception:  # pint raises several types
        return None
    for k in (0, 1, -1, 2, -2):
        g = f / math.pi**k
        q = Fraction(g).limit_denominator(10**6)
        if q and abs(float(q) - g) <= 4e-16 * abs(g) and abs(q.numerator) <= 10**12:
            return q, k
    return None


def _render(q: _Quantity) -> str:
    mag = q.magnitude
    number = str(mag.numerator) if mag.denominator == 1 else f"{float(mag):g}"
    parts = []
    for name, power in q.units.items():
        parts.append(name if power == 1 else f"{name}^{power}")
    return f"{number} {'·'.join(parts)}".strip()
