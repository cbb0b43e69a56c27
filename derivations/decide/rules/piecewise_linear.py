"""Piecewise-linear inequalities in several variables (|.|, max, min of linear terms, nested): split into the closed cells where every kink is one linear piece, and decide each cell by an exact rational linear program (SymPy's simplex)."""

from __future__ import annotations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback

SECONDS = 4.0
MAX_CELLS = 256
_KINKS = (sp.Abs, sp.Max, sp.Min)


def _innermost(e):
    """A kink whose arguments have no kink, or None."""
    for node in sp.postorder_traversal(e):
        if isinstance(node, _KINKS) and not any(a.has(*_KINKS) for a in node.args):
            return node
    return None


def _pieces(kink):
    """(the linear piece, the closed conditions where the kink equals it) for each piece of the kink."""
    if isinstance(kink, sp.Abs):
        u = kink.args[0]
        return [(u, [sp.Ge(u, 0)]), (-u, [sp.Le(u, 0)])]
    args = list(kink.args)
    better = sp.Ge if isinstance(kink, sp.Max) else sp.Le
    return [(a, [better(a, b) for b in args if b is not a]) for a in args]


def cells(d, constraints):
    """Every (linear expression, closed linear constraints) that d is on a cell; None past MAX_CELLS."""
    out, todo = [], [(d, list(constraints))]
    while todo:
        e, cons = todo.pop()
        kink = _innermost(e)
        if kink is None:
            out.append((e, cons))
            if len(out) > MAX_CELLS:
                return None
            continue
        for piece, conditions in _pieces(kink):
            todo.append((e.xreplace({kink: piece}), cons + conditions))
        if len(todo) > MAX_CELLS:
            return None
    return out


def _linear(e, variables) -> bool:
    return e.is_polynomial(*variables) and sp.Poly(e, *variables).total_degree() <= 1


def _closed(fact):
    """x > 0 as x >= 0: the closure of the assumptions (a proof on it is a proof on them)."""
    return {sp.Gt: sp.Ge, sp.Lt: sp.Le}.get(type(fact), type(fact))(fact.lhs, fact.rhs)


@fallback("inequality")
def piecewise_linear(goal: Goal, ctx: Context) -> StepCheck:
    """small <= big (<) where both are piecewise linear: on each closed cell, min(big - small) >= 0 (> 0)
    by an exact linear program; an empty cell has nothing to decide; a cell with a negative minimum is
    a counterexample at the minimiser (exact rationals)."""
    from derivations.notation import expand_notation
    from .inequality import _oriented
    from sympy.solvers.simplex import InfeasibleLPError, UnboundedLPError, lpmin

    small, op, big = _oriented(goal)
    if op not in ("<", "<="):
        return StepCheck.unknown("piecewise-linear", "not an inequality")
    d = expand_notation(sp.sympify(big - small))
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not d.has(*_KINKS) or not variables or any(not v.is_real or v.is_integer for v in variables):
        return StepCheck.unknown("piecewise-linear", "no kink of real variables")
    facts = [sp.sympify(f) for f in ctx.facts if sp.sympify(f).free_symbols & set(variables)]
    if any(not isinstance(f, (sp.Ge, sp.Gt, sp.Le, sp.Lt, sp.Eq)) or not _linear(f.lhs - f.rhs, variables) for f in facts):
        return StepCheck.unknown("piecewise-linear", "an assumption is not linear")
    strict = op == "<"
    try:
        with budget(SECONDS):
            found = cells(d, [_closed(f) for f in facts])
            if found is None:
                return StepCheck.unknown("piecewise-linear", "too many cells")
            minima, empty = [], 0
            for e, cons in found:
                e = sp.expand(e)
                if not _linear(e, variables) or not all(_linear(c.lhs - c.rhs, variables) for c in cons):
                    return StepCheck.unknown("piecewise-linear", "a piece is not linear")
                cons = [c for c in cons if c != sp.true]
                if any(c == sp.false for c in cons):
                    empty += 1
                    continue
                try:
                    low, point = lpmin(e, cons)  # a constant e: its value, at a point of the cell
                except InfeasibleLPError:
                    empty += 1
                    continue
                except UnboundedLPError:  # unbounded below: a point where it is -1
                    low, point = lpmin(e, cons + [sp.Ge(e, -1)])
                if low < 0 or (strict and low == 0):
                    values = {v: point.get(v, sp.Integer(0)) for v in variables}
                    if all(f.xreplace(values) == sp.true for f in facts):
                        text = {v.name: sp.sstr(values[v]) for v in variables}
                        how = f"on the cell {', '.join(sp.sstr(c) for c in cons) or 'everywhere'} big - small = {sp.sstr(e)}, {sp.sstr(low)} at " + ", ".join(f"{k} = {w}" for k, w in text.items())
                        return StepCheck(Verdict.REFUTED, "piecewise-linear", how, Counterexample(text, how, True))
                    return StepCheck.unknown("piecewise-linear", "the minimum of a cell lies on the boundary of a strict assumption")
                minima.append(low)
    except OutOfTime:
        return StepCheck.unknown("piecewise-linear", "out of time")
    return StepCheck.proved(f"piecewise linear: on each of {len(found)} closed cells where every |.|, max and min is one linear piece ({empty} empty), the exact linear minimum of big - small is {'>' if strict else '>='} 0 (least {sp.sstr(min(minima)) if minima else 'none'})")
