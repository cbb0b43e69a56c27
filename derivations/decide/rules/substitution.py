"""A variable seen only through e^{x}: the inequality in u = e^{x/q} > 0 instead (x = q log u, a bijection of R onto (0, oo))."""

from __future__ import annotations

from contextvars import ContextVar

import sympy as sp

from derivations.model.verdict import StepCheck
from . import Context, Goal, gap_fallback

_INSIDE: ContextVar[bool] = ContextVar("inside_substitution", default=False)


def _step(x, e):
    """q such that every exponent containing x is linear in x with coefficients in (1/q) Z (negative q
    when they all are negative: u = e^{-x}), else None."""
    q, signs = 1, set()
    for power in e.atoms(sp.exp):
        arg = power.args[0]
        if not arg.has(x):
            continue
        a = sp.diff(arg, x)
        if a.free_symbols or not a.is_Rational or a == 0:
            return None
        q, signs = sp.ilcm(q, a.q), signs | {a > 0}
    return -q if signs == {False} else q


def _substituted(x, e, facts):
    """(u, e in u, facts in u) where x occurs in e only through e^{a x + b}, else None."""
    q = _step(x, e)
    if q is None:
        return None
    u = sp.Symbol(f"u_{x.name}", positive=True)
    new = sp.powsimp(sp.expand_power_exp(e.subs(x, q * sp.log(u))))
    if new.has(x) or new.has(sp.log(u)) or not new.has(u):
        return None
    moved = []
    for fact in facts:
        if not fact.has(x):
            moved.append(fact)
            continue
        if not isinstance(fact, sp.core.relational.Relational) or fact.lhs != x or fact.rhs.free_symbols:
            return None  # only bounds x op c follow the substitution here
        bound = sp.exp(fact.rhs / q)
        moved.append(fact.func(u, bound) if q > 0 else fact.reversed.func(u, bound))
    return u, new, moved, q


@gap_fallback("substitution", order=10)
def by_exponential(difference, strict: bool, ctx: Context) -> StepCheck:
    """big - small >= 0 (> 0) where a variable x occurs only through e^{a x}: the same inequality in
    u = e^{x/q} on u > 0, decided by the whole engine (an exponential made a power)."""
    from . import check

    if _INSIDE.get():
        return StepCheck.unknown("substitution", "already substituted")
    try:
        for x in sorted(difference.free_symbols, key=lambda s: s.name):
            found = _substituted(x, difference, ctx.facts)
            if found is not None:
                break
        else:
            return StepCheck.unknown("substitution", "no variable occurs only through an exponential")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("substitution", "a SymPy computation failed: not decided")
    u, new, facts, q = found
    said = f"{u} = e^({x}/{q})" if abs(q) != 1 else f"{u} = e^{x}" if q == 1 else f"{u} = e^(-{x})"
    token = _INSIDE.set(True)
    try:
        inner = check("inequality", Goal(sp.Integer(0), "<" if strict else "<=", new), Context(tuple(facts) + (u > 0,), ctx.lemma, (), ctx.assumptions))
    finally:
        _INSIDE.reset(token)
    if inner.verdict.value != "proved":
        return StepCheck.unknown("substitution", f"with {said} not decided: {inner.method} {inner.detail}"[:300])
    return StepCheck.proved(f"with {said} > 0: {sp.sstr(new)} {'>' if strict else '>='} 0 ({inner.method}{': ' + inner.detail if inner.detail else ''})")
