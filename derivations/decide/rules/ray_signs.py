"""Signs on a ray [a, oo) of rational functions (exactly, by roots) and of sums c_i(x) log u_i(x) + r(x) (by derivatives and limits)."""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from derivations.decide import interval

DEPTH = 3  # derivatives taken, at most, before giving up


@dataclass(frozen=True)
class Sign:
    """sign * f >= 0 on the ray (> 0 everywhere on it when strict), and why."""

    sign: int
    strict: bool
    why: str

    def flipped(self, by: int, why: str = "") -> "Sign":
        return Sign(self.sign * by, self.strict, why or self.why)


def _rational_poly(p, x):
    """p as a Poly in x with rational coefficients, or None."""
    try:
        poly = sp.Poly(p, x)
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, TypeError):
        return None
    return poly if poly.domain in (sp.ZZ, sp.QQ) else None


def _poly_sign(poly, a) -> tuple[int, bool] | None:
    """(s, zero free) with s * poly >= 0 on [a, oo), by its square-free factors: a factor of odd
    multiplicity must keep its sign there (no root in (a, oo)), one of even multiplicity is >= 0."""
    if poly.is_zero:
        return None
    c, factors = poly.sqf_list()
    sign, zero_free = (1 if c > 0 else -1), True
    for g, m in factors:
        roots = g.count_roots(a, None)
        at_a = g.eval(a) == 0
        if m % 2 == 0:
            zero_free = zero_free and roots == 0
            continue
        if roots > (1 if at_a else 0):
            return None  # a sign change inside the ray
        probe = g.eval(a + 1) if at_a else g.eval(a)
        sign *= 1 if probe > 0 else -1
        zero_free = zero_free and not at_a
    return sign, zero_free


def rational_sign(f, x, a) -> Sign | None:
    """The sign of a rational function of x with rational coefficients on [a, oo), exactly; None when
    it changes sign there, has a pole there, or is not such a function."""
    f = sp.cancel(sp.together(f))
    if f == 0:
        return Sign(1, False, "it is 0")
    num, den = sp.fraction(f)
    pn, pd = _rational_poly(num, x), _rational_poly(den, x)
    if pn is None or pd is None:
        return None
    if pd.count_roots(a, None):
        return None
    top, bottom = _poly_sign(pn, a), _poly_sign(pd, a)
    if top is None or bottom is None:
        return None
    return Sign(top[0] * bottom[0], top[1], f"the rational function {sp.sstr(f)} has {'no zero' if top[1] else 'no sign change'} on [{a}, oo) (real roots counted exactly)")


def constant_sign(v) -> int | None:
    """-1, 0 or 1 for a constant, exactly or by a certified enclosure."""
    v = sp.sympify(v)
    if v.is_Rational:
        return int(sp.sign(v))
    if interval.exactly_zero(v, {}):
        return 0
    return interval.sign(v, {})


def log_form(L, x):
    """L as ([(c_i, u_i)], r): L = sum c_i log(u_i) + r with c_i, r free of log, each log appearing
    linearly; None otherwise."""
    terms, rest = {}, sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(L)):
        logs = [t for t in term.atoms(sp.log)]
        if not logs:
            rest += term
            continue
        if len(logs) != 1:
            return None
        lg = logs[0]
        c = sp.cancel(term / lg)
        if c.has(sp.log) or lg.args[0].has(sp.log):
            return None
        terms[lg.args[0]] = terms.get(lg.args[0], 0) + c
    return [(sp.cancel(c), u) for u, c in terms.items() if sp.cancel(c) != 0], sp.cancel(rest)


def _positive_argument(u, x, a) -> bool:
    if not u.has(x):
        return constant_sign(u) == 1
    s = rational_sign(u, x, a)
    return s is not None and s.sign == 1 and s.strict


def _limit(M, x):
    """lim M at +oo, SymPy's value checked against M at x = 10^6, 10^9, 10^12 in 60 digits."""
    try:
        value = sp.limit(M, x, sp.oo)
    except Exception:  # noqa: BLE001 - no limit decided
        return None
    if value.has(sp.Limit, sp.AccumBounds) or not (value.is_number or value in (sp.oo, -sp.oo)):
        return None
    f = sp.lambdify(x, M, "mpmath")
    with mpmath.workdps(60):
        try:
            seen = [f(mpmath.mpf(10) ** e) for e in (6, 9, 12)]
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if value in (sp.oo, -sp.oo):
            s = 1 if value == sp.oo else -1
            return value if all(s * v > 0 for v in seen) and s * seen[2] > s * seen[0] else None
        target = mpmath.mpf(sp.N(value, 60))
        gaps = [abs(v - target) for v in seen]
        closing = gaps[2] <= gaps[0] / 10 or gaps[0] < mpmath.mpf(10) ** -40  # a wrong limit leaves the gap as it was
        return value if closing and gaps[2] < mpmath.mpf(10) ** -3 * max(1, abs(target)) else None


def _exponentiated(terms, x, a) -> Sign | None:
    """sum c_i log u_i with rational constants c_i: its sign is that of prod u_i^(q c_i) - 1 (q clears the
    denominators), a rational function."""
    q = sp.ilcm(1, 1, *[sp.Rational(c).q for c, _ in terms])
    up = sp.Mul(*[u ** (q * c) for c, u in terms if c > 0])
    down = sp.Mul(*[u ** (-q * c) for c, u in terms if c < 0])
    if not (up.has(x) or down.has(x)):
        s = constant_sign(up - down)
        return None if s is None else Sign(s or 1, s != 0, f"sum c_i log u_i is log({sp.sstr(up)}/{sp.sstr(down)}), a constant")
    found = rational_sign(sp.together(up - down), x, a)
    if found is None:
        return None
    return Sign(found.sign, found.strict, f"sum c_i log u_i has the sign of ({sp.sstr(up)}) - ({sp.sstr(down)}) ({found.why})")


def log_sign(L, x, a, depth=0) -> Sign | None:
    """The sign of L (rational, or a sum c_i(x) log u_i(x) + r(x) with every u_i > 0) on [a, oo):
    M = L / c (c a common factor of the c_i of constant sign) is monotone when M' has a sign, and then
    M's sign follows from M(a) or from its limit at oo."""
    L = sp.expand(L)
    if not L.has(sp.log):
        return rational_sign(L, x, a)
    form = log_form(L, x)
    if form is None or depth > DEPTH:
        return None
    terms, r = form
    if not terms:
        return rational_sign(r, x, a)
    if not all(_positive_argument(u, x, a) for _, u in terms):
        return None
    if all(c.is_Rational for c, _ in terms) and r == 0:
        found = _exponentiated(terms, x, a)
        if found is not None:
            return found
    c0 = terms[0][0]
    if all(sp.cancel(c / c0).is_Rational for c, _ in terms):
        cs = rational_sign(c0, x, a) if c0.has(x) else Sign(constant_sign(c0), True, "constant")
        if cs is None or not cs.strict or not cs.sign:
            return None
    else:
        c0, cs = sp.Integer(1), Sign(1, True, "")
    M = sp.expand(L / c0) if c0 != 1 else L
    M_terms, M_rest = log_form(M, x)
    M = sp.Add(*[c * sp.log(u) for c, u in M_terms]) + sp.cancel(sp.together(M_rest))
    dM = sp.diff(M, x)
    dM = sp.cancel(sp.together(dM)) if not dM.has(sp.log) else sp.expand(dM)
    slope = log_sign(dM, x, a, depth + 1)
    if slope is None:
        return None
    start = constant_sign(M.xreplace({x: a}))
    end = _limit(M, x)
    end_sign = None if end is None else (1 if end == sp.oo else -1 if end == -sp.oo else constant_sign(end))
    found = None
    rising = slope.sign == 1
    if rising:  # M >= M(a) and M <= lim
        if start == 1:
            found = Sign(1, True, f"M({a}) > 0")
        elif start == 0:
            found = Sign(1, False, f"M({a}) = 0")
        elif end_sign == -1:
            found = Sign(-1, True, "its limit at oo is < 0")
        elif end_sign == 0:
            found = Sign(-1, slope.strict, "its limit at oo is 0")
    else:
        if start == -1:
            found = Sign(-1, True, f"M({a}) < 0")
        elif start == 0:
            found = Sign(-1, False, f"M({a}) = 0")
        elif end_sign == 1:
            found = Sign(1, True, "its limit at oo is > 0")
        elif end_sign == 0:
            found = Sign(1, slope.strict, "its limit at oo is 0")
    if found is None:
        return None
    scaled = "" if c0 == 1 else f" (M = ({sp.sstr(L)}) / ({sp.sstr(c0)}), {sp.sstr(c0)} {'>' if cs.sign > 0 else '<'} 0)"
    why = f"M = {sp.sstr(M)} is {'nondecreasing' if rising else 'nonincreasing'} on [{a}, oo) as M' = {sp.sstr(dM)} {'>=' if rising else '<='} 0 [{slope.why}], and {found.why}{scaled}"
    return Sign(found.sign * cs.sign, found.strict, why)


def monotone_increments(e, x, a) -> Sign | None:
    """e(n+1) - e(n) >= 0 (<= 0) for n >= a when e' has that sign on [a, oo) (e = sum c log u + r)."""
    de = sp.diff(e, x)
    de = sp.cancel(sp.together(de)) if not de.has(sp.log) else sp.expand(de)
    slope = log_sign(de, x, a)
    if slope is None:
        return None
    return Sign(slope.sign, slope.strict, f"e = {sp.sstr(e)} is monotone on [{a}, oo): e' = {sp.sstr(de)} has one sign [{slope.why}]")
