"""Inequalities, each from an explicit certificate: a complete square, AM-GM, signs of factors, products of bounds."""

from __future__ import annotations

import sympy as sp

from ..algebra import is_zero, positive_forms, sign_of
from ..verdict import StepCheck
from . import Context, Goal, register

_FLIP = {">": "<", ">=": "<=", "<": "<", "<=": "<="}


def _oriented(goal: Goal) -> tuple[sp.Expr, str, sp.Expr]:
    """The goal as small (< or <=) big."""
    if goal.op in (">", ">="):
        return goal.rhs, _FLIP[goal.op], goal.lhs
    return goal.lhs, goal.op, goal.rhs


@register("am-gm", description="AM-GM: a b <= ((a + b)/2)^2, certified by the square ((a - b)/2)^2")
def am_gm(goal: Goal, ctx: Context) -> StepCheck:
    """a*b <= ((a+b)/2)^2 for real a, b, since the difference is the complete square ((a-b)/2)^2."""
    small, op, big = _oriented(goal)
    if op != "<=":
        return StepCheck.unknown("AM-GM", "AM-GM gives a non-strict bound (<=)")
    a, b = goal.hints.get("a"), goal.hints.get("b")
    if a is None or b is None:
        factors = sp.Mul.make_args(small)
        if len(factors) != 2:
            return StepCheck.unknown("AM-GM", "give the two factors as hints a=..., b=...")
        a, b = factors
    if is_zero(small - a * b, ctx.facts).value is not True:
        return StepCheck.unknown("AM-GM", f"{small} is not a*b for the given a, b")
    for factor in (a, b):
        if not sp.sympify(factor).is_real and sign_of(factor, ctx.facts)[0] is None:
            return StepCheck.unknown("AM-GM", f"{factor} is not known to be real")
    square = ((a - b) / 2) ** 2
    decision = is_zero(big - small - square, ctx.facts)
    if decision.value is True:
        return StepCheck.proved(f"certificate: right - left = ({sp.sstr((a - b) / 2)})^2 >= 0, exactly ({decision.method})")
    return StepCheck.unknown("AM-GM", "right - left is not ((a-b)/2)^2: " + decision.method)


@register("sum-of-squares", description="right - left equals a given nonnegative combination of squares")
def sum_of_squares(goal: Goal, ctx: Context) -> StepCheck:
    """left <= right because right - left = sum w_i c_i^2 with constants w_i >= 0 (hints squares=, weights=)."""
    small, op, big = _oriented(goal)
    squares = list(goal.hints.get("squares", ()))
    weights = list(goal.hints.get("weights", [1] * len(squares)))
    if op != "<=" or not squares or len(weights) != len(squares):
        return StepCheck.unknown("sum of squares", "needs a non-strict bound and hints squares=[...] (weights=[...])")
    if not all(sp.sympify(w).is_number and sp.sympify(w) >= 0 for w in weights):
        return StepCheck.unknown("sum of squares", "weights must be nonnegative constants")
    certificate = sum(sp.sympify(w) * sp.sympify(c) ** 2 for w, c in zip(weights, squares))
    decision = is_zero(big - small - certificate, ctx.facts)
    if decision.value is True:
        return StepCheck.proved(f"certificate: right - left = {sp.sstr(certificate)}, exactly ({decision.method})")
    return StepCheck.unknown("sum of squares", decision.method)


@register("positivity", description="a sign from factors of known sign (exp > 0, 0 < sigma < 1, hypotheses)")
def positivity(goal: Goal, ctx: Context) -> StepCheck:
    """0 < e (or 0 <= e): e is a product/sum of factors whose signs are known symbolically."""
    small, op, big = _oriented(goal)
    expr = big - small
    sign, why = sign_of(expr, ctx.facts)
    if sign == "pos" or (sign == "nonneg" and op == "<="):
        return StepCheck.proved(why)
    if sign == "nonneg":
        return StepCheck.unknown("sign", f"only {sp.sstr(expr)} >= 0 is known, the step needs > 0")
    return StepCheck.unknown("sign", why)


def _upper_bound(factor, facts):
    """A hypothesis factor <= B (or < B), matched exactly: returns (B, strict) or None."""
    for fact in facts:
        if isinstance(fact, (sp.StrictLessThan, sp.LessThan)):
            small, big, strict = fact.lhs, fact.rhs, isinstance(fact, sp.StrictLessThan)
        elif isinstance(fact, (sp.StrictGreaterThan, sp.GreaterThan)):
            small, big, strict = fact.rhs, fact.lhs, isinstance(fact, sp.StrictGreaterThan)
        else:
            continue
        if small == factor or is_zero(small - factor).value is True:
            if not big.is_zero:
                return big, strict
    return None


@register("bound-product", description="0 < a <= A and 0 < b <= B give a b <= A B")
def bound_product(goal: Goal, ctx: Context) -> StepCheck:
    """Multiply upper bounds of positive factors; each bound must be a hypothesis or a cited lemma."""
    small, op, big = _oriented(goal)
    facts = ctx.facts + tuple(_cited(goal, ctx))
    factors = list(goal.hints.get("factors", sp.Mul.make_args(small)))
    if is_zero(small - sp.Mul(*factors)).value is not True:
        return StepCheck.unknown("product of bounds", "the factors do not multiply to the left-hand side")
    bounds, strict_any, reasons = [], False, []
    for factor in factors:
        sign, why = sign_of(factor, facts)
        if sign != "pos":
            return StepCheck.unknown("product of bounds", f"{sp.sstr(factor)} is not known to be positive: {why}")
        found = _upper_bound(factor, facts)
        if found is None:
            if factor.is_number:
                found = (factor, False)
            else:
                return StepCheck.unknown("product of bounds", f"no hypothesis bounds {sp.sstr(factor)} from above")
        bounds.append(found[0])
        strict_any = strict_any or found[1]
        reasons.append(f"0 < {sp.sstr(factor)} {'<' if found[1] else '<='} {sp.sstr(found[0])}")
    if op == "<" and not strict_any:
        return StepCheck.unknown("product of bounds", "no factor's bound is strict, the step claims <")
    decision = is_zero(big - sp.Mul(*bounds), ctx.facts)
    if decision.value is not True:
        return StepCheck.unknown("product of bounds", f"the right-hand side is not the product of the bounds {sp.sstr(sp.Mul(*bounds))}")
    return StepCheck.proved("; ".join(reasons) + f"; product of the bounds = right-hand side ({decision.method})")


def _cited(goal: Goal, ctx: Context):
    from .lemma import instantiate

    out = []
    for citation in goal.hints.get("lemmas", ()):
        out.extend(instantiate(citation, ctx))
    return out


def known_positive(expr, facts) -> bool:
    """For other modules: is expr > 0 decided symbolically?"""
    return sign_of(expr, facts)[0] == "pos"


__all__ = ["positive_forms", "known_positive"]
