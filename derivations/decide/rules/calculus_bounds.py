"""Inequalities in one variable by calculus: monotonicity, convexity with an exact critical point, the exact real critical points of an algebraic derivative, certified interval bisection on a bounded interval (and on the middle of an infinite one, its tails by calculus), signs of factors, and u = (a x + b)^(1/q) under a root."""

from __future__ import annotations

from dataclasses import dataclass, replace

import mpmath
import sympy as sp

from derivations.decide.algebra import is_zero
from derivations.base.budget import OutOfTime, budget, shared
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback
from .span_signs import as_signed_symbols, interior_facts, number_sign

SECONDS = 4.0  # CPU seconds for the whole procedure on one inequality (once per statement)
MAX_DEPTH = 3  # the sign of f' (f'') may itself be decided by calculus: a chain of three (Taylor bounds)
MAX_BOXES = 600  # boxes of the interval bisection
_KINKS = (sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Derivative, sp.Integral, sp.Sum, sp.Limit)


@dataclass(frozen=True)
class Span:
    """The interval of the variable: ends (possibly infinite) and whether each is included."""

    lo: sp.Basic
    lo_closed: bool
    hi: sp.Basic
    hi_closed: bool
    inner: tuple = ()  # facts true strictly inside (cos x > 0, 1 - x^2 > 0), not at the ends

    def interior(self, x) -> tuple:
        out = list(self.inner)
        if self.lo != -sp.oo:
            out.append(sp.Gt(x, self.lo))
        if self.hi != sp.oo:
            out.append(sp.Lt(x, self.hi))
        return tuple(out)

    def closed(self, x) -> tuple:
        out = []
        if self.lo != -sp.oo:
            out.append(sp.Ge(x, self.lo) if self.lo_closed else sp.Gt(x, self.lo))
        if self.hi != sp.oo:
            out.append(sp.Le(x, self.hi) if self.hi_closed else sp.Lt(x, self.hi))
        return tuple(out)

    def text(self) -> str:
        return f"{'[' if self.lo_closed else '('}{sp.sstr(self.lo)}, {sp.sstr(self.hi)}{']' if self.hi_closed else ')'}"


def span_of(x, facts) -> Span | None:
    """The interval the facts allow x, when they say only that (polynomial conditions on x alone, their
    solution one interval); None when a fact ties x to another symbol or cuts out more than an interval."""
    allowed = sp.Interval(-sp.oo, sp.oo)
    if x.is_positive:
        allowed = sp.Interval.open(0, sp.oo)
    elif x.is_nonnegative:
        allowed = sp.Interval(0, sp.oo)
    elif x.is_negative:
        allowed = sp.Interval.open(-sp.oo, 0)
    others = []  # facts on x that are not polynomial bounds: each must follow on the interval
    for fact in facts:
        fact = sp.sympify(fact)
        if fact == sp.true or x not in fact.free_symbols:
            continue
        if fact.free_symbols != {x}:
            return None
        if not isinstance(fact, (sp.Gt, sp.Ge, sp.Lt, sp.Le)) or not (fact.lhs - fact.rhs).is_polynomial(x):
            others.append(fact)
            continue
        try:
            found = sp.solve_univariate_inequality(fact.xreplace({x: sp.Symbol("_s", real=True)}), sp.Symbol("_s", real=True), relational=False)
        except (NotImplementedError, ValueError, TypeError):
            return None
        allowed = allowed.intersect(found)
    if not isinstance(allowed, sp.Interval) or allowed.is_empty:
        return None
    span = Span(allowed.start, not allowed.left_open and allowed.start != -sp.oo, allowed.end, not allowed.right_open and allowed.end != sp.oo)
    if others and not _follow(others, x, span):
        return None  # cos x != 0 on (0, 1.5708) cuts the interval at pi/2: not one interval
    return span


def _follow(others, x, span) -> bool:
    """Every fact of others follows from x in the span, with the signs of its trig functions there."""
    from .span_signs import follows

    return all(follows(fact, x, span.lo, span.lo_closed, span.hi, span.hi_closed, span.closed(x)) for fact in others)


def trig_facts(d, x, span) -> tuple:
    """The signs of d's trig functions on the span (cos x > 0 on (-pi/2, pi/2)), as facts."""
    from .span_signs import sign_facts

    return sign_facts(d, x, span.lo, span.lo_closed, span.hi, span.hi_closed)


def _number_sign(v) -> int | None:
    """-1, 0 or 1 for a constant decided exactly or by a certain enclosure (or an infinity); None when unsure."""
    if v == sp.oo:
        return 1
    if v == -sp.oo:
        return -1
    return None if v is None else number_sign(v)


def _end(f, x, span: Span, left: bool, facts):
    """f's value at a closed end, its one-sided limit at an open or infinite end (two agreeing routes)."""
    from .limits import NoLimit, decide_limit

    end, closed = (span.lo, span.lo_closed) if left else (span.hi, span.hi_closed)
    if closed:
        value = sp.simplify(f.xreplace({x: end}))
        return value if value.is_number and not value.has(sp.zoo, sp.nan) else None
    direction = "+" if left else "-"
    var = sp.Dummy(x.name, positive=True) if (end == sp.oo or (left and end.is_number and end >= 0)) else sp.Dummy(x.name, negative=True) if (end == -sp.oo or (not left and end.is_number and end <= 0)) else sp.Dummy(x.name, real=True)
    try:
        value, _ = decide_limit(f.xreplace({x: var}), var, end, direction, tuple(facts))
    except NoLimit:
        return None
    if value is None or value.free_symbols or value.has(sp.zoo, sp.nan, sp.AccumBounds):
        return None
    return value


def _smooth(f, fp, x, span: Span, facts) -> bool:
    """f defined (so continuous) on the interval, f' defined on its interior: no kink, no case."""
    from derivations.decide.domain import conditions, implied

    if f.has(*_KINKS) or fp.has(*_KINKS):
        return False
    from .span_signs import follows

    closed = tuple(facts) + span.closed(x)
    inside = tuple(facts) + span.interior(x)

    def on(c, known, ends):
        return implied(c, known) or (c.guard == sp.true and follows(c.relation, x, span.lo, ends and span.lo_closed, span.hi, ends and span.hi_closed, known))

    return all(on(c, closed, True) for c in conditions(f)) and all(on(c, inside, False) for c in conditions(fp))


def _signed(g, facts, strict) -> int:
    """+1 when g >= 0 (> 0 if strict) is certified on the facts, -1 when g <= 0 (< 0), else 0."""
    from derivations.decide.algebra import strengthen
    from .inequality import decide_sign

    mapping = strengthen(facts)  # x > 0 among the facts: x positive, so SymPy signs its powers
    g, facts = g.xreplace(mapping), tuple(sp.sympify(f).xreplace(mapping) for f in facts)
    if decide_sign(g, strict, facts)[0]:
        return 1
    if decide_sign(-g, strict, facts)[0]:
        return -1
    plain = as_signed_symbols(g, facts)  # -sin x + 2 cos x where sin x > 0 and cos x < 0
    if plain is not None and plain.free_symbols != g.free_symbols:
        if decide_sign(plain, strict, facts)[0]:
            return 1
        if decide_sign(-plain, strict, facts)[0]:
            return -1
    return 0


def _rational_near(c) -> sp.Rational:
    return sp.Rational(mpmath.nstr(mpmath.mpf(sp.N(c, 30)), 15))


class Found:
    """The outcome of one strategy: proved, refuted at a point, or nothing."""

    def __init__(self, verdict: Verdict, how: str, point=None):
        self.verdict, self.how, self.point = verdict, how, point


def _conclude(x, values, strict, how, attained):
    """inf f over the interval is min(values), each (label, value, attained there?). Proved when every
    value is >= 0 (> 0 where attained if strict; an unattained 0 beside a strictly larger function is
    fine for strict only when ``attained`` says the inf is not reached); refuted at a point reaching < 0
    (or 0 when strict)."""
    signs = [(label, v, at, _number_sign(v)) for label, v, at in values]
    if any(s is None for *_, s in signs):
        return None
    for label, v, at, s in signs:
        if s < 0 or (strict and s == 0 and at is not None):
            point = at
            if s < 0 and at is not None and not at.is_Rational:  # f < 0 near it too: a rational point
                point = _rational_near(at)
            return Found(Verdict.REFUTED, f"{how}; {label}: f = {sp.sstr(v)}", point)
    return Found(Verdict.PROVED, f"{how}; " + ", ".join(f"{label}: {sp.sstr(v)}" for label, v, _, _ in signs))


def _factor_signs(g, x, span, facts, depth, strict=False) -> int:
    """The sign of g on the interval from its factors' signs, each decided by signs or, one level
    down, by this same calculus procedure (x^2 - tanh^2 x = (x - tanh x)(x + tanh x) on x >= 0)."""
    if depth >= MAX_DEPTH:
        return 0
    total = 1
    for factor in sp.Mul.make_args(sp.factor(g)):
        s = _signed(factor, tuple(facts) + span.interior(x), strict)
        for candidate, sign in ((factor, 1), (-factor, -1)):
            if s:
                break
            found = decide_one_variable(candidate, strict, tuple(facts) + (span.interior(x) if strict else span.closed(x)), depth + 1)
            if found is not None and found.verdict is Verdict.PROVED:
                s = sign
        if not s:
            return 0
        total *= s
    return total


def _monotone(f, fp, x, span, facts, strict, ends, depth=0):
    inside = tuple(facts) + span.interior(x)
    direction = _signed(fp, inside, False) or _factor_signs(fp, x, span, facts, depth)
    if not direction:
        return None
    label, value, closed, end = ("left end", ends[0], span.lo_closed, span.lo) if direction > 0 else ("right end", ends[1], span.hi_closed, span.hi)
    word = "nondecreasing" if direction > 0 else "nonincreasing"
    if value is None:
        return None
    s = _number_sign(value)
    if s is None:
        return None
    if strict and s == 0 and not closed:  # the bound is approached, not reached: needs f' of strict sign
        if _signed(direction * fp, inside, True) != 1 and not _isolated_zeros(fp, x, span) and _factor_signs(fp, x, span, facts, depth, True) != direction:
            return None  # (or f' of one sign whose zeros fill no interval: 1 - cos x)
        word = "increasing" if direction > 0 else "decreasing"
    return _conclude(x, [(f"{label} {sp.sstr(end)}", value, end if closed else None)], strict, f"f' has one sign on the interior: f is {word} on {span.text()}", None)


def _countable(found) -> bool:
    """A set of solutions that fills no interval: finite, or n T + c over the integers, cut to an interval."""
    if isinstance(found, sp.FiniteSet):
        return True
    if isinstance(found, sp.ImageSet):
        return found.base_set in (sp.S.Integers, sp.S.Naturals, sp.S.Naturals0)
    if isinstance(found, sp.Intersection):
        return any(_countable(a) for a in found.args)
    if isinstance(found, sp.Union):
        return all(_countable(a) for a in found.args)
    if isinstance(found, sp.Complement):
        return _countable(found.args[0])
    return False


def _isolated_zeros(fp, x, span) -> bool:
    """The zeros of f' inside the interval fill no subinterval (so f' of one sign makes f strictly monotone)."""
    try:
        with budget(2):
            return _countable(sp.solveset(fp, x, sp.Interval.open(span.lo, span.hi)))
    except Exception:  # noqa: BLE001 - solveset fails or runs out: not shown
        return False


def _critical_point(fp, x, span, inside):
    """An exact zero of f' inside the interval: from solveset when it answers with points, else a root
    found numerically and recognised exactly (rational or a closed form), kept only if f'(c) = 0 exactly."""
    found = _critical_points(fp, x, span, first=True)
    return found[0] if found else None


def _critical_points(fp, x, span, first=False, starts=6) -> list:
    """The exact zeros of f' inside the interval found as _critical_point finds one (all of them, or the first)."""
    candidates = []
    try:
        with budget(2):
            found = sp.solveset(fp, x, sp.Interval.open(span.lo, span.hi))
        if isinstance(found, sp.FiniteSet):
            candidates += list(found)
    except Exception:  # noqa: BLE001 - solveset fails or runs out: numeric guesses below
        pass
    if not candidates:
        lo = float(span.lo) if span.lo != -sp.oo else -20.0
        hi = float(span.hi) if span.hi != sp.oo else 20.0
        func = sp.lambdify(x, fp, "mpmath")
        for start in (lo + (hi - lo) * k / starts for k in range(1, starts)):
            try:
                root = mpmath.findroot(func, start)
            except Exception:  # noqa: BLE001 - no convergence from here
                continue
            if mpmath.im(root) != 0:
                continue
            guess = sp.nsimplify(float(mpmath.re(root)), [sp.E, sp.pi, sp.log(2)], tolerance=1e-12)
            candidates.append(guess)
    out = []
    for c in dict.fromkeys(candidates):
        if not c.is_real:
            continue
        if (span.lo == -sp.oo or bool(c > span.lo)) and (span.hi == sp.oo or bool(c < span.hi)) and is_zero(fp.xreplace({x: c})).value is True:
            out.append(c)
            if first:
                break
    return out


def _attained(f, fp, x, span, facts, strict, ends, depth=0):
    """A refutation only: an exact critical point where f < 0, or f = 0 exactly for a strict bound
    (1 - sin x > 0 fails at x = pi/2, where it is 0). Nothing is proved here."""
    for c in sorted(_critical_points(fp, x, span, starts=16), key=lambda c: abs(float(c))):  # the plainest point first
        value = sp.simplify(f.xreplace({x: c}))
        s = _number_sign(value)
        if s is not None and (s < 0 or (strict and s == 0)):
            return _conclude(x, [(f"critical point {x} = {sp.sstr(c)}", value, c)], strict, f"f'({sp.sstr(c)}) = 0 exactly", None)
    return None


def _convex(f, fp, x, span, facts, strict, ends, depth=0):
    inside = tuple(facts) + span.interior(x)
    fpp = sp.diff(fp, x)
    shape = _signed(fpp, inside, False) or _factor_signs(fpp, x, span, facts, depth)
    if shape < 0 and None not in ends:  # concave: the infimum is at an end; strictly above the lower chord inside
        values = [("left end " + sp.sstr(span.lo), ends[0], span.lo if span.lo_closed else None), ("right end " + sp.sstr(span.hi), ends[1], span.hi if span.hi_closed else None)]
        found = _conclude(x, values, strict, f"f'' <= 0 on the interior: f is concave, its infimum on {span.text()} is at an end", None)
        if found is not None and found.verdict is Verdict.PROVED and strict and all(_number_sign(v) == 0 for _, v, _ in values):
            return None  # both ends 0: concave f might be 0 throughout
        return found
    if shape > 0:
        c = _critical_point(fp, x, span, inside)
        if c is None:
            return _convex_from_an_end(f, fp, x, span, strict, ends)
        value = sp.simplify(f.xreplace({x: c}))
        return _conclude(x, [(f"critical point {x} = {sp.sstr(c)}", value, c)], strict, f"f'' >= 0 on the interior: f is convex on {span.text()}, and f'({sp.sstr(c)}) = 0 exactly, so that is its minimum", None)
    return None


def _convex_from_an_end(f, fp, x, span, strict, ends):
    """f convex with no critical point inside: f' is nondecreasing, so f'(lo) >= 0 at a closed left end
    makes f nondecreasing (its infimum f(lo)), and f'(hi) <= 0 at a closed right end nonincreasing (f(hi))."""
    for closed, end, value, sign, label in ((span.lo_closed, span.lo, ends[0], 1, "left"), (span.hi_closed, span.hi, ends[1], -1, "right")):
        if not closed or end in (sp.oo, -sp.oo) or value is None:
            continue
        slope = sp.simplify(fp.xreplace({x: end}))
        s = _number_sign(sign * slope) if slope.is_number and not slope.has(sp.zoo, sp.nan) else None
        if s is not None and s >= 0:
            word = "nondecreasing" if sign > 0 else "nonincreasing"
            how = f"f'' >= 0 on the interior and f'({sp.sstr(end)}) = {sp.sstr(slope)}: f' keeps that sign, f is {word} on {span.text()}"
            return _conclude(x, [(f"{label} end {sp.sstr(end)}", value, end)], strict, how, None)
    return None


def _algebraic(f, fp, x, span, facts, strict, ends, depth=0):
    """f' a rational function of x: its real zeros are the roots of its numerator, isolated exactly."""
    from derivations.decide.algebra import sign_of

    if None in ends:
        return None
    numerator, denominator = sp.fraction(sp.together(fp))
    inside = tuple(facts) + span.interior(x)
    kept = [g for g in sp.Mul.make_args(sp.factor(numerator)) if not (g.has(x) and not g.is_polynomial(x) and sign_of(g, inside)[0] == "pos") and not (g.is_number and g != 0)]
    numerator = sp.Mul(*kept)  # a factor e^{-x} > 0 has no zero: the zeros are those of the rest
    denominator = sp.Integer(1) if denominator.is_polynomial(x) or sign_of(denominator, inside)[0] == "pos" else denominator
    if not (numerator.is_polynomial(x) and denominator.is_polynomial(x)) or numerator.free_symbols - {x} or denominator.free_symbols - {x}:
        return None
    poly = sp.Poly(numerator, x)
    if poly.degree() < 1 or poly.degree() > 8:
        return None
    roots = [r for r in dict.fromkeys(poly.real_roots()) if (span.lo == -sp.oo or r > span.lo) and (span.hi == sp.oo or r < span.hi)]
    values = [("left end " + sp.sstr(span.lo), ends[0], span.lo if span.lo_closed else None), ("right end " + sp.sstr(span.hi), ends[1], span.hi if span.hi_closed else None)]
    for r in roots:
        values.append((f"critical point {x} = {sp.sstr(r)}", sp.simplify(f.xreplace({x: r})) if not isinstance(r, sp.CRootOf) else f.xreplace({x: r}), r))
    return _conclude(x, values, strict, f"f' is algebraic: its real zeros on {span.text()} are the roots of {sp.sstr(numerator)} (exact real-root isolation), and the infimum is among them and the ends", None)


def _bisection(f, fp, x, span, facts, strict, ends, depth=0):
    """f > 0 on a bounded closed interval, certified box by box by interval enclosures."""
    from derivations.decide import interval

    if span.lo == -sp.oo or span.hi == sp.oo:
        return None
    boxes, count = [(sp.Rational(span.lo) if span.lo.is_Rational else None, sp.Rational(span.hi) if span.hi.is_Rational else None)], 0
    if None in boxes[0]:
        return None
    while boxes:
        lo, hi = boxes.pop()
        count += 1
        if count > MAX_BOXES:
            return None
        value = interval.enclosure(f, {x: (lo, hi)})
        if value is not None and value.a > 0:
            continue
        mid = (lo + hi) / 2
        if (value is not None and value.b < 0) or interval.sign(f, {x: mid}) == -1:  # f(mid) < 0, enclosed
            return Found(Verdict.REFUTED, f"f < 0 at {x} = {sp.sstr(mid)} (interval enclosure)", mid)
        boxes += [(lo, mid), (mid, hi)]
    return Found(Verdict.PROVED, f"interval bisection: f > 0 on every box of {span.text()} ({count} boxes, enclosures by mpmath.iv)")


def _factored(f, fp, x, span, facts, strict, ends, depth=0):
    """f a product (after putting it over one denominator) of factors whose signs are decided one by one:
    1/(1+x) - e^{-x} = e^{-x} (e^x - 1 - x)/(1 + x)."""
    if strict:
        return None
    factors = [g for g in sp.Mul.make_args(sp.factor(sp.together(f))) if g.has(x)]
    if len(factors) < 2:
        return None
    if _factor_signs(f, x, span, facts, depth) > 0:
        return Found(Verdict.PROVED, f"f = {sp.sstr(sp.factor(sp.together(f)))}: each factor has a sign on {span.text()}")
    return None


def _root_substitution(f, fp, x, span, facts, strict, ends, depth=0):
    """Every fractional power of f is of one a x + b (a > 0) >= 0 on the interval: with u = (a x + b)^(1/q),
    x = (u^q - b)/a is increasing in u >= 0, so f >= 0 on the interval iff f(x(u)) >= 0 on its image."""
    if depth >= MAX_DEPTH:
        return None
    powers = [p for p in f.atoms(sp.Pow) if p.exp.is_Rational and p.exp.q > 1 and p.base.has(x)]
    bases = {p.base for p in powers}
    if len(bases) != 1:
        return None
    (base,) = bases
    if not base.is_polynomial(x) or sp.degree(base, x) != 1:
        return None
    a, b = sp.Poly(base, x).all_coeffs()
    if not (a.is_Rational and b.is_Rational and a > 0):
        return None
    q = int(sp.ilcm(1, *[p.exp.q for p in powers]))
    if span.lo == -sp.oo or base.xreplace({x: span.lo}) < 0:
        return None
    lo = sp.root(base.xreplace({x: span.lo}), q)
    u = sp.Symbol("u", positive=True) if lo > 0 else sp.Symbol("u", nonnegative=True)
    g = sp.expand_log(sp.powdenest(f.xreplace({x: (u**q - b) / a})))  # (u^2)^(1/2) = u, log u^2 = 2 log u
    facts_u = [sp.Ge(u, lo) if span.lo_closed else sp.Gt(u, lo)]
    if span.hi != sp.oo:
        hi = sp.root(base.xreplace({x: span.hi}), q)
        facts_u.append(sp.Le(u, hi) if span.hi_closed else sp.Lt(u, hi))
    if g.has(x) or any(p.exp.is_Rational and p.exp.q > 1 and p.base.has(u) for p in g.atoms(sp.Pow)):
        return None
    found = decide_one_variable(g, strict, tuple(facts_u), depth + 1)
    if found is None or found.verdict is not Verdict.PROVED:
        return None
    return Found(Verdict.PROVED, f"with u = ({sp.sstr(base)})^(1/{q}), increasing in {x}: f = {sp.sstr(g)} on u in {sp.sstr(lo)}..; {found.how}")


SPLIT_AT = (4, 8, 16)  # where an infinite interval is cut: tails by calculus, the middle by interval bisection


def _split(f, fp, x, span, facts, strict, ends, depth=0):
    """An infinite interval cut at +-L: the bounded middle by certified bisection, each tail by the other
    strategies (its limit at infinity and the sign of f' there); f > 0 must hold with a margin."""
    if depth >= MAX_DEPTH - 1 or (span.lo != -sp.oo and span.hi != sp.oo) or not span.lo.is_Rational and span.lo != -sp.oo or not span.hi.is_Rational and span.hi != sp.oo:
        return None
    for end, value in zip((span.lo, span.hi), ends):
        if end in (sp.oo, -sp.oo) and (value is None or _number_sign(value) != 1):
            return None  # f tends to a positive value (or infinity) at each infinite end
    for L in SPLIT_AT:
        lo = span.lo if span.lo != -sp.oo else sp.Integer(-L)
        hi = span.hi if span.hi != sp.oo else sp.Integer(L)
        if lo >= hi:
            continue
        middle = Span(lo, True, hi, True)
        found = _bisection(f, fp, x, middle, facts, strict, ends, depth)
        if found is not None and found.verdict is Verdict.REFUTED:
            return found  # a box whose whole enclosure is negative: its midpoint is a counterexample
        if found is None:
            continue
        hows = [found.how]
        for tail in ([Span(span.lo, span.lo_closed, lo, True)] if span.lo == -sp.oo else []) + ([Span(hi, True, span.hi, span.hi_closed)] if span.hi == sp.oo else []):
            tail_ends = (_end(f, x, tail, True, facts), _end(f, x, tail, False, facts))
            for strategy in (_monotone, _convex, _factored):
                done = strategy(f, fp, x, tail, facts, strict, tail_ends, depth + 1)
                if done is not None:
                    break
            if done is None or done.verdict is not Verdict.PROVED:
                break
            hows.append(f"on {tail.text()}: {done.how}")
        else:
            return Found(Verdict.PROVED, "; ".join(hows))
    return None


def _logarithms(f, fp, x, span, facts, strict, ends, depth=0):
    """f = A - B with A, B > 0 (its positive and negative terms): A >= B iff log A >= log B, which may be
    easier (e^{x^2/2} >= cosh x as x^2/2 - log cosh x, convex with its minimum 0 at 0)."""
    if depth >= MAX_DEPTH:
        return None
    terms = sp.Add.make_args(sp.expand(f))
    A = sp.Add(*[t for t in terms if not t.could_extract_minus_sign()])
    B = -sp.Add(*[t for t in terms if t.could_extract_minus_sign()])
    inside = tuple(facts) + span.closed(x)
    if not (A.has(sp.exp, sp.cosh, sp.Pow) or B.has(sp.exp, sp.cosh, sp.Pow)) or _signed(A, inside, True) != 1 or _signed(B, inside, True) != 1:
        return None
    la, lb = sp.expand_log(sp.log(A), force=False), sp.expand_log(sp.log(B), force=False)
    if all(any(not l.args[0].is_number for l in side.atoms(sp.log)) for side in (la, lb)):
        return None  # worth it only when one side is an exponential (or a power) that the logarithm undoes
    g = sp.expand(la - lb)
    found = decide_one_variable(g, strict, inside, depth + 1)
    if found is None or found.verdict is not Verdict.PROVED:
        return None
    return Found(Verdict.PROVED, f"{sp.sstr(A)} >= {sp.sstr(B)} > 0 as their logarithms: g = {sp.sstr(g)}; {found.how}")


STRATEGIES = (_logarithms, _monotone, _convex, _algebraic, _bisection, _attained, _factored, _root_substitution, _split)


def _samples(span: Span):
    lo = span.lo if span.lo != -sp.oo else None
    hi = span.hi if span.hi != sp.oo else None
    if lo is not None and hi is not None:
        return [lo + (hi - lo) * sp.Rational(k, 16) for k in range(1, 16)]
    steps = [sp.Rational(1, 64), sp.Rational(1, 8), sp.Rational(1, 2), 1, 2, 4, 10, 30]
    if lo is not None:
        return [lo + t for t in steps]
    if hi is not None:
        return [hi - t for t in steps]
    return [sp.Integer(0)] + [s * t for t in steps for s in (1, -1)]


def _seen_negative(d, x, span):
    """A rational point of the interval where d is clearly below 0 (by more than rounding) in 30-digit
    floats, or None: a search for a certificate that cannot exist is skipped."""
    try:
        func = sp.lambdify(x, d, "mpmath")
    except Exception:  # noqa: BLE001
        return None
    with mpmath.workdps(30):
        for point in _samples(span):
            try:
                value = func(mpmath.mpf(sp.Rational(point).p) / sp.Rational(point).q)
            except Exception:  # noqa: BLE001 - undefined or overflowing there
                continue
            if isinstance(value, mpmath.mpf) and value < -mpmath.mpf(10) ** -20:
                return sp.Rational(point)
    return None


def decide_one_variable(d, strict, facts, depth=0) -> Found | None:
    """d > 0 (strict) or d >= 0 on the interval the facts allow its one variable: proved, refuted at a
    point, or None."""
    from derivations.decide import interval
    from derivations.notation import expand_notation

    d = expand_notation(sp.sympify(d))
    free = d.free_symbols
    if len(free) != 1:
        return None
    (x,) = free
    if x.is_integer or not x.is_real:
        return None
    span = span_of(x, facts)
    if span is None:
        return None
    own = tuple(f for f in facts if sp.sympify(f).free_symbols <= {x})
    own += tuple(f for f in trig_facts(d, x, span) if f not in own)
    below = _seen_negative(d, x, span)
    if below is not None and not depth and interval.sign(d, {x: below}) != -1:
        below = None  # not certain at the point: the strategies decide
    if below is not None:  # no certificate can exist; the point is confirmed (intervals) before any verdict
        if depth:
            return None
        found = Found(Verdict.REFUTED, f"f < 0 at {x} = {sp.sstr(below)} (interval enclosure at the point)", below)
        found.x = x
        return found
    fp = sp.diff(d, x)
    span = replace(span, inner=interior_facts((d, fp), x, span.lo, span.hi))
    if not _smooth(d, fp, x, span, own):
        return None
    ends = (_end(d, x, span, True, own), _end(d, x, span, False, own))
    for strategy in STRATEGIES:  # each uses the ends it needs, and gives up when one is not decided
        found = strategy(d, fp, x, span, own, strict, ends, depth)
        if found is not None:
            found.x = x
            return found
    return None


@fallback("inequality")
def by_calculus(goal: Goal, ctx: Context) -> StepCheck:
    """small < big (<=) in one real variable on its interval: the infimum of big - small over it, read
    off by monotonicity, convexity, exact critical points or certified interval bisection."""
    from .inequality import _oriented

    small, op, big = _oriented(goal)
    if op not in ("<", "<="):
        return StepCheck.unknown("calculus", "not an inequality")
    try:
        with shared("calculus", SECONDS):
            found = decide_one_variable(big - small, op == "<", ctx.facts)
    except OutOfTime:
        return StepCheck.unknown("calculus", "out of time")
    except Exception as exc:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("calculus", "a SymPy computation failed: not decided")
    if found is None:
        return StepCheck.unknown("calculus", "no calculus certificate (one variable on an interval, smooth, ends decided)")
    if found.verdict is Verdict.PROVED:
        return StepCheck.proved(f"calculus on f = {sp.sstr(big - small)}: {found.how}")
    point = found.point
    values = {found.x.name: sp.sstr(point if point.is_Rational or not point.is_number else point)} if point is not None else {}
    return StepCheck(Verdict.REFUTED, "calculus", f"calculus on f = {sp.sstr(big - small)}: {found.how}", Counterexample(values, found.how, point is not None and point.is_Rational))
