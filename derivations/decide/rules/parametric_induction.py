"""Induction on an integer n with real parameters (Bernoulli's (1+x)^n >= 1 + nx): base and step each an inequality in the parameters, decided by the engine."""

from __future__ import annotations

from contextvars import ContextVar

import sympy as sp

from derivations.base.budget import OutOfTime
from derivations.model.verdict import StepCheck
from . import Context, Goal, fallback

_INSIDE: ContextVar[bool] = ContextVar("inside_parametric_induction", default=False)


def _proved(op: str, e, facts, ctx) -> str:
    """The engine's proof that 0 op e under facts ('' when not proved)."""
    from . import check

    found = check("inequality", Goal(sp.Integer(0), op, e), Context(tuple(facts), ctx.lemma, (), tuple(facts)))
    return f"{found.method}{': ' + found.detail if found.detail else ''}" if found.verdict.value == "proved" else ""


@fallback("inequality", order=60)
def by_induction_with_parameters(goal: Goal, ctx: Context) -> StepCheck:
    """small <= big for every integer n >= n0 and every value of the other (real) symbols the facts allow:
    the base d(n0) >= 0 and the step d(n+1) = r d(n) + rest with r >= 0 and rest >= 0 for every real
    n >= n0 (a stronger claim), each proved by the engine in the parameters; an identity by construction.
    Strict: a strict base and r > 0 (then every d(n) > 0)."""
    from .induction import _at, _integer_symbol, _ratios, _shift, _start
    from .inequality import _oriented

    small, op, big = _oriented(goal)
    if op not in ("<", "<=") or _INSIDE.get():
        return StepCheck.unknown("induction", "not an inequality" if op not in ("<", "<=") else "already inside an induction")
    n = _integer_symbol(goal)
    d = sp.sympify(big - small)
    others = d.free_symbols - {n} if n is not None else set()
    if n is None or not others or any(s.is_integer for s in others) or d.has(sp.Sum, sp.Product):
        return StepCheck.unknown("induction", "not an integer n with real parameters")
    n0 = _start(n, [f for f in ctx.facts if n in getattr(f, "free_symbols", set())])
    if n0 is None:
        return StepCheck.unknown("induction", "the range of n is not a ray of integers")
    given = [f for f in ctx.facts if n not in getattr(f, "free_symbols", set())]
    strict = op == "<"
    token = _INSIDE.set(True)
    try:
        base = sp.simplify(_at(d, n, n0))
        base_strict = _proved("<", base, given, ctx)
        base_weak = base_strict or _proved("<=", base, given, ctx)
        if not (base_strict if strict else base_weak):  # a strict claim must hold strictly at n0 itself
            return StepCheck.unknown("induction", f"the base case {n} = {n0} is not decided: {sp.sstr(base)} {'>' if strict else '>='} 0")
        following, on_ray = _shift(d, n), given + [sp.Ge(n, n0)]
        for r in _ratios(big, n) + [r for r in _ratios(small, n) if r != 1]:
            if r.has(n) and not r.free_symbols - {n}:
                continue  # a growth factor of n alone: the one-integer induction's business
            rest = sp.factor(sp.expand(following - r * d))
            why_r = _proved("<" if strict else "<=", r, on_ray, ctx)
            if not why_r:
                continue
            why_rest = _proved("<=", rest, on_ray, ctx)  # with d(n) > 0 and r > 0: d(n+1) > 0
            if why_rest:
                return StepCheck.proved(
                    f"induction on {n} >= {n0} for every value of {', '.join(sorted(s.name for s in others))}: "
                    f"base {sp.sstr(base)} {'>' if base_strict else '>='} 0 ({base_weak}); step g({n}+1) = ({sp.sstr(r)}) g({n}) + ({sp.sstr(rest)}) "
                    f"for g = {sp.sstr(d)}, with {sp.sstr(r)} {'>' if strict else '>='} 0 ({why_r}) and the rest >= 0 ({why_rest})")
    except OutOfTime:
        return StepCheck.unknown("induction", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("induction", "a SymPy computation failed: not decided")
    finally:
        _INSIDE.reset(token)
    return StepCheck.unknown("induction", "no induction step with parameters found")
