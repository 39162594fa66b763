"""Do two one-variable solution sets share their boundary points, exactly?

A set that cannot be solved exactly (``x³ > 8``, ``1/x > 1``, ``eˣ > 2``) is compared by
its membership at sampled points, found in floats, which cannot tell ``x³ > 8`` from
``x³ > 8 + 10^-30``, nor ``x > ln 2`` from ``x > 0.693147180559945309417232121458``. So
once the samples agree, every boundary point of one set that the other set's boundary
(a root of one of its constraint functions, or an exact endpoint) also passes through in
floats is checked again at a precision that grows with what is written: the root is
refined by bisection and the other function must vanish there, relative to its size just
beside (``relations.common_root``); an exact endpoint must be a root of the function.
Past 2000 digits nothing is shown equal.
"""

from __future__ import annotations

from typing import Any

from trainer.checking.constants import largest_order
from trainer.checking.exact_sets import Span
from trainer.checking.nodes import Node, Rel, Seq, Sym, free_symbols
from trainer.checking.numeric import MpEval, NotScalar, Undefined, mpmath_module
from trainer.checking.relations import (
    RealMpEval,
    _real_fn,
    _zero_at,
    common_root,
    constraints,
    scan_roots,
    substitute,
)
from trainer.checking.sampling import MP_DIGITS, Deadline

VARIABLE = "__t"


def boundary_functions(node: Node) -> tuple[Node, ...]:
    """The constraint functions of a relation (or a list of them) in its one variable."""
    rels = node.items if isinstance(node, Seq) else (node,)
    names = free_symbols(node)
    if len(names) != 1 or not all(isinstance(rel, Rel) for rel in rels):
        return ()
    x = Sym(next(iter(names)))
    return tuple(
        substitute(f, x, Sym(VARIABLE))
        for rel in rels
        if isinstance(rel, Rel)
        for f, _ in constraints(rel)
    )


def edges_agree(
    functions_a: tuple[Node, ...],
    functions_b: tuple[Node, ...],
    spans_b: tuple[Span, ...],
    deadline: Deadline,
) -> bool:
    """False when a boundary point the two sets seem to share in floats is not shared."""
    if not functions_a:
        return True
    nodes = list(functions_a) + list(functions_b)
    nodes += [b.node for s in spans_b for b in (s.lo, s.hi) if b.node is not None]
    digits = 2 * MP_DIGITS + 2 * max((largest_order(n) for n in nodes), default=0.0)
    if digits > 2000:
        return False  # boundaries this close cannot be told apart within the budget
    pairs = ((functions_a, functions_b, spans_b), (functions_b, functions_a, ()))
    for own, other, spans in pairs:
        for e in _edges(own, deadline)[:12]:
            deadline.check()
            source = _vanishing(own, e, deadline)
            if source is None:
                continue
            for g in other:
                shared = _zero_at(_real_fn(g, {}, VARIABLE, deadline), e) is True
                if (
                    shared
                    and common_root(source, g, {}, VARIABLE, e, int(digits), deadline) is False
                ):
                    return False
            for span in spans:
                for bound in (span.lo, span.hi):
                    if bound.node is None or abs(float(bound.value) - e) > 1e-9 * (1 + abs(e)):
                        continue
                    if _root_at(source, bound.node, int(digits)) is False:
                        return False
    return True


def _edges(functions: tuple[Node, ...], deadline: Deadline) -> list[float]:
    found: list[float] = []
    for f in functions:
        fn = _real_fn(f, {}, VARIABLE, deadline)
        found.extend(scan_roots(fn, -40.0137, 40.0213, 801, deadline))
    return found


def _vanishing(functions: tuple[Node, ...], e: float, deadline: Deadline) -> Node | None:
    for f in functions:
        if _zero_at(_real_fn(f, {}, VARIABLE, deadline), e) is True:
            return f
    return None


def _root_at(f: Node, point: Node, digits: int) -> bool | None:
    """Is the exact constant ``point`` a root of ``f``, at ``digits`` digits?"""
    mp: Any = mpmath_module().MPContext()
    mp.dps = digits
    try:
        v = MpEval({}, mp).run(point).real
        h = mp.mpf(10) ** -7 * (1 + abs(v))

        def at(t: Any) -> Any:
            return abs(RealMpEval({VARIABLE: mp.mpc(t)}, mp).run(f).real)

        gap, beside = at(v), max(at(v - h), at(v + h))
    except (Undefined, NotScalar, OverflowError, ZeroDivisionError):
        return None
    return bool(gap <= beside * mp.mpf(10) ** -(digits // 2))
