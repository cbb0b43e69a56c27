"""The natural domain of a formula over the reals: where denominators, logarithms, roots, real powers and
derivatives are defined; read from the formula as written, before SymPy cancels x/x to 1."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from derivations.notation import Notation, logb

# Functions defined (and smooth) on all of R: nothing to require of their arguments.
_TOTAL = (sp.exp, sp.tanh, sp.sinh, sp.cosh, sp.sin, sp.cos, sp.atan, sp.sech, sp.asinh, sp.erf, sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign, Notation, sp.KroneckerDelta)
# Functions with poles: defined (and smooth) where this function of their argument is not 0
# (tan and sec at the zeros of cos, cot and csc at those of sin, coth and csch at 0).
_POLES = {sp.tan: sp.cos, sp.sec: sp.cos, sp.cot: sp.sin, sp.csc: sp.sin, sp.coth: lambda u: u, sp.csch: lambda u: u}
# Functions defined on an interval of their argument: (low, high, open at the ends), and inside a
# derivative open at the ends (arcsin and arccos are not differentiable at -1 and 1, arcosh at 1).
_INTERVALS = {sp.asin: (-1, 1, False), sp.acos: (-1, 1, False), sp.acosh: (1, None, False), sp.atanh: (-1, 1, True)}
# Continuous but not differentiable where their arguments meet (Max/Min) or vanish (Abs).
_KINKS = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign)


class Undetermined(Exception):
    """A construct whose domain this module cannot state (a sum whose terms need conditions, ...)."""


@dataclass(frozen=True)
class Condition:
    """``relation`` must hold wherever ``guard`` does (guard is true for an unconditional requirement)."""

    relation: sp.Basic
    guard: sp.Basic = sp.true

    def as_fact(self) -> sp.Basic:
        return self.relation if self.guard == sp.true else sp.Implies(self.guard, self.relation, evaluate=False)


def conditions(expr, bound=frozenset()) -> list[Condition]:
    """What must hold for ``expr`` to have a real value, as relations over its free symbols.

    Symbols in ``bound`` are bound by an enclosing limit: requirements on them are the limit's business
    (the body must be defined near the limit point), so they are left out. Raises Undetermined for a
    construct whose domain cannot be written down here; a caller must then not claim a full domain.
    """
    out: list[Condition] = []
    _walk(sp.sympify(expr), sp.true, frozenset(bound), out, smooth=False)
    return _dedupe(out)


def _dedupe(found):
    out, seen = [], set()
    for c in found:
        if c.relation == sp.true:
            continue
        key = (c.relation, c.guard)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _over_range(c, index, low, high):
    """A condition on the bounds alone, free of the index, under which a condition linear in the index
    (k != r, k > r, a k + b >= 0) holds for every k = low..high; None for any other condition. For
    k != r it asks the range to start above r (sufficient: the domain stated may be narrower)."""
    rel = c.relation
    if not isinstance(rel, (sp.Ne, sp.Gt, sp.Ge, sp.Lt, sp.Le)) or high in (sp.oo, -sp.oo) or low in (sp.oo, -sp.oo):
        return None
    d = sp.expand(rel.lhs - rel.rhs)
    if isinstance(rel, sp.Ne):  # k (k - 1) != 0: each factor
        factors = [f for f in sp.Mul.make_args(sp.factor(d)) if f.has(index)]
        factors = [f.base if f.is_Pow and f.exp.is_positive else f for f in factors]
        if len(factors) > 1 or factors and factors[0] != d:
            parts = [_over_range(Condition(sp.Ne(f, 0)), index, low, high) for f in factors]
            return None if None in parts else [r for p in parts for r in p]
    slope = d.coeff(index)
    if not slope.is_number or slope == 0 or sp.expand(d - slope * index).has(index):
        return None
    if isinstance(rel, sp.Ne):
        return [sp.Gt(low, index - d / slope)]
    increasing = (slope > 0) == isinstance(rel, (sp.Gt, sp.Ge))  # holding at the worst end of the range
    worst = low if increasing else high
    return [type(rel)(d.xreplace({index: worst}), 0)]


def _need(out, relation, guard, bound):
    relation = relation if isinstance(relation, sp.Basic) else sp.sympify(relation)
    if relation == sp.true:
        return
    if relation.free_symbols & bound:
        return
    if isinstance(relation, sp.Rel):
        relation = type(relation)(_evaluated(relation.lhs), _evaluated(relation.rhs))
        if relation in (sp.true, sp.false):
            if relation == sp.true:
                return
        else:
            relation = _readable(relation)
    out.append(Condition(relation, guard))


def _readable(relation):
    """x - 1 != 0 as x != 1, 2 - x > 0 as x < 2, 0 != x as x != 0: one symbol alone on the left."""
    g = relation.lhs - relation.rhs
    if isinstance(relation, sp.Gt) and relation.rhs == 0:  # u^2 > 0 and |u| > 0 say u != 0
        base = g.base if (g.is_Pow and g.exp.is_even) else g.args[0] if isinstance(g, sp.Abs) else None
        if base is not None:
            return _readable(sp.Ne(base, 0))
    symbols = g.free_symbols
    if len(symbols) == 1:
        (s,) = symbols
        if s.is_Symbol and g.is_polynomial(s) and sp.degree(g, s) == 1:
            a, b = sp.Poly(g, s).all_coeffs()
            if a.is_number and b.is_number:
                flipped = {sp.Gt: sp.Lt, sp.Ge: sp.Le, sp.Lt: sp.Gt, sp.Le: sp.Ge}
                kind = flipped.get(type(relation), type(relation)) if a < 0 else type(relation)
                return kind(s, -b / a)
    if relation.lhs.is_number and not relation.rhs.is_number:
        return relation.reversed
    return relation


def _evaluated(e):
    """A written (unevaluated) expression rebuilt in SymPy's normal form: 1 e^x is e^x again.
    Derivatives, limits, sums and integrals are rebuilt, not computed."""
    if e.is_Atom:
        return e
    return e.func(*[_evaluated(a) for a in e.args])


def _walk(e, guard, bound, out, smooth):
    """Collect conditions of e; ``smooth``: inside a derivative, so kinks must be avoided as well."""
    if e.is_Atom:
        if e in (sp.nan, sp.zoo):
            _need(out, sp.false, guard, frozenset())
        return
    if isinstance(e, sp.Rel):
        for side in e.args:
            _walk(side, guard, bound, out, smooth)
        return
    if isinstance(e, (sp.And, sp.Or, sp.Not)):
        for arg in e.args:
            _walk(arg, guard, bound, out, smooth)
        return
    if isinstance(e, sp.Implies):
        _walk(e.args[0], guard, bound, out, smooth)
        _walk(e.args[1], sp.And(guard, e.args[0]), bound, out, smooth)
        return
    if isinstance(e, sp.Limit):
        body, var = e.args[0], e.args[1]
        _walk(body, guard, bound | {var}, out, smooth)
        return
    if isinstance(e, sp.Derivative):
        variables = {v for v, _ in e.variable_count}
        _walk(e.expr, guard, bound - variables, out, smooth=True)
        return
    if isinstance(e, sp.Subs):
        inner: list[Condition] = []
        _walk(e.expr, sp.true, bound, inner, smooth)
        mapping = dict(zip(e.variables, e.point))
        for c in inner:
            _need(out, c.relation.subs(mapping), sp.And(guard, c.guard.subs(mapping)), bound)
        for p in e.point:
            _walk(p, guard, bound, out, smooth)
        return
    if isinstance(e, sp.Integral):
        for limits in e.limits:
            if len(limits) != 1:
                # a definite integral: its integrand must be integrable over the range; not stated here
                raise Undetermined("the domain of a definite integral's integrand")
        _walk(e.function, guard, bound, out, smooth)
        return
    if isinstance(e, (sp.Sum, sp.Product)):
        index, low, high = e.limits[0][0], *e.limits[0][1:]
        inner = []
        _walk(e.function, guard, bound, inner, smooth)
        for c in inner:
            if index in c.relation.free_symbols:
                if len(e.limits) == 1 and c.guard == sp.true and implied(c, (sp.Ge(index, low), sp.Le(index, high))):
                    continue  # holds for every index of the range (k != 0 for k = 1..n)
                at_ends = _over_range(c, index, low, high) if len(e.limits) == 1 and c.guard == sp.true else None
                if at_ends is None:
                    raise Undetermined(f"a condition on every term of {sp.sstr(e)}")
                for relation in at_ends:
                    _need(out, relation, guard, bound)  # k != 0 for k = n+1..2n: n + 1 > 0
                continue
            out.append(c)
        for lim in e.limits:
            for b in lim[1:]:
                _walk(b, guard, bound, out, smooth)
        return
    if isinstance(e, sp.Piecewise):
        if e.args[-1][1] != sp.true:  # no "otherwise": undefined where no case applies
            covered = sp.Or(*[cond for _, cond in e.args])
            _need(out, _as_relation(covered), guard, bound)
        previous = sp.true
        for value, cond in e.args:
            here = sp.And(guard, previous, cond) if cond != sp.true else sp.And(guard, previous)
            _walk(value, here, bound, out, smooth)
            _walk(cond, guard, bound, out, smooth)
            if smooth:  # a piece may end at a boundary where the function jumps: not differentiable there
                for rel in (cond.atoms(sp.Rel) if cond not in (sp.true, sp.false) else ()):
                    _need(out, sp.Ne(rel.lhs, rel.rhs), guard, bound)
            previous = sp.And(previous, sp.Not(cond))
        return
    if isinstance(e, logb):
        x, base = e.args
        _need(out, sp.Gt(x, 0), guard, bound)
        _need(out, sp.Gt(base, 0), guard, bound)
        _need(out, sp.Ne(base, 1), guard, bound)
        for arg in e.args:
            _walk(arg, guard, bound, out, smooth)
        return
    if isinstance(e, sp.log):
        _need(out, sp.Gt(e.args[0], 0), guard, bound)
        if len(e.args) == 2:
            _need(out, sp.Gt(e.args[1], 0), guard, bound)
            _need(out, sp.Ne(e.args[1], 1), guard, bound)
        for arg in e.args:
            _walk(arg, guard, bound, out, smooth)
        return
    if isinstance(e, sp.Pow):
        _pow(e, guard, bound, out, smooth)
        return
    if isinstance(e, tuple(_POLES)):
        _need(out, sp.Ne(_POLES[type(e)](e.args[0]), 0), guard, bound)
        _walk(e.args[0], guard, bound, out, smooth)
        return
    if isinstance(e, tuple(_INTERVALS)):
        low, high, open_ends = _INTERVALS[type(e)]
        strict = open_ends or smooth
        _need(out, (sp.Gt if strict else sp.Ge)(e.args[0], low), guard, bound)
        if high is not None:
            _need(out, (sp.Lt if strict else sp.Le)(e.args[0], high), guard, bound)
        _walk(e.args[0], guard, bound, out, smooth)
        return
    if isinstance(e, (sp.factorial, sp.binomial)):  # n! and binom(n, k): integers n >= 0 (and k >= 0)
        for arg in e.args:
            if arg.is_integer is not True:
                raise Undetermined(f"{sp.sstr(e)} of a number not known to be an integer")
            _need(out, sp.Ge(arg, 0), guard, bound)
            _walk(arg, guard, bound, out, smooth)
        return
    if isinstance(e, (sp.floor, sp.ceiling)):  # defined everywhere, a jump at each integer
        if smooth:
            raise Undetermined(f"where {sp.sstr(e)} is differentiable (it jumps at the integers)")
        _walk(e.args[0], guard, bound, out, smooth)
        return
    if isinstance(e, (sp.Add, sp.Mul)) and any(a in (sp.oo, -sp.oo) for a in e.args):
        _need(out, sp.false, guard, frozenset())  # an infinity as a number: oo - oo, 0 oo
        return
    if isinstance(e, (sp.Add, sp.Mul, sp.Tuple, sp.Indexed)):
        for arg in e.args:
            _walk(arg, guard, bound, out, smooth)
        return
    if isinstance(e, _TOTAL):
        if smooth and isinstance(e, _KINKS):
            _kinks(e, guard, bound, out)
        if smooth and isinstance(e, Notation):
            _walk(e.expanded() if _expandable(e) else sp.Integer(0), guard, bound, out, smooth)
        for arg in e.args:
            _walk(arg, guard, bound, out, smooth)
        return
    if isinstance(e, (sp.IndexedBase, sp.Idx)) or not e.args:
        return
    raise Undetermined(f"the domain of {type(e).__name__}")


def _as_relation(condition):
    """x > 0 or x < 0 as x != 0 (a union of intervals in one variable as the plainest relation)."""
    symbols = condition.free_symbols
    if len(symbols) == 1:
        (x,) = symbols
        try:
            region = condition.as_set()
        except (NotImplementedError, TypeError, ValueError):
            return condition
        if region == sp.S.Reals:
            return sp.true
        holes = sp.S.Reals - region
        if isinstance(holes, sp.FiniteSet) and len(holes) == 1:
            return sp.Ne(x, list(holes)[0])
    return condition


def _expandable(e) -> bool:
    try:
        e.expanded()
    except (ValueError, NotImplementedError):
        return False
    return True


def _kinks(e, guard, bound, out):
    """Max(a, b) is not differentiable where a = b, Abs(u) where u = 0 (a conservative requirement:
    Max(0, x^3) is differentiable at 0, and is reported as needing x != 0)."""
    if isinstance(e, (sp.Abs, sp.Heaviside, sp.sign)):
        _need(out, sp.Ne(e.args[0], 0), guard, bound)
        return
    args = list(e.args)
    for i, a in enumerate(args):
        for b in args[i + 1 :]:
            _need(out, sp.Ne(a, b), guard, bound)


def _pow(e, guard, bound, out, smooth):
    base, exponent = e.args
    if _small_fraction(exponent):  # as written: \sqrt[4]{u} is u^(4^-1), the rational 1/4
        exponent = _evaluated(exponent)
    if base in (sp.oo, -sp.oo) or exponent in (sp.oo, -sp.oo):
        _need(out, sp.false, guard, frozenset())  # oo^0, 1^oo: no value
        return
    if base == sp.E:
        _walk(exponent, guard, bound, out, smooth)
        return
    if exponent.is_Integer:
        if exponent.is_negative:
            _need(out, sp.Ne(base, 0), guard, bound)
    elif exponent.is_Rational:
        # SymPy's x**(p/q) is the principal root: real for x >= 0 only (odd q included), and a
        # negative power needs x > 0; inside a derivative a root is not differentiable at 0 either
        strict = exponent.is_negative or (smooth and exponent < 1)
        _need(out, sp.Gt(base, 0) if strict else sp.Ge(base, 0), guard, bound)
    elif exponent.is_integer and exponent.is_nonnegative:
        pass
    elif exponent.is_integer:
        _need(out, sp.Ne(base, 0), guard, bound)
    else:  # a real power of a real base: the base must be positive (t^x with x real)
        _need(out, sp.Gt(base, 0), guard, bound)
    _walk(base, guard, bound, out, smooth)
    _walk(exponent, guard, bound, out, smooth)


def _small_fraction(e) -> bool:
    """An exponent written as a fraction of small integers and left unevaluated (4^-1, 3 4^-1)."""
    parts = e.args if isinstance(e, sp.Mul) else (e,)
    return not e.is_Atom and all(
        (a.is_Integer and abs(a) < 10**6) or (isinstance(a, sp.Pow) and a.base.is_Integer and 0 < abs(a.base) < 10**6 and a.exp == -1) for a in parts
    )


def written_conditions(*exprs, bound=frozenset()) -> list[Condition]:
    """conditions() of several expressions together (the sides of a statement, written and evaluated)."""
    out: list[Condition] = []
    for expr in exprs:
        out += conditions(expr, bound)
    return _dedupe(out)


def limit_variables(expr) -> set:
    """Symbols bound by a limit somewhere in expr."""
    return {lim.args[1] for lim in sp.sympify(expr).atoms(sp.Limit)}




# ---------------------------------------------------------------- conditions against the assumptions


def implied(condition: Condition, facts) -> bool:
    """Does the condition follow from the facts (and its guard), by the inequality engine's certificates?"""
    from .algebra import strengthen
    from derivations.decide.rules.inequality import decide_sign

    rel = condition.relation
    if rel == sp.true:
        return True
    if rel == sp.false:
        return False
    guard = () if condition.guard == sp.true else (sp.And.make_args(condition.guard))
    facts = tuple(facts) + tuple(g for g in guard if isinstance(g, sp.Rel))
    if rel in facts:
        return True
    mapping = strengthen(facts)
    local = tuple(sp.sympify(f).xreplace(mapping) for f in facts)
    if isinstance(rel, sp.Ne):
        d = sp.expand((rel.lhs - rel.rhs).xreplace(mapping))
        if d.is_number:
            return d != 0
        for f in facts:  # x != 0 stated, in either orientation
            if isinstance(f, sp.Ne) and sp.expand(f.lhs - f.rhs - (rel.lhs - rel.rhs)) in (0,) or (
                isinstance(f, sp.Ne) and sp.expand(f.lhs - f.rhs + (rel.lhs - rel.rhs)) == 0
            ):
                return True
        return decide_sign(d, True, local)[0] or decide_sign(-d, True, local)[0]
    if isinstance(rel, (sp.Gt, sp.Ge)):
        d = rel.lhs - rel.rhs
    elif isinstance(rel, (sp.Lt, sp.Le)):
        d = rel.rhs - rel.lhs
    else:
        return False
    return decide_sign(sp.sympify(d).xreplace(mapping), isinstance(rel, (sp.Gt, sp.Lt)), local)[0]


def outside(found: list[Condition], facts) -> list[Condition]:
    """The conditions the facts do not imply, each also dropped when the others (with the facts)
    imply it: what a verdict must state as its domain."""
    rest = [c for c in found if not implied(c, facts)]
    kept: list[Condition] = []
    for k, c in enumerate(rest):
        others = [o.relation for o in kept + rest[k + 1 :] if o.guard == sp.true]
        if c.relation != sp.false and others and implied(c, tuple(facts) + tuple(others)):
            continue
        kept.append(c)
    return kept


def as_latex(found: list[Condition]) -> str | None:
    """The conditions as the article would write them ("x \\neq 0, x > 0"), None when there are none."""
    if not found:
        return None
    from derivations.notation.printer import latex

    return ", ".join(latex(c.as_fact()) for c in found)


__all__ = ["Condition", "Undetermined", "conditions", "written_conditions", "limit_variables", "implied", "outside", "as_latex"]
