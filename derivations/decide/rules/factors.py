"""A product's sign from its factors' signs: big - small = c * f1^e1 * f2^e2 ..., each factor decided alone."""

from __future__ import annotations

from contextvars import ContextVar

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import StepCheck
from . import Context, Goal, gap_fallback

SECONDS = 8.0  # CPU seconds for all the factors of one inequality
_INSIDE: ContextVar[bool] = ContextVar("inside_factors", default=False)


def _factors(gap):
    """gap = c * prod(base**exp) with c a nonzero number and at least two non-constant factors, else None."""
    if not (gap.is_Mul or gap.is_Pow):
        return None  # a product as written only: a sum put over a common denominator is another problem
    num, den = sp.fraction(gap)
    pairs = []
    for part, sign in ((num, 1), (den, -1)):
        for factor in sp.Mul.make_args(part):
            base, exp = factor.as_base_exp() if factor.is_Pow else (factor, sp.Integer(1))
            pairs.append((base, sign * exp))
    constant = sp.Mul(*[b**e for b, e in pairs if not b.free_symbols])
    varying = [(b, e) for b, e in pairs if b.free_symbols]
    if len(varying) < 2 or not constant.is_number or constant.is_zero or not constant.is_real:
        return None
    if any(not (e.is_Integer or (e.is_Rational and e.q == 2)) for _, e in varying):
        return None
    return constant, varying


def _decided(base, op, ctx) -> bool:
    from . import check

    found = check("inequality", Goal(sp.Integer(0), op, base), ctx)
    return found.verdict.value == "proved"


def _sign(base, exp, ctx):
    """(sign, strict) of base**exp on the domain: +1/-1 and whether it is never 0, or None."""
    if exp.is_Rational and exp.q == 2:  # a square root: >= 0 where defined, > 0 where base > 0
        return (1, True) if _decided(base, "<", ctx) else (1, False)
    if exp.is_even:
        if exp < 0:  # a denominator: nonzero on the domain
            return 1, True
        return (1, True) if _decided(base, "<", ctx) or _decided(-base, "<", ctx) else (1, False)
    for sign in (1, -1):
        if _decided(sign * base, "<", ctx):
            return sign, True
    if exp > 0:
        for sign in (1, -1):
            if _decided(sign * base, "<=", ctx):
                return sign, False
    return None


@gap_fallback("factors", order=20)
def by_factors(difference, strict: bool, ctx: Context) -> StepCheck:
    """big - small >= 0 (> 0) where it is a product: the sign of each factor, decided on its own (each
    by the whole engine, a smaller problem), multiplied out; denominators are nonzero on the domain."""
    if _INSIDE.get():
        return StepCheck.unknown("factors", "already splitting a product")
    try:
        found = _factors(difference)
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("factors", "a SymPy computation failed: not decided")
    if found is None:
        return StepCheck.unknown("factors", "not a product of two or more factors")
    constant, varying = found
    token = _INSIDE.set(True)
    try:
        with budget(SECONDS):
            total, never_zero, said = (1 if constant > 0 else -1), True, []
            for base, exp in varying:
                sign = _sign(base, exp, ctx)
                if sign is None:
                    return StepCheck.unknown("factors", f"the sign of {sp.sstr(base)} is not decided")
                if exp.is_Integer and exp.is_odd:
                    total *= sign[0]
                never_zero = never_zero and sign[1]
                said.append(f"{sp.sstr(base**exp)} {'>' if sign[1] else '>='} 0")
    except OutOfTime:
        return StepCheck.unknown("factors", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("factors", "a SymPy computation failed: not decided")
    finally:
        _INSIDE.reset(token)
    if total < 0 or (strict and not never_zero):
        return StepCheck.unknown("factors", "the factors' signs do not give the claimed sign")
    return StepCheck.proved("a product of factors of known sign: " + "; ".join(said))
