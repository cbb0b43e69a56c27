"""Calculus steps: derivatives (by differentiating definitions) and antiderivatives (checked by differentiation)."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import is_zero, linear_root
from derivations.decide.domain import Undetermined, conditions
from derivations.notation import expand_notation, sigmoid_tower
from derivations.model.verdict import Counterexample, StepCheck, Verdict
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


@register("antiderivative", description="an indefinite integral: the result is continuous, and its derivative is the integrand")
def antiderivative(goal: Goal, ctx: Context) -> StepCheck:
    """int f dx = F (up to one constant) because F is continuous where it is defined and dF/dx - f
    simplifies to exactly 0 wherever F is differentiable (all but finitely many points)."""
    integral, result = (goal.lhs, goal.rhs) if isinstance(goal.lhs, sp.Integral) else (goal.rhs, goal.lhs)
    if goal.op != "=" or not isinstance(integral, sp.Integral) or len(integral.limits) != 1 or len(integral.limits[0]) != 1:
        return StepCheck.unknown("antiderivative", "expected  \\int f dx = F  with an indefinite integral")
    if isinstance(result, sp.Integral):
        return StepCheck.unknown("antiderivative", "both sides are integrals: use the identity rule on the integrands")
    (x,) = integral.limits[0]
    jump = _jump(result, x, ctx.facts)
    if jump is not None:
        return jump
    try:
        kinks = [c.relation for c in conditions(sp.Derivative(result, x)) if c.guard == sp.true and isinstance(c.relation, sp.Ne)]
    except Undetermined as exc:
        return StepCheck.unknown("antiderivative", f"where the result is differentiable: {exc}")
    decision = is_zero(sp.diff(result, x) - integral.function, tuple(ctx.facts) + tuple(kinks))
    if decision.value is True:
        where = f" (except where {', '.join(sp.sstr(k) for k in kinks)} fails; the result is continuous there)" if kinks else ""
        return StepCheck.proved(f"d/d{x} of the right-hand side minus the integrand is exactly 0{where} ({decision.method})")
    return StepCheck.unknown("antiderivative", "differentiating the result: " + decision.method)


def _jump(result, x, facts) -> StepCheck | None:
    """A piece boundary of the result where it is not continuous: no antiderivative on an interval
    jumps (refuted when both one-sided limits are known and differ), or continuity not decided."""
    from derivations.decide.numeric import admissible
    from .limits import NoLimit, decide_limit

    unfolded = expand_notation(result)
    if unfolded.has(sp.Heaviside, sp.sign, sp.floor, sp.ceiling):
        return StepCheck.unknown("antiderivative", "a step function in the result: continuity is not decided")
    points = []
    for piecewise in unfolded.atoms(sp.Piecewise):
        for _, cond in piecewise.args:
            for rel in (cond.atoms(sp.Rel) if cond not in (sp.true, sp.false) else ()):
                g = sp.expand(rel.lhs - rel.rhs)
                if x not in g.free_symbols:
                    continue
                if not (g.is_polynomial(x) and sp.degree(g, x) == 1):
                    return StepCheck.unknown("antiderivative", f"a piece boundary {sp.sstr(rel)} that is not linear in {x}")
                root = linear_root(g, x)
                if root not in points:
                    points.append(root)
    for point in points:
        local = [f.subs(x, point) for f in facts]
        if any(f == sp.false for f in local):
            continue  # the facts exclude the boundary: the claim is about the intervals on either side
        value = unfolded.subs(x, point)
        try:
            sides = [decide_limit(unfolded, x, point, side, tuple(facts))[0] for side in ("-", "+")]
        except NoLimit:
            sides = [None, None]
        if any(v is None for v in sides) or value.has(sp.nan, sp.zoo):
            return StepCheck.unknown("antiderivative", f"continuity of the result at {x} = {sp.sstr(point)} not decided")
        differences = [sp.simplify(v - value) for v in sides]
        if all(d == 0 for d in differences):
            continue
        detail = f"the result jumps at {x} = {sp.sstr(point)} (left {sp.sstr(sides[0])}, right {sp.sstr(sides[1])}, value {sp.sstr(value)}): no antiderivative on an interval does"
        at = {x: point}
        if point.is_number and all(d.is_number and d.is_zero is not None for d in differences) and admissible(at, [f for f in facts if f.free_symbols <= {x}]):
            return StepCheck(Verdict.REFUTED, "antiderivative", detail, Counterexample({x.name: sp.sstr(point)}, detail, True))
        return StepCheck.unknown("antiderivative", detail)
    return None
