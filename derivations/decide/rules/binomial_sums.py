"""Sums sum_{k=0}^{n} binom(n, k) c^k p(k) (p a polynomial) by Pascal's rule: S(n+1) = (1 + c) S(n) + c S'(n), where S' has p(k+1) - p(k) in place of p, so a closed form is certified by its value at the base and that recurrence, exactly, the lower sum's closed form certified the same way first."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import is_zero

MAX_DEGREE = 4


def _shape(body, k, n):
    """(c, p) with body = binom(n, k) c^k p(k), c a nonzero rational and p a polynomial in k alone, or None."""
    binomials = [b for b in body.atoms(sp.binomial) if b.args == (n, k)]
    if len(binomials) != 1:
        return None
    rest = sp.powsimp(sp.expand_power_base(sp.simplify(body / binomials[0])))
    if rest.has(n) or rest.has(sp.binomial, sp.factorial):
        return None
    c = sp.Integer(1)
    for factor in sp.Mul.make_args(rest):
        if factor.is_Pow and factor.base.is_Rational and factor.exp in (k, -k):
            c *= factor.base if factor.exp == k else 1 / factor.base
    p = sp.simplify(rest / c**k)
    if not p.is_polynomial(k) or sp.degree(p, k) > MAX_DEGREE or c == 0 or not c.is_Rational:
        return None
    return c, sp.expand(p)


def _sum(c, p, k, n):
    return sp.Sum(sp.binomial(n, k) * c**k * p, (k, 0, n))


def _proposal(c, p, k, n):
    """A closed form to certify (a proposal only): p(k) = sum_j b_j binom(k, j) with b_j the j-th forward
    difference of p at 0, and sum_k binom(n,k) binom(k,j) c^k = binom(n,j) c^j (1+c)^(n-j)."""
    if c == -1:
        return None
    total, diff = sp.Integer(0), p
    for j in range(int(sp.degree(p, k)) + 1 if p != 0 else 0):
        total += diff.xreplace({k: 0}) * sp.expand_func(sp.binomial(n, j)) * c**j * (1 + c) ** (n - j)
        diff = sp.expand(diff.xreplace({k: k + 1}) - diff)
    return sp.simplify(total)


def certified(c, p, k, n, n0, closed, facts, depth=0) -> str:
    """A certificate that sum_{k=0}^{n} binom(n,k) c^k p(k) = closed for every integer n >= n0, or ''."""
    if depth > MAX_DEGREE + 1:
        return ""
    base = sp.simplify(_sum(c, p, k, n).xreplace({n: n0}).doit() - closed.xreplace({n: n0}))
    if base != 0:
        return ""
    dp = sp.expand(p.xreplace({k: k + 1}) - p)
    lower, lower_why = sp.Integer(0), "p(k+1) = p(k)"
    if dp != 0:
        lower = _proposal(c, dp, k, n)
        if lower is None:
            return ""
        lower_why = certified(c, dp, k, n, n0, lower, facts, depth + 1)
        if not lower_why:
            return ""
    step = closed.xreplace({n: n + 1}) - (1 + c) * closed - c * lower
    local = tuple(facts) + (sp.Ge(n, n0),)
    if is_zero(sp.expand(sp.powsimp(sp.expand(step))), local).value is not True:
        return ""
    return f"[{sp.sstr(closed)}: equal at {n} = {n0}, and F({n}+1) = {sp.sstr(1 + c)} F({n}) + {sp.sstr(c)} ({sp.sstr(lower)}) exactly{'; ' + lower_why if dp != 0 else ''}]"


def binomial_sum(family, closed, n, n0, facts) -> str:
    """The certificate for family = closed (family: a Sum over k = 0..n of binom(n, k) c^k p(k)), or ''."""
    (k, a, b), body = family.limits[0], family.function
    if not isinstance(family, sp.Sum) or a != 0 or b != n or n0 < 0:
        return ""
    shape = _shape(body, k, n)
    if shape is None:
        return ""
    c, p = shape
    why = certified(c, p, k, n, n0, closed, facts)
    if not why:
        return ""
    return f"Pascal's rule binom(n+1, k) = binom(n, k) + binom(n, k-1) gives S({n}+1) = (1 + c) S({n}) + c S'({n}) for the sum of binom(n, k) c^k p(k), S' with p(k+1) - p(k): {why}; by induction on {n} >= {n0}"
