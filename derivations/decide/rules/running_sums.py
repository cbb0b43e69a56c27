"""A statement about sums or products up to n over the integers n >= n0, searched at each n in turn (the
running sum kept from one n to the next) for the first n where it fails, that n then computed exactly."""

from __future__ import annotations

import mpmath
import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback
from .induction import _integer_symbol, _start

LAST = 3000  # the largest n tried
SECONDS = 4.0  # CPU seconds for the search
MARGIN = mpmath.mpf(10) ** -20  # a failure by less than this (relative) is left to exact arithmetic


def _running(node, n):
    """(body, index, first index, shift) of a sum or product over k = a..n + c with a constant a and a body
    free of n, else None."""
    if not isinstance(node, (sp.Sum, sp.Product)) or len(node.limits) != 1:
        return None
    k, a, b = node.limits[0]
    shift = sp.expand(b - n)
    if not a.is_Integer or not shift.is_Integer or node.function.has(n):
        return None
    return node.function, k, int(a), int(shift)


def first_failure(rel, n, n0, last=LAST):
    """The first integer n0 <= n <= last where rel fails at 30 digits by a clear margin, or None."""
    families = [f for f in rel.atoms(sp.Sum, sp.Product) if f.has(n)]
    if not families or any(_running(f, n) is None for f in families):
        return None
    names = [sp.Dummy(f"s{i}") for i in range(len(families))]
    plain = rel.xreplace(dict(zip(families, names)))
    if plain.has(sp.Sum, sp.Product):
        return None
    d = plain.lhs - plain.rhs
    value = sp.lambdify([n, *names], d, modules="mpmath")
    terms = [sp.lambdify(_running(f, n)[1], _running(f, n)[0], modules="mpmath") for f in families]
    with mpmath.workdps(30):
        state, upto = [], []
        for f, (body, k, a, shift) in zip(families, map(lambda f: _running(f, n), families)):
            total = mpmath.mpf(1 if isinstance(f, sp.Product) else 0)
            state.append(total)
            upto.append(a - 1)  # the terms summed so far: a..upto
        for m in range(int(n0), last + 1):
            for i, f in enumerate(families):
                _, _, _, shift = _running(f, n)
                while upto[i] < m + shift:
                    upto[i] += 1
                    t = terms[i](upto[i])
                    state[i] = state[i] * t if isinstance(f, sp.Product) else state[i] + t
            try:
                diff = value(m, *state)
            except (ZeroDivisionError, ValueError, OverflowError):
                continue
            if not isinstance(diff, mpmath.mpf) or not mpmath.isfinite(diff):
                continue
            scale = max([mpmath.mpf(1)] + [abs(s) for s in state])
            if isinstance(rel, sp.Eq):
                fails = abs(diff) > MARGIN * scale
            elif isinstance(rel, (sp.Lt, sp.Le)):
                fails = diff > MARGIN * scale
            else:
                fails = diff < -MARGIN * scale
            if fails:
                return m
    return None


def _integer_ray(goal: Goal, ctx: Context) -> tuple | str:
    """(n, n0) for a statement about one integer n >= n0, else why it is not one."""
    n = _integer_symbol(goal)
    if n is None or (goal.lhs - goal.rhs).free_symbols != {n}:
        return "not a statement about one integer"
    n0 = _start(n, ctx.facts)
    return (n, n0) if n0 is not None else "the range of n is not a ray of integers"


@fallback("inequality")
def running_sums(goal: Goal, ctx: Context) -> StepCheck:
    """A sum up to n compared with a bound, for every integer n >= n0: refuted at the first n where it
    fails (30-digit running sums find it; the statement is then computed exactly there)."""
    rel = goal.relation()
    ray = _integer_ray(goal, ctx)
    if isinstance(ray, str) or not isinstance(rel, sp.Rel):
        return StepCheck.unknown("running sums", ray if isinstance(ray, str) else "not a relation")
    n, n0 = ray
    try:
        with budget(SECONDS):
            m = first_failure(rel, n, n0)
            if m is None:
                return StepCheck.unknown("running sums", f"no failure for {n} = {n0}..{LAST}")
            truth = sp.sympify(type(rel)(rel.lhs.xreplace({n: m}).doit(), rel.rhs.xreplace({n: m}).doit()))
    except OutOfTime:
        return StepCheck.unknown("running sums", "out of time")
    if truth != sp.false:
        return StepCheck.unknown("running sums", f"a failure at {n} = {m} in 30 digits is not confirmed exactly")
    detail = f"the statement fails at {n} = {m} (found by running sums over {n} = {n0}, {n0}+1, ..., computed exactly there)"
    return StepCheck(Verdict.REFUTED, "running sums", detail, Counterexample({n.name: str(m)}, detail, True))


@fallback("identity")
def small_n(goal: Goal, ctx: Context) -> StepCheck:
    """A sum with n in its bounds or terms set equal to a closed form, refuted at the first of n = n0,
    n0 + 1, ... where the two sides, computed exactly, differ (sum_{k=n}^{2n} k = 3n^2/2 fails at n = 1)."""
    from .induction import _refuted

    ray = _integer_ray(goal, ctx)
    if isinstance(ray, str) or goal.op != "=" or not (goal.lhs.has(sp.Sum, sp.Product) or goal.rhs.has(sp.Sum, sp.Product)):
        return StepCheck.unknown("small n", ray if isinstance(ray, str) else "not an equality of sums about one integer")
    n, n0 = ray
    try:
        with budget(SECONDS):
            return _refuted(sp.Eq(goal.lhs, goal.rhs, evaluate=False), n, n0, "no certificate for the closed form")
    except OutOfTime:
        return StepCheck.unknown("small n", "out of time")
