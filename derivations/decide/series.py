"""Infinite series with no parameter: convergence by the ratio and Gauss tests, and a certified enclosure
of the value (an interval partial sum plus a proved bound of the tail)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

iv = mpmath.iv
TERMS = {30: 2000, 60: 20000}  # terms summed in intervals at a precision (more digits, more terms)
MOST_TERMS = 20000


@dataclass(frozen=True)
class Term:
    """a_k of sum_{k >= m} a_k whose ratio a_{k+1}/a_k = P(k)/Q(k) with integer polynomials (hypergeometric),
    and from k = start on: no root of P, Q, of the ratio's derivative (nor of g and g' when a is rational)."""

    a: sp.Basic
    k: sp.Symbol
    m: int
    P: sp.Poly
    Q: sp.Poly
    start: int
    rational: tuple | None  # (num, den, p) when a = num/den is rational in k, p = deg den - deg num


def is_constant_series(e) -> bool:
    """sum_{k=m}^{oo} a_k with an integer m and no symbol but k."""
    if not isinstance(e, sp.Sum) or len(e.limits) != 1:
        return False
    k, lo, hi = e.limits[0]
    return hi is sp.oo and lo.is_Integer and e.function.free_symbols <= {k}


def is_series(e) -> bool:
    """sum_{k=m}^{oo} a_k with an integer m (parameters allowed)."""
    return isinstance(e, sp.Sum) and len(e.limits) == 1 and e.limits[0][2] is sp.oo and e.limits[0][1].is_Integer


def geometric(s: sp.Sum):
    """(first term, ratio) of a series whose ratio a_{k+1}/a_k is free of k (sum x^k, sum c 2^-k), else None."""
    k, lo, _ = s.limits[0]
    try:
        r = sp.simplify(sp.powsimp(s.function.xreplace({k: k + 1}) / s.function, force=True))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if r.has(k) or r.has(sp.nan, sp.zoo) or r == 0:
        return None
    return s.function.xreplace({k: lo}), r


def constant_series(rel) -> list:
    return [s for s in sp.preorder_traversal(rel) if is_constant_series(s)]


def _root_bound(poly: sp.Poly) -> int:
    """An integer beyond every real root (Cauchy's bound), 0 for a constant."""
    coeffs = [abs(Fraction(int(c.p), int(c.q))) for c in poly.all_coeffs()]
    if len(coeffs) <= 1:
        return 0
    return int(math.ceil(1 + max(c / coeffs[0] for c in coeffs[1:]))) + 1


def _integer_poly(expr, k):
    poly = sp.Poly(expr, k)
    if not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    return poly


def _ratio(a, k):
    shifted = a.xreplace({k: k + 1}) / a
    for simplify in (sp.powsimp, lambda e: sp.gammasimp(sp.powsimp(sp.expand_power_exp(e), force=True)), sp.simplify):
        r = sp.cancel(sp.together(simplify(shifted)))
        if r.is_rational_function(k) and not r.has(sp.I):
            return r
    return None


@functools.lru_cache(maxsize=256)
def term(s: sp.Sum) -> Term | None:
    """The series' term as a hypergeometric Term, or None when its ratio is not a rational function with
    rational coefficients (checked exactly at two integers)."""
    k0, lo, _ = s.limits[0]
    k = sp.Symbol(k0.name, integer=True)
    a = s.function.xreplace({k0: k})
    try:
        r = _ratio(a, k)
        if r is None:
            return None
        num, den = sp.fraction(r)
        P, Q = _integer_poly(num, k), _integer_poly(den, k)
        if P is None or Q is None or P.is_zero:
            return None
        polys = [P, Q, sp.Poly(sp.numer(sp.together(sp.diff(r, k))), k)]
        rational = None
        if a.is_rational_function(k):
            an, ad = (_integer_poly(x, k) for x in sp.fraction(sp.cancel(sp.together(a))))
            if an is not None and ad is not None and not an.is_zero:
                p = ad.degree() - an.degree()
                g = sp.cancel(a * k**p)
                polys += [an, ad, sp.Poly(sp.numer(sp.together(sp.diff(g, k))), k)]
                rational = (an, ad, p)
        if any(not all(c.is_Rational for c in poly.all_coeffs()) for poly in polys):
            return None
        start = max([int(lo)] + [_root_bound(poly) for poly in polys if not poly.is_zero])
        for j in (start, start + 1):  # the ratio, exactly, where it is used
            here, there = _exact(a, k, j), _exact(a, k, j + 1)
            if here is None or there is None or here == 0 or there != here * Fraction(int(P.eval(j)), int(Q.eval(j))):
                return None
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError, ZeroDivisionError, NotImplementedError):
        return None
    return Term(a, k, int(lo), P, Q, start, rational)


def _exact(a, k, j) -> Fraction | None:
    value = sp.nsimplify(a.xreplace({k: sp.Integer(j)}))
    return Fraction(int(value.p), int(value.q)) if value.is_Rational else None


def _monic_shift(poly: sp.Poly) -> Fraction:
    """The second coefficient over the first (0 for a constant)."""
    c = poly.all_coeffs()
    return Fraction(int(c[1].p), int(c[1].q)) / Fraction(int(c[0].p), int(c[0].q)) if len(c) > 1 else Fraction(0)


def _limit_of_ratio(t: Term):
    """L = lim a_{k+1}/a_k (None for +-oo) and Gauss's s in |a_k/a_{k+1}| = 1 + s/k + O(1/k^2)."""
    if t.P.degree() > t.Q.degree():
        return None, None
    if t.P.degree() < t.Q.degree():
        return Fraction(0), None
    lead = Fraction(int(t.P.LC().p), int(t.P.LC().q)) / Fraction(int(t.Q.LC().p), int(t.Q.LC().q))
    return lead, _monic_shift(t.Q) - _monic_shift(t.P)


def convergence(s: sp.Sum) -> tuple[bool | None, str]:
    """(True: converges, False: diverges, None: not decided; the test used)."""
    t = term(s)
    if t is None:
        return None, "the term's ratio a_{k+1}/a_k is not a rational function of k"
    L, gauss = _limit_of_ratio(t)
    ratio = f"a_(k+1)/a_k = {sp.sstr(t.P.as_expr() / t.Q.as_expr())}"
    if L is None:
        return False, f"ratio test: {ratio} tends to oo, so the terms do not tend to 0"
    if abs(L) < 1:
        return True, f"ratio test: {ratio} tends to {L}"
    if abs(L) > 1:
        return False, f"ratio test: {ratio} tends to {L}, so the terms do not tend to 0"
    if L == -1:
        if gauss > 0:
            return True, f"alternating series test: {ratio}, |a_k| decreases to 0 (like k^-{gauss}) from k = {t.start}"
        return False, f"{ratio}: |a_k| does not tend to 0 (Gauss: |a_k/a_(k+1)| = 1 + {gauss}/k + O(1/k^2))"
    if gauss > 1:
        return True, f"Gauss's test: |a_k/a_(k+1)| = 1 + {gauss}/k + O(1/k^2), {gauss} > 1"
    return False, f"Gauss's test: |a_k/a_(k+1)| = 1 + {gauss}/k + O(1/k^2), {gauss} <= 1 (the terms keep one sign from k = {t.start})"


def diverges_to(s: sp.Sum):
    """oo or -oo when the series diverges with terms of one sign from some k on, else None."""
    found, _ = convergence(s)
    t = term(s)
    if found is not False or t is None or _ratio_at(t, t.start) <= 0:
        return None
    return sp.oo if _exact(t.a, t.k, t.start) > 0 else -sp.oo


def divergence(rel) -> str:
    """How the relation is false because a series in it diverges ('' when that is not shown): a
    divergent series set equal to a number, or one tending to +-oo compared with a number."""
    for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if not is_constant_series(side) or other.has(sp.Sum) or other.free_symbols:
            continue
        found, how = convergence(side)
        if found is not False:
            continue
        finite = other.is_number and other.is_finite
        if isinstance(rel, sp.Eq) and (finite or diverges_to(side) not in (None, other)):
            return f"the series {sp.sstr(side)} diverges ({how}), so it equals no number"
        toward = diverges_to(side)
        if toward is None or not finite or isinstance(rel, sp.Eq):
            continue
        holds = sp.sympify(type(rel)(toward, other) if side is rel.lhs else type(rel)(other, toward))
        if holds == sp.false:
            return f"the series {sp.sstr(side)} diverges to {toward} ({how})"
    return ""


def _ivq(q: Fraction):
    return iv.mpf(q.numerator) / iv.mpf(q.denominator)


def _hull(*values):
    return iv.mpf([min(v.a for v in values), max(v.b for v in values)])


def enclosure(s: sp.Sum, dps: int | None = None):
    """An interval (mpmath.iv at the working precision) holding the value of a convergent constant
    series, or None: the first terms summed in intervals, the tail bounded by a proved inequality."""
    return _enclosure(s, int(dps or iv.dps))


@functools.lru_cache(maxsize=256)
def _enclosure(s, dps):
    found, _ = convergence(s)
    t = term(s)
    if found is not True or t is None:
        return None
    n_terms = TERMS.get(dps, MOST_TERMS)
    N = max(t.start + 1, t.m + n_terms)
    saved = iv.dps
    iv.dps = dps
    try:
        total = iv.mpf(0)
        for j in range(t.m, t.start):
            value = _exact(t.a, t.k, j)
            if value is None:
                return None
            total += _ivq(value)
        current = _ivq(_exact(t.a, t.k, t.start))
        for j in range(t.start, N + 1):  # current = a_j
            total += current
            current = current * _ivq(_ratio_at(t, j))
        tail = _tail(t, N, current)  # current = a_{N+1}
        return None if tail is None else total + tail
    finally:
        iv.dps = saved


def _ratio_at(t, j) -> Fraction:
    """a_{j+1}/a_j = P(j)/Q(j), exactly."""
    value = t.P.eval(j) / t.Q.eval(j)
    return Fraction(int(value.p), int(value.q))


def _tail(t: Term, N: int, next_term):
    """An interval holding sum_{k > N} a_k (next_term encloses a_{N+1}); N >= start, where the ratio and
    g are monotone and have no root or pole."""
    L, gauss = _limit_of_ratio(t)
    r_next = _ratio_at(t, N + 1)
    if abs(L) < 1:  # |a_{k+1}| <= r |a_k| for k > N: a geometric bound
        r = max(abs(r_next), abs(L))
        if r >= 1:
            return None
        bound = (abs(next_term) / (1 - _ivq(r))).b
        return iv.mpf([-bound, bound])
    if L == -1:  # alternating, |a_k| nonincreasing to 0 from N + 1: the tail lies between 0 and a_{N+1}
        if not (-1 <= r_next < 0):
            return None
        return _hull(iv.mpf(0), next_term)
    if t.rational is None:
        return None
    an, ad, p = t.rational  # a_k = g(k) k^-p, g monotone from N on, toward its limit c
    g = lambda j: Fraction(int(an.eval(j)) * j**p, int(ad.eval(j)))  # noqa: E731
    c = Fraction(int(an.LC().p), int(an.LC().q)) / Fraction(int(ad.LC().p), int(ad.LC().q))
    low, high = sorted((g(N + 1), c))
    n1 = iv.mpf(N + 1)
    z_low = n1 ** (1 - p) / (p - 1) + n1 ** (-p) / 2  # convexity of x^-p: trapezoid and midpoint bounds
    z_high = (n1 - iv.mpf(1) / 2) ** (1 - p) / (p - 1)
    z = iv.mpf([z_low.a, z_high.b])
    if low >= 0:
        return iv.mpf([(_ivq(low) * z).a, (_ivq(high) * z).b])
    if high <= 0:
        return iv.mpf([(_ivq(low) * z).a, (_ivq(high) * z).b])
    return None


def value(s: sp.Sum, digits: int = 50):
    """The value of a constant series proved convergent, by mpmath's nsum (extrapolated), as an mpf at
    ``digits`` digits; None when the series is not proved convergent or nsum's value falls outside the
    certified enclosure."""
    found, _ = convergence(s)
    if found is not True:
        return None
    t = term(s)
    f = sp.lambdify(t.k, t.a, modules="mpmath")
    with mpmath.workdps(digits + 10):
        try:
            number = mpmath.nsum(f, [t.m, mpmath.inf])
        except (ZeroDivisionError, OverflowError, ValueError, TypeError):
            return None
        box, slack = enclosure(s, 30), mpmath.mpf(10) ** -25
        if box is None or not (mpmath.mpf(box.a) - slack <= number <= mpmath.mpf(box.b) + slack):
            return None
    return number


__all__ = ["is_constant_series", "constant_series", "convergence", "diverges_to", "enclosure", "value", "term", "divergence", "is_series", "geometric"]
