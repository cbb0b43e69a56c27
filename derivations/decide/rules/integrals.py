"""Definite and improper integrals with constant bounds, by the fundamental theorem on each open interval where the integrand is continuous, the ends' one-sided limits of a checked antiderivative."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from derivations.decide.algebra import is_zero
from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Verdict

_KINKS = (sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Integral, sp.Limit, sp.Derivative, sp.Subs)
MAX_PIECES = 4


def _inside(y, a, b) -> tuple:
    out = []
    if a != -sp.oo:
        out.append(sp.Gt(y, a))
    if b != sp.oo:
        out.append(sp.Lt(y, b))
    return tuple(out)


def _singular_points(f, y, a, b, facts):
    """The points of (a, b) where f is undefined, when they are finitely many roots of polynomials
    (x != 0 of 1/x); None when f fails to be defined on a whole stretch (log of a negative) or it is not
    known where."""
    from derivations.decide.domain import conditions, implied

    inside = tuple(facts) + _inside(y, a, b)
    points = set()
    for condition in conditions(f):
        if implied(condition, inside) or holds_on(condition, y, inside) or linear_holds(condition, y, a, b, facts):
            continue
        rel = condition.relation
        if condition.guard != sp.true or not isinstance(rel, sp.Ne):
            return None
        g = rel.lhs - rel.rhs
        if g.free_symbols != {y} or not g.is_polynomial(y):
            return None
        for root in sp.Poly(g, y).real_roots():
            if (a == -sp.oo or root > a) and (b == sp.oo or root < b):
                points.add(root)
    return sorted(points, key=lambda r: float(r))


def linear_holds(condition, y, a, b, facts) -> bool:
    """A condition g > 0 (>=, <, <=, !=) with g linear in y, on the finite interval (a, b): g lies
    between g(a) and g(b), so their signs under the facts decide it (x - a != 0 on (0, 1) for a > 1)."""
    from derivations.decide.domain import Condition, implied

    rel = condition.relation
    if condition.guard != sp.true or a in (sp.oo, -sp.oo) or b in (sp.oo, -sp.oo) or not isinstance(rel, (sp.Gt, sp.Ge, sp.Lt, sp.Le, sp.Ne)):
        return False
    g = rel.lhs - rel.rhs
    if y not in g.free_symbols or not g.is_polynomial(y) or sp.degree(g, y) != 1:
        return False

    def positive(h, strict):
        ends = [h.xreplace({y: a}), h.xreplace({y: b})]
        sure = [implied(Condition(sp.Gt(e, 0)), facts) for e in ends]
        if not strict:
            return all(sure) or all(implied(Condition(sp.Ge(e, 0)), facts) for e in ends)
        return any(sure) and all(s or implied(Condition(sp.Ge(e, 0)), facts) for s, e in zip(sure, ends))

    if isinstance(rel, sp.Ne):
        return positive(g, True) or positive(-g, True)
    sign = 1 if isinstance(rel, (sp.Gt, sp.Ge)) else -1
    return positive(sign * g, isinstance(rel, (sp.Gt, sp.Lt)))


def holds_on(condition, y, facts) -> bool:
    """A condition in y alone (g > 0, g >= 0, g != 0) on the interval the facts give y, by the
    one-variable calculus procedure (1 - y^2 > 0 for 0 < y < 1)."""
    from .calculus_bounds import decide_one_variable

    rel = condition.relation
    if condition.guard != sp.true or not isinstance(rel, (sp.Gt, sp.Ge, sp.Lt, sp.Le, sp.Ne)) or rel.free_symbols != {y}:
        return False
    g = rel.lhs - rel.rhs if isinstance(rel, (sp.Gt, sp.Ge, sp.Ne)) else rel.rhs - rel.lhs
    strict = not isinstance(rel, (sp.Ge, sp.Le))
    for candidate in ((g, -g) if isinstance(rel, sp.Ne) else (g,)):
        found = decide_one_variable(candidate, strict, facts)
        if found is not None and found.verdict is Verdict.PROVED:
            return True
    return False


def _antiderivative(f, y, a, b, facts):
    """G with G' = f on (a, b), proved exactly, G defined and differentiable there (a candidate from
    SymPy's integrate, accepted only after the check); None when none is found and checked."""
    from derivations.decide.domain import conditions, implied

    try:
        with budget(5):
            G = sp.integrate(f, y)
            if G.has(sp.meijerg, sp.hyper, sp.Integral):  # by parts and substitution instead: log(x)/sqrt(x)
                from sympy.integrals.manualintegrate import manualintegrate

                G = manualintegrate(f, y)
    except (OutOfTime, NotImplementedError, ValueError, TypeError):
        return None
    inside = tuple(facts) + _inside(y, a, b)
    G = resolve_cases(G, y, inside)
    if G is None or G.has(*_KINKS):
        return None
    # log u where u < 0 on the piece: log(-u) has the same derivative (int 1/y = log(-y) for y < 0)
    m = (a + b) / 2 if a != -sp.oo and b != sp.oo else (b - 1 if a == -sp.oo and b != sp.oo else a + 1 if a != -sp.oo else sp.Integer(0))

    def negative_here(u):
        try:
            return bool(u.xreplace({y: m}) < 0)
        except TypeError:
            return False

    each = G.replace(lambda e: isinstance(e, sp.log) and len(e.args) == 1 and negative_here(e.args[0]), lambda e: sp.log(-e.args[0]))
    for candidate in (G, G.replace(lambda e: isinstance(e, sp.log) and len(e.args) == 1, lambda e: sp.log(-e.args[0])), each):
        if not all(implied(c, inside) or holds_on(c, y, inside) or linear_holds(c, y, a, b, facts) for c in conditions(candidate) + conditions(sp.diff(candidate, y))):
            continue
        if is_zero(sp.diff(candidate, y) - f, inside).value is True:
            return candidate
    return None


def resolve_cases(G, y, facts):
    """A Piecewise of SymPy's (cases in the parameters, x**(n+1)/(n+1) when n != -1) reduced to the one
    case the facts select: the first whose condition the facts imply, every earlier one refuted by
    them; None when the facts leave the case open."""
    from derivations.decide.domain import Condition, implied

    def pick(pw):
        for expr, cond in pw.args:
            if cond == sp.true or (y not in cond.free_symbols and implied(Condition(cond), facts)):
                return expr
            negated = sp.Not(cond)
            if y in cond.free_symbols or not isinstance(negated, sp.Rel) or not implied(Condition(negated), facts):
                raise ValueError(f"the case {sp.sstr(cond)} is open")
        raise ValueError("no case applies")

    try:
        return G.replace(lambda e: isinstance(e, sp.Piecewise), pick) if G.has(sp.Piecewise) else G
    except ValueError:
        return None


def _at_end(G, y, end, direction, facts, decide_relation):
    """G's one-sided limit at the end, a number or +-oo: by substitution where G is defined at a finite
    end, else proposed by the engine's limit (agreeing routes) and proved through decide_relation."""
    from derivations.decide.domain import conditions, implied
    from .limits import NoLimit, decide_limit

    if end not in (sp.oo, -sp.oo) and all(c.guard == sp.true and _holds_at(c.relation.xreplace({y: end}), facts) for c in conditions(G)):
        value = sp.simplify(G.xreplace({y: end}))
        if not value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) and y not in value.free_symbols:
            return value, f"G({sp.sstr(end)}) = {sp.sstr(value)}"
    var = sp.Dummy(y.name, positive=True) if end == sp.oo or (direction == "+" and end.is_number and end >= 0) else sp.Dummy(y.name, negative=True) if end == -sp.oo or (direction == "-" and end <= 0) else sp.Dummy(y.name, real=True)
    how = "the limit of G at the end is not decided"
    for shift, back in shifts(G.free_symbols - {y}, facts):
        value, how = _limit_at(G.xreplace(shift), y, var, end, direction, tuple(f.xreplace(shift) for f in facts), decide_relation)
        if value is not None:
            return value.xreplace(back), how.replace("{value}", sp.sstr(value.xreplace(back)))
        if how.startswith("G has no limit"):
            break
    return None, how


def _limit_at(G, y, var, end, direction, facts, decide_relation):
    """_at_end's limit route for one writing of the parameters; how says {value} where the value goes."""
    from .limits import NoLimit, decide_limit

    side = direction if end not in (sp.oo, -sp.oo) else ""
    try:
        value, _ = decide_limit(G.xreplace({y: var}), var, end, direction, facts)
    except NoLimit as exc:
        return sp.nan, f"G has no limit at {sp.sstr(end)} ({exc})"
    if value is None or value.free_symbols & {y, var} or value.has(sp.zoo, sp.nan, sp.AccumBounds) or (value.free_symbols and value.has(sp.oo, -sp.oo)):
        return None, "the limit of G at the end is not decided"
    if end not in (sp.oo, -sp.oo) and value.is_finite:  # x**t at 0 with t > 0: the substitution agrees with the limit
        direct = sp.simplify(G.xreplace({y: end}))
        if not direct.has(sp.zoo, sp.nan, sp.oo, -sp.oo) and y not in direct.free_symbols and sp.simplify(direct - value) == 0:
            return value, f"lim G at {sp.sstr(end)}{side} = G({sp.sstr(end)}) = {{value}} (G continuous there)"
    claim = sp.Eq(sp.Limit(G, y, end, direction), value, evaluate=False)
    if value in (sp.oo, -sp.oo):  # slow divergence (log) never reaches the tripwire's 10^4: its own look
        seen = _growing(claim.lhs, 1 if value == sp.oo else -1)
        if not seen:
            return None, f"lim G = {sp.sstr(value)} at {sp.sstr(end)}, but the numbers do not show it"
        return value, f"lim G at {sp.sstr(end)}{side} = {{value}} (values {seen})"
    verdict, reason, _ = decide_relation(claim, facts)
    if verdict is not Verdict.PROVED:
        return None, f"lim G = {sp.sstr(value)} at {sp.sstr(end)}: {reason}"
    return value, f"lim G at {sp.sstr(end)}{side} = {{value}}"


def shifts(parameters, facts, most=4):
    """Ways of writing each parameter bounded by a fact s > c (s >= c, s < c, s <= c, c a number) as
    c + t (c - t) for a new t > 0 (t >= 0), so that SymPy sees the sign: (forward, back) maps, the
    unshifted writing last."""
    import itertools

    options = []
    for s in sorted(parameters, key=str):
        mine = []
        for fact in facts:
            if not isinstance(fact, (sp.Gt, sp.Ge, sp.Lt, sp.Le)):
                continue
            if fact.rhs == s and fact.lhs.is_number:
                fact = fact.reversed
            if fact.lhs != s or not fact.rhs.is_number:
                continue
            c, above = fact.rhs, isinstance(fact, (sp.Gt, sp.Ge))
            t = sp.Dummy(f"{s}_", positive=True) if isinstance(fact, (sp.Gt, sp.Lt)) else sp.Dummy(f"{s}_", nonnegative=True)
            mine.append(({s: c + t if above else c - t}, {t: s - c if above else c - s}))
        options.append(mine or [({}, {})])
    out = []
    for combo in itertools.islice(itertools.product(*options), most):
        forward, back = {}, {}
        for f, b in combo:
            forward.update(f)
            back.update(b)
        out.append((forward, back))
    return out + [({}, {})] if out != [({}, {})] else out


def _holds_at(rel, facts) -> bool:
    """A domain condition at a finite end: true outright, or implied by the facts on the parameters."""
    from derivations.decide.domain import Condition, implied

    return rel == sp.true or (rel != sp.false and implied(Condition(rel), facts))


def _growing(lim, sign) -> str:
    """The second key of an infinite limit: G's values approaching the end (numerically, 30 digits)
    move monotonically towards sign * oo, at least doubling in size; '' when they do not."""
    import mpmath

    from derivations.decide import numeric

    try:
        with budget(4):
            # towards infinity t = 10^2 .. 10^32: e^t at t = 10^1000 is a computation of minutes
            values = numeric._approach(lim, {}, 30, schedule=[2, 4, 8, 16, 32] if lim.args[2] in (sp.oo, -sp.oo) else None)
    except (OutOfTime, numeric.NotNumeric, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return ""
    if len(values) < 3 or not all(sign * (b - a) > 0 for a, b in zip(values, values[1:])):
        return ""
    steps = [b - a for a, b in zip(values, values[1:])]
    # doubling, or steps that do not shrink (log(x + 1) - log 2 at the schedule's doubling exponents)
    if not (sign * values[-1] > 0 and (abs(values[-1]) >= 2 * abs(values[-2]) > 0 or all(abs(b) >= abs(a) for a, b in zip(steps, steps[1:])))):
        return ""
    return ", ".join(mpmath.nstr(v, 6) for v in values)


def _kinks(f, y, a, b):
    """The points of (a, b) where the argument u of some |u| in f changes sign (u a polynomial in y
    alone), or None when some |u| is not of that kind."""
    points = set()
    for e in f.atoms(sp.Abs):
        u = e.args[0]
        if not u.has(y) or u.free_symbols != {y} or not u.is_polynomial(y):
            return None
        points.update(r for r in sp.Poly(u, y).real_roots() if (a == -sp.oo or r > a) and (b == sp.oo or r < b))
    return points


def _unfolded(f, y, left, right):
    """f on (left, right) with each |u| written u or -u: u has no root inside, so its sign at one
    point of the piece is its sign on all of it."""
    m = (left + right) / 2 if left != -sp.oo and right != sp.oo else (right - 1 if left == -sp.oo and right != sp.oo else left + 1 if left != -sp.oo else sp.Integer(0))
    return f.replace(lambda e: isinstance(e, sp.Abs), lambda e: e.args[0] if e.args[0].xreplace({y: m}) > 0 else -e.args[0])


def on_interval(y, low, high, f, other, facts, decide_relation: Callable):
    """(Verdict, reason, counterexample) for int_low^high f dy = other with constant bounds, or None
    when this procedure does not apply."""
    from derivations.notation import expand_notation

    f = expand_notation(f.doit() if f.has(sp.Derivative, sp.Subs) else f)
    if low.free_symbols or high.free_symbols or other.has(sp.Integral) or f.replace(sp.Abs, sp.Function("_abs")).has(*_KINKS):
        return None
    order = sp.sign(high - low) if high not in (sp.oo, -sp.oo) and low not in (sp.oo, -sp.oo) else (1 if high == sp.oo or low == -sp.oo else -1)
    if order == 0:
        verdict, reason, counterexample = decide_relation(sp.Eq(sp.Integer(0), other, evaluate=False), facts)
        return verdict, f"equal bounds: the integral is 0; {reason}", counterexample
    if order not in (1, -1):
        return None
    a, b, sign = (low, high, 1) if order == 1 else (high, low, -1)
    kinks = _kinks(f, y, a, b)
    if kinks is None or len(kinks) >= MAX_PIECES:
        return None
    coarse, pieces = [a, *sorted(kinks, key=lambda r: float(r)), b], []
    for left, right in zip(coarse, coarse[1:]):
        piece = _unfolded(f, y, left, right)
        points = _singular_points(piece, y, left, right, facts)
        if points is None:
            return None
        fine = [left, *points, right]
        pieces += [(l, r, piece) for l, r in zip(fine, fine[1:])]
    if len(pieces) > MAX_PIECES:
        return None
    cuts = [a] + [r for _, r, _ in pieces]
    total, notes = sp.Integer(0), []
    for left, right, piece in pieces:
        G = _antiderivative(piece, y, left, right, facts)
        if G is None:
            return Verdict.UNKNOWN, f"no antiderivative of the integrand proved by differentiation on ({sp.sstr(left)}, {sp.sstr(right)})", None
        ends = []
        for end, direction in ((left, "+"), (right, "-")):
            value, how = _at_end(G, y, end, direction, facts, decide_relation)
            if value is None:
                return Verdict.UNKNOWN, f"on ({sp.sstr(left)}, {sp.sstr(right)}) with G = {sp.sstr(G)}: {how}", None
            ends.append(value)
            notes.append(how)
        total += ends[1] - ends[0]  # in the extended reals: oo - (-oo) = oo, oo - oo = nan
    where = ", ".join(f"({sp.sstr(l)}, {sp.sstr(r)})" for l, r in zip(cuts, cuts[1:]))
    head = f"fundamental theorem on {where} where the integrand is continuous, G' = integrand exactly on each: {'; '.join(notes)}"
    if total.has(sp.nan, sp.zoo) or total in (sp.oo, -sp.oo):
        value = sp.nan if total.has(sp.nan, sp.zoo) else sign * total
        if other in (sp.oo, -sp.oo) and value == other:
            return Verdict.PROVED, f"{head}: the integral diverges to {sp.sstr(other)}", None
        named = "has no value (diverges)" if value is sp.nan else f"diverges to {sp.sstr(value)}"
        return Verdict.REFUTED, f"{head}: the integral {named}, so it is not {sp.sstr(other)}", None
    total = sp.simplify(sign * total)
    if other in (sp.oo, -sp.oo) and total.is_finite:
        return Verdict.REFUTED, f"{head}; the integral converges to {sp.sstr(total)}, not {sp.sstr(other)}", None
    verdict, reason, counterexample = decide_relation(sp.Eq(total, other, evaluate=False), facts)
    return verdict, f"{head}; the integral is {sp.sstr(total)}: {reason}", counterexample


CANDIDATES = tuple(sp.S(v) for v in (1, -1, sp.Rational(1, 2), sp.Rational(-3, 2), 2, 0, sp.Rational(-1, 2), 3))


def at_an_instance(y, low, high, f, other, facts, decide_relation: Callable, most=3):
    """A statement with one parameter is false when it fails at one value the assumptions allow: the
    first few small values tried with constant bounds (int_1^oo x^-p = 1/(p-1) for p > 0 fails at
    p = 1: it diverges); (Verdict.REFUTED, reason, counterexample) or None."""
    from derivations.model.verdict import Counterexample

    parameters = (f.free_symbols | other.free_symbols) - {y}
    if len(parameters) != 1 or low.free_symbols or high.free_symbols:
        return None
    (s,) = parameters
    tried = 0
    for value in CANDIDATES:
        if tried >= most or not all(fact.xreplace({s: value}) == sp.true for fact in facts):
            continue
        if not all(getattr(value, f"is_{key}") is holds for key, holds in s.assumptions0.items() if key != "commutative"):
            continue  # n an integer, t positive: only values of its kind
        at = other.xreplace({s: value})
        if at.has(sp.zoo, sp.nan) or not (at.is_number or at in (sp.oo, -sp.oo)):
            continue
        tried += 1
        found = on_interval(y, low, high, f.xreplace({s: value}), at, (), decide_relation)
        if found is not None and found[0] is Verdict.REFUTED:
            detail = f"at {s} = {sp.sstr(value)}, which the assumptions allow: {found[1]}"
            return Verdict.REFUTED, detail, Counterexample({str(s): sp.sstr(value)}, detail, True)
    return None
