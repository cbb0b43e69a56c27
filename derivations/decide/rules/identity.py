"""Equalities: exact simplification of the difference to zero (with case splits for Max/Min/Abs)."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import is_zero
from derivations.model.verdict import StepCheck
from . import Context, Goal, register


def _limit_parts(expr):
    return (expr.args[1], expr.args[2], str(expr.args[3])) if isinstance(expr, sp.Limit) else None


@register(
    "identity",
    "definition",
    "substitute",
    description="an equality, decided by exact simplification of the difference to 0",
)
def identity(goal: Goal, ctx: Context) -> StepCheck:
    """lhs = rhs, decided by exact simplification of lhs - rhs to 0 under the context's facts."""
    if goal.op != "=":
        return StepCheck.unknown("identity", f"the identity rule proves equalities, not {goal.op!r}")
    from .induction import is_closed_form, telescoping

    if is_closed_form(goal):  # a sum up to n: its certificate, never SymPy's summation
        return telescoping(goal, ctx)
    lhs, rhs = goal.lhs, goal.rhs
    facts = ctx.facts
    # lim f = lim g when f = g near the limit point: compare what is under the limit, in a fresh
    # variable that knows only that it is near the point (what the context says of a symbol of the
    # same name is not about the bound variable).
    if _limit_parts(lhs) and _limit_parts(lhs) == _limit_parts(rhs):
        from .limits import bound_context

        lhs, fresh, facts = bound_context(lhs, ctx.facts)
        rhs = rhs.args[0].xreplace({goal.rhs.args[1]: fresh})
    # Indefinite integrals: equal integrands give equal antiderivatives (up to the same constant).
    if isinstance(lhs, sp.Integral) and isinstance(rhs, sp.Integral) and lhs.limits == rhs.limits:
        lhs, rhs = lhs.function, rhs.function
    if lhs.has(sp.Limit, sp.Integral) or rhs.has(sp.Limit, sp.Integral):
        return StepCheck.unknown("identity", "a limit or integral outside a matching pair: use the limit or antiderivative rule")
    decision = is_zero(lhs - rhs, facts)
    if decision.value is True:
        return StepCheck.proved("exact zero: " + decision.method)
    if decision.value is False:
        return StepCheck.unknown("exact zero", "the difference is not 0: " + decision.method)
    return StepCheck.unknown("exact zero", decision.method)
