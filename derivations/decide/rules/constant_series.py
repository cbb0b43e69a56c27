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
