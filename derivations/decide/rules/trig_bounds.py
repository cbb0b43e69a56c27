"""Inequalities in one variable with trig functions on an interval: cut at the points the domain excludes, one period when periodic, certified bisection by interval enclosures (with the mean-value form, for tight bounds), the ends by calculus and an infinite tail by |sin|, |cos| <= 1."""

from __future__ import annotations

from itertools import product

import mpmath
import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, gap_fallback

SECONDS = 6.0
MAX_BOXES = 4000
END_SECONDS = 1.5  # CPU seconds for the calculus on a box at an open end
TAILS = (4, 8, 16, 32, 64, 256)
_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan, sp.acot)
_BOUNDED = (sp.sin, sp.cos)


class _Enclose:
    """f and f' prepared once; the lower bound of f over a box, naive and in the mean-value form."""

    def __init__(self, f, x):
        from derivations.decide import interval

        self.interval, self.x = interval, x
        self.f = interval._prepared(f, {})
        self.fp = interval._prepared(sp.diff(f, x), {})

    def _at(self, e, lo, hi):
        iv, enc = mpmath.iv, self.interval._enc
        try:
            with self.interval._digits(30):
                box = iv.mpf([enc(sp.sympify(lo), {}).a, enc(sp.sympify(hi), {}).b])
                value = enc(e, {self.x: box})
        except Exception:  # noqa: BLE001 - undefined or not enclosed there
            return None
        return value if mpmath.isfinite(value.a) and mpmath.isfinite(value.b) else None

    def lower(self, lo, hi, mid):
        """A certain lower bound of f over [lo, hi] (None when not enclosed) and f(mid)'s enclosure."""
        naive = self._at(self.f, lo, hi)
        at_mid = self._at(self.f, mid, mid)
        slope = self._at(self.fp, lo, hi)
        bounds = [naive.a] if naive is not None else []
        if at_mid is not None and slope is not None:
            with self.interval._digits(30):
                offsets = mpmath.iv.mpf([self.interval._enc(sp.sympify(lo - mid), {}).a, self.interval._enc(sp.sympify(hi - mid), {}).b])
                bounds.append((at_mid + slope * offsets).a)
        return (max(bounds) if bounds else None), at_mid


def _rational_inside(lo, hi):
    """A rational strictly between two real numbers."""
    for digits in (4, 8, 16, 30):
        m = sp.Rational(mpmath.nstr(mpmath.mpf(sp.N((lo + hi) / 2, digits + 10)), digits))
        if bool(m > lo) and bool(m < hi):
            return m
    return None


def bisect(f, x, lo, lo_closed, hi, hi_closed, strict, enclose=None):
    """(Verdict, how, point) for f > 0 on the bounded interval by bisection; None when not decided.
    A box at an open end where f is not enclosed is given to the calculus decider."""
    from .calculus_bounds import decide_one_variable

    enclose = enclose or _Enclose(f, x)
    boxes, count, ends = [(sp.sympify(lo), sp.sympify(hi))], 0, 0
    while boxes:
        a, b = boxes.pop()
        count += 1
        if count > MAX_BOXES:
            return None
        mid = (a + b) / 2 if (a + b).is_Rational else _rational_inside(a, b)
        if mid is None:
            return None
        low, at_mid = enclose.lower(a, b, mid)
        if low is not None and low > 0:
            continue
        if at_mid is not None and at_mid.b < 0:
            return Verdict.REFUTED, f"f < 0 at {x} = {sp.sstr(mid)} (interval enclosure)", mid
        if low is None and ((a == lo and not lo_closed) or (b == hi and not hi_closed)) and ends < 4:
            ends += 1
            facts = ((sp.Gt if a == lo and not lo_closed else sp.Ge)(x, a), (sp.Lt if b == hi and not hi_closed else sp.Le)(x, b))
            try:
                with budget(END_SECONDS):
                    found = decide_one_variable(f, strict, facts)
            except OutOfTime:
                found = None
            if found is not None and found.verdict is Verdict.PROVED:
                continue
        if abs(float(b - a)) < 1e-15:
            return None
        boxes += [(a, mid), (mid, b)]
    return Verdict.PROVED, f"interval bisection on [{sp.sstr(lo)}, {sp.sstr(hi)}]: f > 0 on every box ({count} boxes, naive and mean-value enclosures)", None


def _tail(f, x, start, strict):
    """f > 0 (>= 0) for x >= start: each sin and cos taken as an independent value in [-1, 1], f is
    multilinear in them, so its least value is at a vertex; each vertex function decided by calculus."""
    from .calculus_bounds import decide_one_variable

    atoms = sorted(f.atoms(*_BOUNDED), key=sp.default_sort_key)
    if not atoms or len(atoms) > 3:
        return None
    symbols = [sp.Dummy("s") for _ in atoms]
    e = sp.expand(f.xreplace(dict(zip(atoms, symbols))))
    if e.has(*_TRIG) or not all(e.is_polynomial(s) and sp.degree(e, s) <= 1 for s in symbols):
        return None
    for corner in product((-1, 1), repeat=len(symbols)):
        g = e.xreplace(dict(zip(symbols, corner)))
        found = decide_one_variable(g, strict, (sp.Ge(x, start),))
        if found is None or found.verdict is not Verdict.PROVED:
            return None
    return f"for {x} >= {start}, with |{'|, |'.join(sp.sstr(a) for a in atoms)}| <= 1 at every vertex: f > 0"


def _pieces(x, facts):
    """(the pieces of the interval as (lo, lo closed, hi, hi closed), why) or None: the polynomial
    bounds, cut at the zeros of the facts g != 0 that do not hold throughout (pi/2 for tan on (0, 1.5708))."""
    from .calculus_bounds import span_of
    from .span_signs import follows

    bounds = [f for f in facts if isinstance(f, (sp.Gt, sp.Ge, sp.Lt, sp.Le)) and (f.lhs - f.rhs).is_polynomial(x)]
    span = span_of(x, bounds)
    if span is None:
        return None
    cuts = set()
    for fact in facts:
        if fact in bounds or follows(fact, x, span.lo, span.lo_closed, span.hi, span.hi_closed, span.closed(x)):
            continue
        if not isinstance(fact, sp.Ne) or span.lo == -sp.oo or span.hi == sp.oo:
            return None
        try:
            with budget(2):
                zeros = sp.solveset(fact.lhs - fact.rhs, x, sp.Interval(span.lo, span.hi, not span.lo_closed, not span.hi_closed))
        except Exception:  # noqa: BLE001
            return None
        if not isinstance(zeros, sp.FiniteSet) or len(zeros) > 8:
            return None
        cuts |= set(zeros)
    points = sorted(cuts, key=lambda c: float(c))
    ends = [(span.lo, span.lo_closed)] + [(p, False) for p in points] + [(span.hi, span.hi_closed)]
    pieces = [(a, ac and a not in points, b, bc and b not in points) for (a, ac), (b, bc) in zip(ends, ends[1:])]
    return pieces, (f"cut at {', '.join(sp.sstr(p) for p in points)}, where it is undefined" if points else "")


def decide_trig(d, x, facts, strict):
    """(Verdict, how, point) or None."""
    from .periodic import period

    found = _pieces(x, facts)
    if found is None:
        return None
    pieces, why = found
    if len(pieces) == 1 and pieces[0][0] == -sp.oo and pieces[0][2] == sp.oo:
        T = period(d, x)
        if T is not None:
            pieces, why = [(sp.Integer(0), True, T, True)], f"periodic with period {sp.sstr(T)}: on [0, {sp.sstr(T)}]"
    hows = [why] if why else []
    enclose = _Enclose(d, x)
    for lo, lc, hi, hc in pieces:
        if lo != -sp.oo and hi != sp.oo:  # a point of the piece where f < 0 refutes before any search
            mid = _rational_inside(lo, hi)
            value = enclose._at(enclose.f, mid, mid) if mid is not None else None
            if value is not None and value.b < 0:
                return Verdict.REFUTED, f"f < 0 at {x} = {sp.sstr(mid)} (interval enclosure), inside ({sp.sstr(lo)}, {sp.sstr(hi)})", mid
        if lo == -sp.oo:
            return None
        if hi == sp.oo:
            for L in TAILS:
                start = sp.Integer(L) if not lo.is_number or L > lo else None
                if start is None or not bool(start > lo):
                    continue
                tail = _tail(d, x, start, strict)
                if tail is None:
                    continue
                found = bisect(d, x, lo, lc, start, True, strict, enclose)
                if found is None:
                    continue
                if found[0] is Verdict.REFUTED:
                    return found
                hows.append(f"{found[1]}; {tail}")
                break
            else:
                return None
            continue
        found = bisect(d, x, lo, lc, hi, hc, strict, enclose)
        if found is None or found[0] is Verdict.REFUTED:
            return found
        hows.append(found[1])
    return Verdict.PROVED, "; ".join(hows), None


@gap_fallback("trig-bounds")
def by_trig_bisection(difference, strict: bool, ctx: Context) -> StepCheck:
    """small < big (<=) in one real variable with trig functions: big - small > 0 on every piece of its
    interval, certified box by box (a bound is proved only with a margin: f > 0 everywhere)."""
    from derivations.notation import expand_notation

    d = expand_notation(sp.sympify(difference))
    if len(d.free_symbols) != 1 or not d.has(*_TRIG) or d.has(sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign, sp.floor, sp.ceiling, sp.Heaviside, sp.frac, sp.Integral, sp.Sum, sp.Limit, sp.Derivative):
        return StepCheck.unknown("trig-bounds", "not one variable with trig functions")
    (x,) = d.free_symbols
    if not x.is_real or x.is_integer:
        return StepCheck.unknown("trig-bounds", "not a real variable")
    facts = [sp.sympify(f) for f in ctx.facts if x in sp.sympify(f).free_symbols]
    if any(f.free_symbols != {x} for f in facts):
        return StepCheck.unknown("trig-bounds", "an assumption ties x to another symbol")
    try:
        with budget(SECONDS):
            found = decide_trig(d, x, facts, strict)
    except OutOfTime:
        return StepCheck.unknown("trig-bounds", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("trig-bounds", "a SymPy computation failed: not decided")
    if found is None:
        return StepCheck.unknown("trig-bounds", "no certified bisection")
    verdict, how, point = found
    if verdict is Verdict.PROVED:
        return StepCheck.proved(f"trig bounds on f = {sp.sstr(d)}: {how}")
    values = {x.name: sp.sstr(point)}
    return StepCheck(Verdict.REFUTED, "trig-bounds", how, Counterexample(values, how, point.is_Rational))
