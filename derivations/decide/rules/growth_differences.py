"""Inequalities d_n = b_n - a_n >= 0 over integers n >= n0 whose sides are sums: d at the base exactly, and the difference d_{n+1} - d_n = P_n - Q_n (terms of one kind gathered into single products) >= 0 by the growth ratio of P and Q."""

from __future__ import annotations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import StepCheck
from . import Context, Goal, fallback
from .ray_signs import rational_sign

SECONDS = 3.0  # CPU seconds for one statement
LABEL = "growth differences"
DEPTH = 3  # differences of differences of differences at most
SHIFTS = 6  # the difference's step may start this many values after the base, those values computed exactly


def _gathered(expr, n):
    """expr as a list of products rep * r(n) (r rational, rep one term of each kind: terms of a kind differ by
    a rational factor), or None."""
    groups: list[list] = []
    for term in sp.Add.make_args(sp.expand(expr)):
        for group in groups:
            ratio = sp.cancel(sp.combsimp(sp.gammasimp(term / group[0])))
            if ratio.is_rational_function(n) and not ratio.has(sp.factorial, sp.binomial, sp.gamma):
                group[1] += ratio
                break
        else:
            groups.append([term, sp.Integer(1)])
    return [(rep, sp.factor(sp.cancel(r))) for rep, r in groups if sp.cancel(r) != 0]


def _split(delta, n, n1):
    """(P, Q) with delta = P - Q, each one product (or 0) positive for n >= n1, or None."""
    from .growth_ratios import NotInClass, growth

    plus, minus = [], []
    for rep, r in _gathered(delta, n):
        coefficient, rest = rep.as_coeff_Mul()
        r = sp.factor(r * coefficient)
        s = rational_sign(r, n, n1)
        if s is None or not s.strict:
            return None
        try:
            growth(rest, n, n1)  # a product of factors positive for n >= n1
        except NotInClass:
            return None
        (plus if s.sign > 0 else minus).append(rest * (r if s.sign > 0 else -r))
    if len(plus) > 1 or len(minus) > 1:
        return None
    return (plus[0] if plus else sp.Integer(0)), (minus[0] if minus else sp.Integer(0))


def grows(d, n, n0, depth) -> str:
    """Why d(n+1) - d(n) >= 0 for every integer n >= n0 (so d(n) >= d(n0)), or '': the difference is
    P - Q, two positive products, Q <= P by the growth ratio after the first values (computed exactly);
    or, depth allowing, the difference itself grows from a value >= 0."""
    from .growth_ratios import search, step

    delta = sp.expand(d.xreplace({n: n + 1}) - d)
    for n1 in range(int(n0), int(n0) + SHIFTS):
        bad, last = search(delta, False, n, n0, count=n1 - n0 + SHIFTS, exact=n1 - n0 + SHIFTS)
        if bad is not None or last is None or last < n1:
            return ""  # the difference is negative somewhere: d does not only grow
        parts = _split(delta, n, n1)
        if parts is None:
            if depth > 1 and n1 == n0:
                inner = grows(delta, n, n0, depth - 1)
                if inner:
                    return f"d({n}+1) - d({n}) = {sp.sstr(delta)} >= 0 at {n} = {n0} and [{inner}]"
            continue
        P, Q = parts
        if any(sp.simplify((delta - P + Q).xreplace({n: sp.Integer(v)})) != 0 for v in range(n1, n1 + 3)):
            return ""  # the terms were not gathered into the same sum
        if Q == 0:
            return f"d({n}+1) - d({n}) = {sp.sstr(P)} > 0 (a positive product) for {n} >= {n1}, >= 0 at {n} = {n0}..{n1} (computed exactly)"
        if P == 0:
            return ""
        m1, why, _ = step(Q, P, n, n1)
        if m1 is not None and m1 <= last:
            return f"d({n}+1) - d({n}) = P - Q with P = {sp.sstr(P)}, Q = {sp.sstr(Q)}, >= 0 at {n} = {n0}..{m1} (computed exactly) and, from {m1} on, {why}"
    return ""


@fallback("inequality", order=30)
def by_growth_differences(goal: Goal, ctx: Context) -> StepCheck:
    """a_n <= b_n (<) with a side a sum: refuted at the first n0 <= n <= n0 + 60 where it fails (exact),
    else proved by d = b - a at n0..n1 exactly and d_{n+1} - d_n = P - Q >= 0 for n >= n1, Q <= P by the
    growth ratio Q_{m+1}/Q_m <= P_{m+1}/P_m (so d only grows)."""
    from .growth_ratios import _one_integer, refutation, search
    from .inequality import _oriented

    small, op, big = _oriented(goal)
    if op not in ("<", "<="):
        return StepCheck.unknown(LABEL, "not an inequality")
    n, n0 = _one_integer(goal, ctx)
    if n is None or n0 is None or not (small.is_Add or big.is_Add):
        return StepCheck.unknown(LABEL, "not a statement about one integer on a ray with a side a sum")
    d = big - small
    if not d.has(sp.factorial, sp.binomial):
        return StepCheck.unknown(LABEL, "no factorial or binomial")
    strict = op == "<"
    try:
        with budget(SECONDS):
            bad, last = search(d, strict, n, n0)
            if bad is not None:
                detail = f"at {n} = {bad} the statement {sp.sstr(goal.relation())} fails, computed exactly"
                return refutation(LABEL, n, bad, detail, True, ctx.facts)
            if last is None:
                return StepCheck.unknown(LABEL, f"the statement at {n} = {n0} is not decided exactly")
            why = grows(d, n, n0, DEPTH)
    except OutOfTime:
        return StepCheck.unknown(LABEL, "out of time")
    if why:
        return StepCheck.proved(f"induction on the difference d = {sp.sstr(d)}: d {'> 0' if strict else '>= 0'} at {n} = {n0} (computed exactly) and {why}")
    return StepCheck.unknown(LABEL, "the difference d(n+1) - d(n) is not two products of known growth")
