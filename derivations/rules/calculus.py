"""Calculus steps: derivatives (by differentiating definitions) and antiderivatives (checked by differentiation)."""

from __future__ import annotations

import sympy as sp

from ..algebra import is_zero
from ..notation import sigmoid_tower
from ..verdict import StepCheck
from . import Context, Goal, register


@register("derivative", description="differentiate (the notation is unfolded to its definition first)")
def derivative(goal: Goal, ctx: Context) -> StepCheck:
    """d/dx of the definition equals the right-hand side, by exact simplification."""
    if goal.op != "=":
        return StepCheck.unknown("derivative", "a derivative step is an equality")
    decision = is_zero(goal.lhs - goal.rhs, ctx.facts)
    if decision.value is True:
        return StepCheck.proved("differentiated, then exact zero: " + decision.method)
    return StepCheck.unknown("derivative", decision.method)


@register("chain-rule", description="unfold f_{n+1} = sigma(f_n) once and apply the chain rule")
def chain_rule(goal: Goal, ctx: Context) -> StepCheck:
    """Derivative of a recursively defined f_{n+1}: unfold one level, differentiate, compare exactly."""
    unfolded = goal.lhs.replace(
        lambda e: isinstance(e, sigmoid_tower)
        and e.args[0].is_Add
        and any(a.is_Integer and a > 0 for a in e.args[0].args),
        lambda e: e.unfolded(),
    )
    if unfolded == goal.lhs:
        return StepCheck.unknown("chain rule", "nothing of the form f_{n+1}(x) to unfold")
    decision = is_zero(unfolded.doit() - goal.rhs.doit(), ctx.facts)
    if decision.value is True:
        return StepCheck.proved("unfolded f_{n+1} = sigma(f_n), chain rule, exact zero: " + decision.method)
    return StepCheck.unknown("chain rule", decision.method)


@register("antiderivative", description="an indefinite integral, checked by differentiating the result")
def antiderivative(goal: Goal, ctx: Context) -> StepCheck:
    """int f dx = F (up to a constant) because dF/dx - f simplifies to exactly 0."""
    integral, result = (goal.lhs, goal.rhs) if isinstance(goal.lhs, sp.Integral) else (goal.rhs, goal.lhs)
    if goal.op != "=" or not isinstance(integral, sp.Integral) or len(integral.limits) != 1 or len(integral.limits[0]) != 1:
        return StepCheck.unknown("antiderivative", "expected  \\int f dx = F  with an indefinite integral")
    if isinstance(result, sp.Integral):
        return StepCheck.unknown("antiderivative", "both sides are integrals: use the identity rule on the integrands")
    (x,) = integral.limits[0]
    decision = is_zero(sp.diff(result, x) - integral.function, ctx.facts)
    if decision.value is True:
        return StepCheck.proved(f"d/d{x} of the right-hand side minus the integrand is exactly 0 ({decision.method})")
    return StepCheck.unknown("antiderivative", "differentiating the result: " + decision.method)
