"""Definite integrals, decided through the fundamental theorem of calculus (never by numerical quadrature).

For an integrand f continuous on all of R (every function of the vocabulary is continuous where it is
defined, so: defined everywhere, no cases), ``\\int_a^x f(y)\\,dy = R(x)`` holds for every x exactly when
R' = f and R vanishes at a (its limit there when a is infinite): then R(x) - R(a) is the integral, and the
improper integral converges because the limit exists. When R' differs from f somewhere, the two sides
have different derivatives there, so they differ near that point: the statement is false. Both bounds
constant: an antiderivative G from SymPy, accepted only after dG/dy - f is proved exactly 0, then
G(b) - G(a) (limits at infinite bounds) compared with the other side.
"""

from __future__ import annotations

from typing import Callable

import sympy as sp

from derivations.model.verdict import Counterexample, Verdict


def is_definite(integral) -> bool:
    return isinstance(integral, sp.Integral) and any(len(limits) == 3 for limits in integral.limits)


def has_definite(rel) -> bool:
    return any(is_definite(node) for node in sp.preorder_traversal(rel) if isinstance(node, sp.Integral))


def decide(rel, facts, decide_relation: Callable):
    """(Verdict, reason, counterexample) for a relation with a definite integral as one whole side."""
    if not isinstance(rel, sp.Eq):
        return Verdict.UNKNOWN, "definite integrals are decided in equalities only", None
    integral, other = (rel.lhs, rel.rhs) if is_definite(rel.lhs) else (rel.rhs, rel.lhs)
    if not is_definite(integral) or has_definite(other) or len(integral.limits) != 1:
        return Verdict.UNKNOWN, "a definite integral decides only as one whole side of an equality, of one variable", None
    (y, low, high), f = integral.limits[0], integral.function
    found = None
    if not (low.free_symbols | high.free_symbols):  # on each interval where f is continuous (rules.integrals)
        from derivations.decide.rules.integrals import at_an_instance, on_interval

        found = on_interval(y, low, high, f, other, facts, decide_relation)
        if found is not None and found[0] is not Verdict.UNKNOWN:
            return found
        instance = at_an_instance(y, low, high, f, other, facts, decide_relation)
        if instance is not None:
            return instance
    if f.has(sp.Piecewise, sp.Integral, sp.Limit, sp.Derivative, sp.Subs) or _restricted(f, y):
        if found is not None:  # what the fundamental theorem on the interval left open
            return found
        return Verdict.UNKNOWN, f"the integrand is not continuous on all of R in {y} (or not known to be): not decided", None
    free = {s for s in (low.free_symbols | high.free_symbols)}
    if high.is_Symbol and high not in low.free_symbols and high not in f.free_symbols:
        return _by_derivative(high, low, f.subs(y, high), other, facts, decide_relation)
    if low.is_Symbol and low not in high.free_symbols and low not in f.free_symbols:
        return _by_derivative(low, high, f.subs(y, low), -other, facts, decide_relation)
    if not free or not (low.has(sp.oo, -sp.oo) or high.has(sp.oo, -sp.oo) or y in free):
        # f continuous on all of R: G(high) - G(low) for any finite bounds, -a and a as well as 0 and 1
        return _by_antiderivative(y, low, high, f, other, facts, decide_relation)
    return Verdict.UNKNOWN, "bounds of this shape are not decided (one variable bound, or constant bounds)", None


def _restricted(f, y) -> bool:
    """Is f undefined somewhere on R as a function of y (a logarithm, a division, a root)?"""
    from .defined import natural_domain

    return any(y in condition.free_symbols for condition in natural_domain(f))


def _by_derivative(x, a, f_of_x, result, facts, decide_relation):
    if _restricted(result, x) or result.has(sp.Piecewise, sp.Integral):
        return Verdict.UNKNOWN, f"the other side is not defined (or not known continuous) for every {x}: not decided", None
    derivative = sp.Eq(sp.Derivative(result, x), f_of_x, evaluate=False)
    verdict, reason, counterexample = decide_relation(derivative, facts)
    if verdict is Verdict.REFUTED:
        return Verdict.REFUTED, f"the derivative of the other side differs from the integrand ({reason})", counterexample
    if verdict is not Verdict.PROVED:
        return verdict, f"the derivative of the other side against the integrand: {reason}", None
    infinite = a.has(sp.oo, -sp.oo)
    at_bound = sp.Limit(result, x, a) if infinite else result.subs(x, a)
    verdict, reason, _ = decide_relation(sp.Eq(at_bound, 0, evaluate=False), facts)
    if verdict is Verdict.PROVED:
        return Verdict.PROVED, f"fundamental theorem of calculus: d/d{x} of the other side is the integrand, and it is 0 at {x} = {sp.sstr(a)}", None
    offset = _value_at_bound(at_bound, result, x, a, facts, decide_relation)
    if offset is not None:
        # the other side minus the integral is the constant `offset` for every x: any x shows it
        point = a if not infinite else sp.Integer(0)
        detail = f"the other side tends to {sp.sstr(offset)} at {x} = {sp.sstr(a)}: it exceeds the integral by that constant for every {x}"
        return Verdict.REFUTED, detail, Counterexample({str(x): sp.sstr(point)}, detail, True)
    return verdict, f"the other side at the bound {x} = {sp.sstr(a)}: {reason}", None


def _value_at_bound(at_bound, result, x, a, facts, decide_relation):
    """The other side's value (limit) at the lower bound when it is proved and exactly non-zero, else None."""
    from .algebra import is_zero
    from derivations.base.budget import OutOfTime, budget
    from derivations.notation import expand_notation

    if not isinstance(at_bound, sp.Limit):
        value = at_bound
    else:
        try:
            with budget(5):
                value = sp.limit(expand_notation(result), x, a)  # a candidate only: proved below by the engine's limit rule
        except (OutOfTime, NotImplementedError, ValueError):
            return None
        if value.has(sp.Limit, sp.oo, -sp.oo, sp.zoo, sp.nan) or value.free_symbols:
            return None
        verdict, _, _ = decide_relation(sp.Eq(at_bound, value, evaluate=False), facts)
        if verdict is not Verdict.PROVED:
            return None
    return value if is_zero(value, facts).value is False else None


def _by_antiderivative(y, low, high, f, other, facts, decide_relation):
    from .algebra import is_zero
    from derivations.base.budget import OutOfTime, budget

    try:
        with budget(5):
            antiderivative = sp.integrate(f, y)
    except OutOfTime:
        return Verdict.UNKNOWN, "no antiderivative found in time", None
    if antiderivative.has(sp.Integral) or is_zero(sp.diff(antiderivative, y) - f, facts).value is not True:
        return Verdict.UNKNOWN, "no antiderivative proved by differentiation", None
    if _restricted(antiderivative, y):
        return Verdict.UNKNOWN, "the antiderivative found is not defined on all of R", None

    def at(bound):
        return sp.Limit(antiderivative, y, bound) if bound.has(sp.oo, -sp.oo) else antiderivative.subs(y, bound)

    value = sp.Eq(at(high) - at(low), other, evaluate=False)
    verdict, reason, counterexample = decide_relation(value, facts)
    return verdict, f"antiderivative {sp.sstr(antiderivative)} (checked by differentiation): {reason}", counterexample
