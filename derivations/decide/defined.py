"""Where a formula is defined over the reals, and whether the article's stated conditions cover it.

The natural domain is the engine's (``derivations/decide/domain.py``): logarithm arguments positive, bases of
``\\log_t`` positive and not 1, denominators non-zero, roots and real powers of non-negative or positive
bases, points of differentiability under a derivative; a bound variable is not a condition. Here it is
only put in its plainest form and compared with what the article states.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp



def natural_domain(expr) -> list[sp.Basic]:
    """The conditions (relations) under which every part of expr is a real number, simplest form first.
    Conditions that hold only inside one case of a piecewise part are left out (never shown, never used
    to refute)."""
    from .algebra import strengthen
    from .domain import Undetermined, conditions

    try:
        found = [c.relation for c in conditions(expr) if c.guard == sp.true]
    except Undetermined:
        found = []
    out: list[sp.Basic] = []
    for condition in found:
        for simple in _simplified(condition):
            if simple is sp.true or simple in out:
                continue
            out.append(simple)
    # t^x + 1 > 0 once t > 0 is known; x != 1 once x < 1 is: keep only what the others do not give
    kept = []
    for k, condition in enumerate(out):
        others = [c for j, c in enumerate(out) if j != k and c is not sp.false and (j < k or c not in kept)]
        mapping = {**_nonzero(others), **strengthen(others)}
        stronger = _evaluated(condition.xreplace(mapping)) if condition is not sp.false else condition
        if stronger is sp.true or (condition is not sp.false and implies(tuple(c for c in others if c in kept or out.index(c) > k), condition)):
            continue
        kept.append(condition)
    return kept


def _nonzero(facts) -> dict:
    """Symbols a fact says are not 0 (tau != 0): real and non-zero, so that e^{x/tau} is known positive."""
    return {f.lhs: sp.Symbol(f.lhs.name, real=True, nonzero=True) for f in facts if isinstance(f, sp.Ne) and f.lhs.is_Symbol and f.rhs == 0}


def _evaluated(condition):
    if isinstance(condition, sp.logic.boolalg.BooleanAtom):
        return condition
    try:
        return type(condition)(condition.lhs, condition.rhs)
    except TypeError:
        return condition


def _simplified(condition) -> list[sp.Basic]:
    """A condition as the plainest relations: evaluated when SymPy knows it (1 + e^x > 0), solved for a
    single variable where that gives an interval (e^x - 1 > 0 is x > 0)."""
    if isinstance(condition, sp.logic.boolalg.BooleanAtom):
        return [condition]
    try:
        evaluated = type(condition)(condition.lhs, condition.rhs)
    except TypeError:
        return [condition]
    if evaluated in (sp.true, sp.false):
        return [evaluated]
    symbols = condition.free_symbols
    if len(symbols) != 1 or isinstance(condition, sp.Ne) and not condition.lhs.is_polynomial():
        return [condition]
    (x,) = symbols
    solved = solution_set(condition, x)
    if solved is None:
        return [condition]
    relations = relations_of_set(solved, x)
    return relations if relations is not None else [condition]


def solution_set(condition, x):
    """The real solutions of a one-variable condition, or None when SymPy cannot say in time."""
    from derivations.base.budget import OutOfTime, budget

    try:
        with budget(2):
            solved = sp.solveset(condition, x, sp.S.Reals)
    except (OutOfTime, NotImplementedError, ValueError, TypeError):
        return None
    if isinstance(solved, (sp.ConditionSet, sp.ImageSet)) or solved.has(sp.ConditionSet):
        return None
    return solved


def relations_of_set(solved, x) -> list[sp.Basic] | None:
    """An interval, the whole line, or the line minus points, as relations in x; None for anything else."""
    if solved == sp.S.Reals:
        return [sp.true]
    if solved is sp.S.EmptySet:
        return [sp.false]
    if isinstance(solved, sp.Interval):
        out = []
        if solved.start != -sp.oo:
            out.append((sp.Gt if solved.left_open else sp.Ge)(x, solved.start))
        if solved.end != sp.oo:
            out.append((sp.Lt if solved.right_open else sp.Le)(x, solved.end))
        return out
    if isinstance(solved, sp.Complement) and solved.args[0] == sp.S.Reals and isinstance(solved.args[1], sp.FiniteSet):
        return [sp.Ne(x, point) for point in solved.args[1]]
    if isinstance(solved, sp.Union) and all(isinstance(a, sp.Interval) for a in solved.args) and len(solved.args) == 2:
        left, right = sorted(solved.args, key=lambda a: a.start)
        if left.start == -sp.oo and right.end == sp.oo and left.end == right.start and left.right_open and right.left_open:
            return [sp.Ne(x, left.end)]
    return None


@dataclass(frozen=True)
class Coverage:
    """The formula's domain beyond the stated conditions, and whether the stated conditions cover it."""

    beyond: tuple[sp.Basic, ...]  # domain conditions the stated ones do not give (the "domain" shown)
    covered: bool | None  # True: stated conditions imply the domain; False: a stated point lies outside
    witness: dict | None = None  # a point the stated conditions allow where the formula is undefined
    violated: sp.Basic | None = None


def coverage(domain: list, stated: tuple) -> Coverage:
    """Which domain conditions the stated ones imply; a point allowed by them where one fails, if any."""
    beyond, witness, violated = [], None, None
    for condition in domain:
        if condition is sp.false:
            return Coverage((condition,), False if stated else None, {}, condition)
        if implies(stated, condition):
            continue
        beyond.append(condition)
        if stated and witness is None:
            point = _outside(stated, condition)
            if point is not None:
                witness, violated = point, condition
    if witness is not None:
        return Coverage(tuple(beyond), False, witness, violated)
    if not beyond:
        return Coverage((), True if stated else None)
    return Coverage(tuple(beyond), None)


def implies(stated, condition) -> bool:
    """Do the stated conditions imply this one? (It is one of them, or, in one variable, their solution set lies in its.)"""
    if condition in stated:
        return True
    if _by_positive_form(stated, condition):
        return True
    symbols = condition.free_symbols
    if len(symbols) != 1:
        return False
    (x,) = symbols
    target = solution_set(condition, x)
    allowed = _allowed(stated, x)
    return target is not None and allowed is not None and allowed.is_subset(target) is True


def _by_positive_form(stated, condition) -> bool:
    """x > y gives x - y > 0, x - y >= 0 and x - y != 0 (either sign of the difference for !=)."""
    from .algebra import positive_forms

    if isinstance(condition, sp.Ne):
        target, strict, either_sign = condition.lhs - condition.rhs, True, True
    elif isinstance(condition, (sp.Gt, sp.Ge, sp.Lt, sp.Le)):
        (target, strict), either_sign = positive_forms([condition])[0], False
    else:
        return False
    for form, form_strict in positive_forms(stated):
        if (form_strict or not strict) and (sp.expand(form - target) == 0 or either_sign and sp.expand(form + target) == 0):
            return True
    return False


def _allowed(stated, x):
    region = sp.S.Reals
    for fact in stated:
        if fact.free_symbols == {x}:
            solved = solution_set(fact, x)
            if solved is None:
                return None
            region = region.intersect(solved)
    return region


def _outside(stated, condition) -> dict | None:
    """A point every stated condition allows and the domain condition excludes (exactly checked)."""
    from .numeric import sample_points

    symbols = sorted(condition.free_symbols | {s for f in stated for s in f.free_symbols}, key=lambda s: s.name)
    if len(condition.free_symbols) == 1:
        (x,) = condition.free_symbols
        allowed, target = _allowed(stated, x), solution_set(condition, x)
        if allowed is not None and target is not None:
            others = [s for s in symbols if s != x]
            about_others = [f for f in stated if f.free_symbols and f.free_symbols <= set(others)]
            completions = sample_points(set(others), about_others, limit=20) if others else [{}]
            for candidate in _points_of(allowed - target):
                for rest in completions:
                    point = {x: candidate, **rest}
                    if _holds_all(stated, point, symbols) and condition.subs(point) is sp.false:
                        return point
    for point in sample_points(set(symbols), stated, limit=40):
        if _holds_all(stated, point, symbols) and condition.subs(point) is sp.false:
            return point
    return None


def _holds_all(stated, point, symbols) -> bool:
    if set(point) != set(symbols):
        return False
    return all(fact.subs(point) is sp.true for fact in stated)


def _points_of(region) -> list:
    """A few exact points of a set: its finite members, or the ends and middle of its intervals."""
    if isinstance(region, sp.FiniteSet):
        return list(region)
    if isinstance(region, sp.Union):
        return [p for part in region.args for p in _points_of(part)]
    if isinstance(region, sp.Interval):
        start, end = region.start, region.end
        points = []
        if not region.left_open and start.is_finite:
            points.append(start)
        if not region.right_open and end.is_finite:
            points.append(end)
        if start.is_finite and end.is_finite:
            points.append((start + end) / 2)
        elif start.is_finite:
            points.append(start + 1)
        elif end.is_finite:
            points.append(end - 1)
        else:
            points.append(sp.Integer(0))
        return [sp.nsimplify(p) if not p.is_Rational else p for p in points]
    return []



def contradictory(stated) -> bool:
    """Do the stated conditions on some one variable leave no value at all (x >= 0 and x < 0)?"""
    for x in {s for fact in stated for s in fact.free_symbols}:
        region = _allowed(stated, x)
        if region is not None and region is sp.S.EmptySet:
            return True
    return False
