"""Composite bounds through strictly increasing functions: F(u) >= F(v) iff u >= v for F among sigma, softplus, tanh, exp, log, arctan, sinh, arsinh, artanh, arcsin (and F(u) >= c through c = F(F^{-1}(c)))."""

from __future__ import annotations

import sympy as sp

from derivations.notation import sigmoid, softplus
from derivations.model.verdict import StepCheck
from . import Context, Goal, fallback

# F -> its inverse on its range (None when c is outside the range: then the comparison is by the range)
_INCREASING = {
    sigmoid: (lambda c: sp.log(c / (1 - c)) if (c > 0) == sp.true and (c < 1) == sp.true else None),
    sp.tanh: (lambda c: sp.atanh(c) if (c > -1) == sp.true and (c < 1) == sp.true else None),
    softplus: (lambda c: sp.log(sp.exp(c) - 1) if (c > 0) == sp.true else None),
    sp.exp: (lambda c: sp.log(c) if (c > 0) == sp.true else None),
    sp.log: (lambda c: sp.exp(c)),
    sp.atan: (lambda c: sp.tan(c) if (c > -sp.pi / 2) == sp.true and (c < sp.pi / 2) == sp.true else None),
    sp.sinh: (lambda c: sp.asinh(c)),
    sp.asinh: (lambda c: sp.sinh(c)),
    sp.atanh: (lambda c: sp.tanh(c)),
    sp.asin: (lambda c: sp.sin(c) if (c >= -sp.pi / 2) == sp.true and (c <= sp.pi / 2) == sp.true else None),
}


def _head(term):
    for F in _INCREASING:
        if isinstance(term, F) and len(term.args) == 1:
            return F, term.args[0]
    return None, None


def reduce(d):
    """d = F(u) - F(v), or F(u) - c, with F strictly increasing -> (u - v, F's name), else None."""
    terms = sp.Add.make_args(d)
    if len(terms) != 2:
        return None
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    negative = [-t for t in terms if t.could_extract_minus_sign()]
    if len(positive) != 1 or len(negative) != 1:
        return None
    (Fb, b), (Fa, a) = _head(positive[0]), _head(negative[0])
    if Fb is not None and Fb is Fa:
        return b - a, Fb.__name__
    for F, inner, const, flip in ((Fb, b, negative[0], False), (Fa, a, positive[0], True)):
        if F is None or not const.is_number:
            continue
        other = _INCREASING[F](const)
        if other is None or other.has(sp.zoo, sp.nan):
            continue
        return ((other - inner) if flip else (inner - other)), F.__name__
    return None


@fallback("inequality")
def through_increasing(goal: Goal, ctx: Context) -> StepCheck:
    """F(u) <= F(v) (<) because u <= v (<) and F is strictly increasing (where both are defined)."""
    from .calculus_bounds import decide_one_variable
    from .inequality import _oriented, decide_sign

    small, op, big = _oriented(goal)
    if op not in ("<", "<="):
        return StepCheck.unknown("composite", "not an inequality")
    reduced = reduce(big - small)
    if reduced is None:
        return StepCheck.unknown("composite", "not F(u) - F(v) with F increasing")
    inner, name = reduced
    strict = op == "<"
    ok, why = decide_sign(inner, strict, ctx.facts)
    if not ok:
        found = decide_one_variable(inner, strict, ctx.facts)
        if found is None or found.verdict.value != "proved":
            return StepCheck.unknown("composite", f"{name} is increasing, but the sign of {sp.sstr(inner)} is not decided")
        why = found.how
    return StepCheck.proved(f"{name} is strictly increasing: the sign of {sp.sstr(inner)} ({why})")
