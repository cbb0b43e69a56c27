"""Identities on an interval by the derivative: f - g continuous on each piece of the interval, (f - g)' exactly 0 there (roots and |.| simplified by the signs the piece gives), and f - g = 0 at one point of it."""

from __future__ import annotations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.decide.algebra import is_zero
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback
from .span_signs import follows, interior_facts, sign_facts

SECONDS = 8.0
MAX_PIECES = 8
_INVERSE = (sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc)
_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
_JUMPS = (sp.Piecewise, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Derivative, sp.Integral, sp.Sum, sp.Limit, sp.Product)
_POINTS = (0, 1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2, sp.pi / 4, -sp.pi / 4, sp.pi / 2, -sp.pi / 2, sp.pi / 6, sp.pi, -sp.pi, 3, -3)


class Piece:
    """An interval of the variable, each end closed or open (an infinite end is open)."""

    def __init__(self, lo, lo_closed, hi, hi_closed):
        lo, hi = sp.sympify(lo), sp.sympify(hi)
        self.lo, self.lo_closed, self.hi, self.hi_closed = lo, lo_closed and lo != -sp.oo, hi, hi_closed and hi != sp.oo

    def contains(self, c) -> bool:
        def above(a, b, closed):  # a >= b (a > b unless closed), certainly
            if b == -sp.oo or a == sp.oo:
                return True
            diff = sp.simplify(a - b)
            if diff == 0:
                return closed
            return bool(diff.is_positive)
        return above(c, self.lo, self.lo_closed) and above(self.hi, c, self.hi_closed)

    def bounds(self, x) -> tuple:
        out = []
        if self.lo != -sp.oo:
            out.append(sp.Ge(x, self.lo) if self.lo_closed else sp.Gt(x, self.lo))
        if self.hi != sp.oo:
            out.append(sp.Le(x, self.hi) if self.hi_closed else sp.Lt(x, self.hi))
        return tuple(out)

    def holds(self, rel, x, closed=True) -> bool:
        return follows(rel, x, self.lo, closed and self.lo_closed, self.hi, closed and self.hi_closed, self.bounds(x) if closed else self.open_bounds(x))

    def open_bounds(self, x) -> tuple:
        return tuple(sp.Gt(x, self.lo) for _ in [0] if self.lo != -sp.oo) + tuple(sp.Lt(x, self.hi) for _ in [0] if self.hi != sp.oo)

    def text(self) -> str:
        return f"{'[' if self.lo_closed else '('}{sp.sstr(self.lo)}, {sp.sstr(self.hi)}{']' if self.hi_closed else ')'}"


def _without_max(e):
    """max(a, b) = (a + b + |a - b|)/2, min(a, b) = (a + b - |a - b|)/2: one kind of kink only."""
    return e.replace(lambda n: isinstance(n, (sp.Max, sp.Min)) and len(n.args) == 2,
                     lambda n: (n.args[0] + n.args[1] + (1 if isinstance(n, sp.Max) else -1) * sp.Abs(n.args[0] - n.args[1])) / 2)


def _zeros(g, x, piece) -> list | None:
    """The finitely many zeros of g strictly inside the piece, exactly; None when not a finite set."""
    try:
        with budget(2):
            found = sp.solveset(g, x, sp.Interval(piece.lo, piece.hi, True, True))
    except Exception:  # noqa: BLE001 - solveset fails or runs out
        return None
    if found is sp.S.EmptySet:
        return []
    if not isinstance(found, sp.FiniteSet) or len(found) > MAX_PIECES:
        return None
    return sorted(found, key=lambda c: float(c))


def _signed_abs(e, x, piece):
    """Each |u| of e replaced by u or -u where u has one sign on the piece (its interior); None if not."""
    mapping = {}
    for node in sorted(e.atoms(sp.Abs), key=sp.count_ops):
        u = node.args[0]
        if piece.holds(sp.Ge(u, 0), x, closed=False):
            mapping[node] = u
        elif piece.holds(sp.Le(u, 0), x, closed=False):
            mapping[node] = -u
        else:
            return None
    return e.xreplace(mapping) if mapping else e


def _unrooted(e, x, piece):
    """Square roots of perfect squares taken out (sqrt(1 - sin^2 x) = |cos x|), then |.| by signs."""
    mapping = {}
    for p in e.atoms(sp.Pow):
        if not (p.exp.is_Rational and p.exp.q == 2 and p.base.has(x)):
            continue
        for form in (sp.factor(sp.trigsimp(p.base)), sp.factor(sp.together(p.base))):
            root = sp.sqrt(form)
            if root.has(sp.Abs) or not isinstance(root, sp.Pow):
                mapping[p] = root ** p.exp.p
                break
    if mapping:
        e = e.xreplace(mapping)
    return _signed_abs(e, x, piece)


def vanishes(e, x, piece) -> bool:
    """e is exactly 0 inside the piece: directly, or with its roots and |.| simplified by the signs there."""
    inside = piece.open_bounds(x) + interior_facts((e,), x, piece.lo, piece.hi)
    if is_zero(e, inside).value is True:
        return True
    plain = _unrooted(e, x, piece)
    if plain is None:
        return False
    if is_zero(plain, inside).value is True:
        return True
    try:
        with budget(2):
            return sp.simplify(sp.trigsimp(plain)) == 0
    except Exception:  # noqa: BLE001
        return False


def _countable_exceptions(dp, x, piece) -> bool:
    """Where the formula of the derivative is undefined inside the piece: a set that fills no interval."""
    from derivations.decide.domain import conditions
    from .calculus_bounds import _countable

    for c in conditions(dp):
        if c.guard != sp.true:
            return False
        if piece.holds(c.relation, x, closed=False) or _by_inequality(c.relation, piece.open_bounds(x)):
            continue
        g = c.relation.lhs - c.relation.rhs
        try:
            with budget(2):
                found = sp.solveset(g, x, sp.Interval(piece.lo, piece.hi, True, True))
        except Exception:  # noqa: BLE001
            return False
        weak = {sp.Gt: sp.Ge, sp.Lt: sp.Le}.get(type(c.relation))
        if not _countable(found) or (weak is not None and not piece.holds(weak(c.relation.lhs, c.relation.rhs), x, closed=False)):
            return False
    return True


def _continuous(d, x, piece) -> bool:
    """d defined (so continuous: no jump function in it) at every point of the piece."""
    from derivations.decide.domain import conditions

    if d.has(*_JUMPS):
        return False
    return all(c.guard == sp.true and (piece.holds(c.relation, x) or _by_inequality(c.relation, piece.bounds(x))) for c in conditions(d))


def _by_inequality(rel, bounds) -> bool:
    """A bound of the domain (x/sqrt(1 + x^2) <= 1) proved by the inequality rule and its fallbacks."""
    from . import check

    ops = {sp.Gt: ">", sp.Ge: ">=", sp.Lt: "<", sp.Le: "<="}
    if isinstance(rel, sp.Ne):
        return any(_by_inequality(side(rel.lhs, rel.rhs), bounds) for side in (sp.Gt, sp.Lt))
    if type(rel) not in ops:
        return False
    return check("inequality", Goal(rel.lhs, ops[type(rel)], rel.rhs), Context(tuple(bounds), assumptions=tuple(bounds))).verdict is Verdict.PROVED


def _anchor(d, x, piece):
    """(point, value) of d at a plain point of the piece where its value is decided exactly, or None."""
    from .calculus_bounds import _number_sign

    candidates = [e for e, closed in ((piece.lo, piece.lo_closed), (piece.hi, piece.hi_closed)) if closed]
    if piece.lo != -sp.oo and piece.hi != sp.oo:
        candidates.append(sp.nsimplify((piece.lo + piece.hi) / 2) if not ((piece.lo + piece.hi) / 2).is_Rational else (piece.lo + piece.hi) / 2)
    candidates += [sp.sympify(c) for c in _POINTS]
    for c in dict.fromkeys(candidates):
        if not piece.contains(c):
            continue
        value = sp.simplify(d.xreplace({x: c}))
        if not value.is_number or value.has(sp.zoo, sp.nan):
            continue
        s = 0 if is_zero(value).value is True else _number_sign(value)
        if s is not None:
            return c, value, s
    return None


def _pieces(d, x, span, facts):
    """The pieces of the span where d is continuous and every |u| has one sign: cut at the zeros of
    each |u| (d is defined there) and at the excluded points of the facts (d is not)."""
    whole = Piece(span.lo, span.lo_closed, span.hi, span.hi_closed)
    cuts = {}
    for fact in facts:
        if x not in fact.free_symbols or whole.holds(fact, x):
            continue
        if not isinstance(fact, sp.Ne):
            if _by_inequality(fact, whole.bounds(x)):
                continue
            return None
        zeros = _zeros(fact.lhs - fact.rhs, x, whole)
        if zeros is None:
            return None
        cuts.update({z: False for z in zeros})
    for node in d.atoms(sp.Abs):
        if whole.holds(sp.Ge(node.args[0], 0), x, closed=False) or whole.holds(sp.Le(node.args[0], 0), x, closed=False):
            continue
        zeros = _zeros(node.args[0], x, whole)
        if zeros is None:
            return None
        cuts.update({z: cuts.get(z, True) for z in zeros})
    points = sorted(cuts, key=lambda c: float(c))
    if len(points) >= MAX_PIECES:
        return None
    ends = [(span.lo, span.lo_closed)] + [(p, cuts[p]) for p in points] + [(span.hi, span.hi_closed)]
    return [Piece(a, ac, b, bc) for (a, ac), (b, bc) in zip(ends, ends[1:])]


def one_variable(d, x, facts):
    """(Verdict, how, point) for d = 0 on the interval the facts give x, piece by piece; None if undecided."""
    from .calculus_bounds import span_of

    bounds = [f for f in facts if f.free_symbols == {x} and isinstance(f, (sp.Gt, sp.Ge, sp.Lt, sp.Le)) and (f.lhs - f.rhs).is_polynomial(x)]
    span = span_of(x, bounds)
    if span is None:
        return None
    pieces = _pieces(d, x, span, [f for f in facts if f.free_symbols == {x} and f not in bounds])
    if pieces is None:
        return None
    hows = []
    for piece in pieces:
        local = _signed_abs(d, x, piece)
        if local is None or not _continuous(d, x, piece):
            return None
        anchor = _anchor(d, x, piece)
        if anchor is None:
            return None
        c, value, s = anchor
        if vanishes(local, x, piece):
            how = "exactly 0 there"
        else:
            dp = sp.diff(local, x)
            if not vanishes(dp, x, piece) or not _countable_exceptions(dp, x, piece):
                return None
            how = f"the derivative is exactly 0 inside, so f - g is constant there, {sp.sstr(value)} at {x} = {sp.sstr(c)}"
        if s != 0:
            return Verdict.REFUTED, f"on {piece.text()} {how}: f - g = {sp.sstr(value)} at {x} = {sp.sstr(c)}", {x: c}
        hows.append(f"on {piece.text()} {how}")
    return Verdict.PROVED, "; ".join(hows), None


def two_variables(d, variables, facts):
    """d(x, y) = 0: for each y, x ranges over an interval where d_x = 0, and d(c, y) = 0 at a point c of
    it (the other variable, 0 or 1) as an identity in y; every condition of d follows from the facts."""
    from derivations.decide.domain import Condition, conditions, implied

    if not all(c.guard == sp.true and implied(c, facts) for c in conditions(d)):
        return None
    for x in variables:
        own = [f for f in facts if x in f.free_symbols]
        if any(f.free_symbols != {x} for f in own):
            continue
        dp = sp.diff(d, x)
        if not all(c.guard == sp.true and implied(c, facts) for c in conditions(dp)):
            continue
        inside = tuple(facts) + interior_facts((dp,), x, -sp.oo, sp.oo)
        if is_zero(dp, inside).value is not True and is_zero(sp.factor(sp.together(dp)), inside).value is not True:
            continue
        for c in [v for v in variables if v != x] + [sp.Integer(0), sp.Integer(1)]:
            rest = [f for f in facts if x not in f.free_symbols]
            if not all(implied(Condition(f.xreplace({x: c})), rest) for f in own):
                continue
            at = sp.simplify(d.xreplace({x: c}))
            others = [v for v in variables if v != x]
            if is_zero(at, rest).value is True or (len(others) == 1 and at.free_symbols <= set(others) and (one_variable(at, others[0], rest) or (None,))[0] is Verdict.PROVED):
                return Verdict.PROVED, f"d/d{x} of f - g is exactly 0 and {x} ranges over an interval, so f - g does not depend on {x}; at {x} = {sp.sstr(c)} it is exactly 0", None
    return None


@fallback("identity")
def by_derivative(goal: Goal, ctx: Context) -> StepCheck:
    """f = g on an interval: f - g continuous with derivative 0 on each piece, and 0 at a point of it."""
    from derivations.notation import expand_notation

    if goal.op != "=":
        return StepCheck.unknown("derivative", "not an equality")
    d = expand_notation(sp.sympify(goal.lhs - goal.rhs))
    if not (d.has(*_INVERSE) or (d.has(*_TRIG) and (d.has(sp.Abs) or any(p.exp.is_Rational and p.exp.q == 2 for p in d.atoms(sp.Pow))))):
        return StepCheck.unknown("derivative", "no inverse trig function, no root or |.| of a trig function")
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not 1 <= len(variables) <= 2 or any(not v.is_real or v.is_integer for v in variables):
        return StepCheck.unknown("derivative", "not one or two real variables")
    facts = [sp.sympify(f) for f in ctx.facts if sp.sympify(f).free_symbols & set(variables) and sp.sympify(f) != sp.true]
    try:
        with budget(SECONDS):
            d = _without_max(d)
            found = one_variable(d, variables[0], facts) if len(variables) == 1 else two_variables(d, variables, facts)
    except OutOfTime:
        return StepCheck.unknown("derivative", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("derivative", "a SymPy computation failed: not decided")
    if found is None:
        return StepCheck.unknown("derivative", "f - g is not shown constant on the pieces of its interval")
    verdict, how, point = found
    if verdict is Verdict.PROVED:
        return StepCheck.proved(f"f - g = {sp.sstr(d)}: {how}")
    values = {k.name: sp.sstr(v) for k, v in point.items()}
    return StepCheck(Verdict.REFUTED, "derivative", how, Counterexample(values, how, all(v.is_Rational for v in point.values())))
