"""Relations about infinite series with no parameter: a divergent series has no value, a convergent one is
compared with the other side through its certified enclosure."""

from __future__ import annotations

import sympy as sp

from derivations.decide import interval, series
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback


def _decide(goal: Goal, ctx: Context) -> StepCheck:
    rel = goal.relation()
    if not isinstance(rel, sp.Rel) or not series.constant_series(rel) or rel.free_symbols:
        return StepCheck.unknown("series", "not a relation between constants with an infinite series")
    why = series.divergence(rel)
    if why:
        return StepCheck(Verdict.REFUTED, "series", why, Counterexample({}, why, True))
    for s in series.constant_series(rel):
        found, how = series.convergence(s)
        if found is not True:
            return StepCheck.unknown("series", f"the convergence of {sp.sstr(s)} is not decided ({how})")
    difference = rel.lhs - rel.rhs
    if isinstance(rel, (sp.Gt, sp.Ge)):
        difference = -difference  # small - big
    sign = interval.sign(difference, {})
    tests = "; ".join(f"{sp.sstr(s)} converges ({series.convergence(s)[1]})" for s in series.constant_series(rel))
    enclosed = f"{tests}; the partial sums in interval arithmetic with a proved bound of the tail"
    if sign is None:
        return StepCheck.unknown("series", f"{enclosed} do not separate the two sides")
    if isinstance(rel, sp.Eq):
        why = f"{enclosed} exclude the claimed value: the two sides differ"
        return StepCheck(Verdict.REFUTED, "series", why, Counterexample({}, why, True))
    if sign == -1:
        return StepCheck.proved(f"series: {enclosed} put the left side {'below' if isinstance(rel, (sp.Lt, sp.Le)) else 'above'} the right")
    why = f"{enclosed} show the relation false"
    return StepCheck(Verdict.REFUTED, "series", why, Counterexample({}, why, True))


@fallback("identity")
def series_identity(goal: Goal, ctx: Context) -> StepCheck:
    """sum_{k>=m} a_k = c with no parameter: refuted when the series diverges or its enclosure excludes c."""
    return _decide(goal, ctx)


@fallback("inequality")
def series_inequality(goal: Goal, ctx: Context) -> StepCheck:
    """sum_{k>=m} a_k < c with no parameter: decided by the series' certified enclosure (or divergence)."""
    return _decide(goal, ctx)


def _geometric(goal: Goal, ctx: Context) -> StepCheck:
    """sum_{k>=m} a r^k = value with parameters: a r^m / (1 - r) where |r| < 1 follows from the facts
    (exact), refuted at a sample point where the series, every parameter a number, diverges."""
    from derivations.decide import numeric
    from derivations.decide.algebra import is_zero
    from derivations.decide.domain import Condition, implied

    rel = goal.relation()
    if not isinstance(rel, sp.Eq):
        return StepCheck.unknown("series", "not an equality")
    for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if not series.is_series(side) or other.has(sp.Sum) or not side.free_symbols:
            continue
        found = series.geometric(side)
        if found is None:
            continue
        first, r = found
        if implied(Condition(sp.Lt(sp.Abs(r), 1)), ctx.facts):
            value = first / (1 - r)
            same = is_zero(other - value, tuple(ctx.facts) + (sp.Lt(sp.Abs(r), 1),))
            if same.value is True:
                return StepCheck.proved(f"geometric series: ratio {sp.sstr(r)} with |{sp.sstr(r)}| < 1 by the assumptions, so the sum is {sp.sstr(value)} ({same.method})")
        for point in numeric._candidates(rel, ctx.facts, (), 24):
            values = {s: sp.sympify(v) for s, v in point.items()}
            here = side.xreplace(values)
            if not series.is_constant_series(here):
                continue
            converges, how = series.convergence(here)
            at = ", ".join(f"{s} = {v}" for s, v in numeric._show(point).items())
            if converges is False:
                why = f"at {at} the series {sp.sstr(here)} diverges ({how})"
                return StepCheck(Verdict.REFUTED, "series", why, Counterexample(numeric._show(point), why, True))
            bad, _, text = numeric.violation(rel, point)
            if converges and bad and numeric.confirm(rel, point, False):
                why = f"at {at}: {text} (the series enclosed in interval arithmetic)"
                return StepCheck(Verdict.REFUTED, "series", why, Counterexample(numeric._show(point), why, True))
    return StepCheck.unknown("series", "not a geometric series with parameters")


@fallback("identity")
def geometric_series(goal: Goal, ctx: Context) -> StepCheck:
    """A geometric series with parameters: its value where |ratio| < 1, refuted where it diverges."""
    return _geometric(goal, ctx)
