"""A counterexample to an inequality in several variables: every variable but one fixed at a number its assumptions allow (the ends of its interval first), the last decided by calculus in one variable, the point then exact in every symbol."""

from __future__ import annotations

import mpmath
import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, gap_fallback

SECONDS = 1.5  # CPU seconds for the whole search on one inequality
CALL_SECONDS = 0.5  # CPU seconds for one variable's decision at one assignment of the others
MAX_VARIABLES = 4


def _lowest(g, x, span):
    """(the least value of g over sample points of x's interval in 20-digit floats, the point), or
    (None, None) when none was evaluated."""
    from .calculus_bounds import _samples

    try:
        func = sp.lambdify(x, g, "mpmath")
    except Exception:  # noqa: BLE001
        return None, None
    lowest, at = None, None
    with mpmath.workdps(20):
        for point in _samples(span) + ([span.lo] if span.lo_closed else []) + ([span.hi] if span.hi_closed else []):
            try:
                value = func(mpmath.mpf(sp.Rational(point).p) / sp.Rational(point).q) if sp.sympify(point).is_Rational else func(mpmath.mpf(sp.N(point, 25)))
            except Exception:  # noqa: BLE001 - undefined there
                continue
            if isinstance(value, mpmath.mpf) and (lowest is None or value < lowest):
                lowest, at = value, sp.sympify(point)
    return lowest, at


def _exact_at(g, x, point, strict) -> bool:
    """g < 0 at the point by interval arithmetic, or exactly 0 there for a strict claim."""
    from derivations.decide import interval

    if point is None or not point.is_Rational:
        return False
    if interval.sign(g, {x: point}) == -1:
        return True
    return strict and interval.exactly_zero(g, {x: point})


def _constant(g, strict, x, span):
    """A number of x's interval when the constant g breaks the claim (g < 0, or g = 0 when strict)."""
    from derivations.decide import interval
    from .calculus_bounds import _samples

    if g.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not g.is_number:
        return None
    sign = 0 if interval.exactly_zero(g, {}) else interval.sign(g, {})
    if sign is None or sign > 0 or (sign == 0 and not strict):
        return None
    return span.lo if span.lo_closed else sp.Rational(_samples(span)[0])


def search(d, strict, variables, facts):
    """(point, how) where d < 0 (d <= 0 when strict) with every variable a number, or None."""
    from .calculus_bounds import decide_one_variable, span_of
    from .parameters import _order, assignments_of

    tried_boundary = 0
    for x in reversed(_order(d, variables)):  # the parameter-like variables fixed first
        others = [v for v in variables if v != x]
        assignments = assignments_of(others, facts)
        if not assignments:
            continue
        for assignment in assignments:
            g = d.xreplace(assignment)
            on_x = tuple(sp.sympify(f).xreplace(assignment) for f in facts if x in sp.sympify(f).free_symbols)
            if any(f == sp.false for f in on_x):
                continue
            on_x = tuple(f for f in on_x if f != sp.true)
            span = span_of(x, on_x)
            if span is None:
                continue
            if not g.free_symbols:  # d does not depend on x here: its sign at any x of the interval
                found = _constant(g, strict, x, span)
                if found is not None:
                    point = dict(assignment)
                    point[x] = found
                    return point, f"with {', '.join(f'{k} = {sp.sstr(v)}' for k, v in assignment.items())}: f = {sp.sstr(g)} for every {x}"
                continue
            if g.free_symbols != {x}:
                continue
            lowest, at = _lowest(g, x, span)
            if lowest is not None and lowest <= mpmath.mpf(10) ** -12 and _exact_at(g, x, at, strict):
                point = dict(assignment)
                point[x] = at
                return point, f"with {', '.join(f'{k} = {sp.sstr(v)}' for k, v in assignment.items())}: f = {sp.sstr(g.xreplace({x: at}))} at {x} = {sp.sstr(at)}"
            flagged = lowest is not None and (lowest < 0 or (strict and abs(lowest) < mpmath.mpf(10) ** -12))
            if not flagged and strict and tried_boundary < 2:  # the first assignments are the closed ends
                flagged, tried_boundary = True, tried_boundary + 1  # a strict bound may be reached at a critical point off the grid
            if not flagged:
                continue
            try:
                with budget(CALL_SECONDS):
                    found = decide_one_variable(g, strict, on_x)
            except OutOfTime:
                continue
            if found is not None and found.verdict is Verdict.REFUTED and found.point is not None and found.point.is_Rational:
                point = dict(assignment)
                point[x] = found.point
                fixed = ", ".join(f"{k} = {sp.sstr(v)}" for k, v in assignment.items())
                return point, f"with {fixed}: {found.how}"
    return None


@gap_fallback("trials", order=90)
def by_trials(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big refuted at a point: all variables but one fixed at numbers, the last by calculus."""
    from derivations.notation import expand_notation
    from .parameters import _real_variables

    d = expand_notation(difference)
    variables = _real_variables(d)
    if variables is None or not 2 <= len(variables) <= MAX_VARIABLES:
        return StepCheck.unknown("trials", "not two to four real variables")
    facts = tuple(sp.sympify(f) for f in ctx.facts if sp.sympify(f).free_symbols <= set(variables) and sp.sympify(f) != sp.true)
    try:
        with budget(SECONDS):
            found = search(d, strict, variables, facts)
    except OutOfTime:
        return StepCheck.unknown("trials", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("trials", "a SymPy computation failed: not decided")
    if found is None:
        return StepCheck.unknown("trials", "no counterexample with all variables but one fixed")
    point, how = found
    values = {k.name: sp.sstr(v) for k, v in sorted(point.items(), key=lambda kv: kv[0].name)}
    return StepCheck(Verdict.REFUTED, "trials", how, Counterexample(values, how, True))
