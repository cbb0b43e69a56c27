"""Polynomial inequalities in several variables, each from an exact certificate: factors of proved sign under every assumption, the ordered substitution x = z + p + q, y = z + p (p, q, z >= 0) leaving no negative coefficient, or a sum of squares of binomials found by an exact simplex."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, permutations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import StepCheck
from . import Context, gap_fallback

SECONDS = 3.0  # CPU seconds for one inequality
MAX_VARIABLES = 4
MAX_DEGREE = 10
MAX_TERMS = 80  # terms of the expanded polynomial
MAX_COLUMNS = 200  # candidate squares of the sum-of-squares search
MAX_PIVOTS = 400


def _as_polynomial(d, variables):
    """d as a Poly with rational coefficients in the variables, within the size limits; else None."""
    if not d.is_polynomial(*variables):
        return None
    poly = sp.Poly(sp.expand(d), *variables)
    if poly.total_degree() > MAX_DEGREE or len(poly.terms()) > MAX_TERMS or not all(c.is_Rational for c in poly.coeffs()):
        return None
    return poly


def _nonnegative(v, facts) -> tuple[bool, bool]:
    """(v >= 0 is known, v > 0 is known), from its assumptions or the facts."""
    from .inequality import decide_sign

    if v.is_positive:
        return True, True
    if decide_sign(v, True, facts)[0]:
        return True, True
    return bool(v.is_nonnegative or decide_sign(v, False, facts)[0]), False


def _invariant(poly, variables, swap) -> bool:
    i, j = swap
    mapping = {variables[i]: variables[j], variables[j]: variables[i]}
    return sp.Poly(poly.as_expr().xreplace(mapping), *variables) == poly


def ordered_substitution(poly, strict, variables, facts) -> str:
    """Every variable >= 0: for each order w_1 >= ... >= w_n of them (one per class of the symmetries
    of the polynomial), w_n = t_n, w_k = t_n + ... + t_k with every t >= 0, and the expanded polynomial
    in the t has no negative coefficient; so it is >= 0 on each ordered cone, and they cover the orthant."""
    signs = [_nonnegative(v, facts) for v in variables]
    if not all(nonneg for nonneg, _ in signs):
        return ""
    n = len(variables)
    swaps = [s for s in combinations(range(n), 2) if _invariant(poly, variables, s)]
    t = sp.symbols(f"t_0:{n}", nonnegative=True)
    seen, orders = set(), 0
    for order in permutations(range(n)):
        # the symmetric images of an order give the same polynomial: keep one order of each class
        key = _canonical(order, swaps)
        if key in seen:
            continue
        seen.add(key)
        orders += 1
        mapping = {variables[order[k]]: sum(t[k:], sp.Integer(0)) for k in range(n)}  # order[0] largest
        sub = sp.Poly(poly.as_expr().xreplace(mapping), *t)
        coeffs = dict(sub.terms())
        if any(c < 0 for c in coeffs.values()):
            return ""
        if strict:
            smallest_positive = signs[order[-1]][1]  # w_n = t_{n-1} > 0 when that variable is positive
            constant = coeffs.get((0,) * n, 0) > 0
            pure = any(c > 0 and all(e == 0 for e in m[:-1]) for m, c in coeffs.items())
            if not (constant or (smallest_positive and all(s[1] for s in signs) and pure)):
                return ""
    symmetric = "symmetric, so one order" if orders == 1 else f"{orders} orders up to its symmetries"
    return f"every variable >= 0 and the polynomial {symmetric}: writing the largest as the smallest plus gaps, every coefficient is >= 0{' (and a positive term in the smallest, which is > 0)' if strict else ''}"


def _canonical(order, swaps):
    """The least order reachable from ``order`` by the symmetric swaps of variables (a closure, small)."""
    best, frontier, seen = tuple(order), [tuple(order)], {tuple(order)}
    while frontier:
        current = frontier.pop()
        for i, j in swaps:
            image = tuple(j if v == i else i if v == j else v for v in current)
            if image not in seen:
                seen.add(image)
                frontier.append(image)
                best = min(best, image)
    return best


# ---------------------------------------------------------------- sums of squares


def _monomials(variables, degree, lows, highs):
    """Exponent tuples of total degree <= degree with each exponent within [lows, highs]."""
    n = len(variables)

    def build(k, left):
        if k == n:
            yield ()
            return
        for e in range(lows[k], min(highs[k], left) + 1):
            for rest in build(k + 1, left - e):
                yield (e,) + rest

    return [m for m in build(0, degree)]


def sum_of_squares(poly, variables) -> str:
    """poly = sum c (m_i - m_j)^2 + sum c (m_i + m_j)^2 + sum c m_i^2 with c >= 0 rational and m monomials
    of half its degree (within half its Newton box): found by an exact simplex, checked by expanding."""
    degree = poly.total_degree()
    if degree % 2 or degree == 0:
        return ""
    terms = dict(poly.terms())
    n = len(variables)
    lows = [min(m[k] for m in terms) // 2 for k in range(n)]
    highs = [max(m[k] for m in terms) // 2 for k in range(n)]
    homogeneous = poly.is_homogeneous
    half = [m for m in _monomials(variables, degree // 2, [int(l) for l in lows], [int(h) for h in highs]) if not homogeneous or sum(m) == degree // 2]
    if len(half) < 1:
        return ""
    columns = []  # (description, {exponent: coefficient})

    def add(a, b):
        return tuple(x + y for x, y in zip(a, b))

    for m in half:
        columns.append((("sq", m), {add(m, m): Fraction(1)}))
    for a, b in combinations(half, 2):
        for sign in (-1, 1):
            columns.append((("pair", a, b, sign), {add(a, a): Fraction(1), add(b, b): Fraction(1), add(a, b): Fraction(2 * sign)}))
    if len(columns) > MAX_COLUMNS:
        return ""
    rows = sorted({e for _, col in columns for e in col} | set(terms))
    if any(e not in {r for _, col in columns for r in col} for e in terms):
        return ""
    target = {e: Fraction(int(sp.numer(c)), int(sp.denom(c))) for e, c in terms.items()}
    solution = _feasible([[col.get(r, Fraction(0)) for _, col in columns] for r in rows], [target.get(r, Fraction(0)) for r in rows])
    if solution is None:
        return ""
    total, shown = sp.Integer(0), []
    def mono(e):
        return sp.Mul(*[v**k for v, k in zip(variables, e)])

    for (what, _), c in zip(columns, solution):
        if c == 0:
            continue
        base = mono(what[1]) if what[0] == "sq" else mono(what[1]) + what[3] * mono(what[2])
        weight = sp.Rational(c.numerator, c.denominator)
        total += weight * base**2
        shown.append(f"{sp.sstr(weight)} ({sp.sstr(base)})^2")
    if sp.expand(total - poly.as_expr()) != 0:
        return ""
    return "a sum of squares, checked by expanding: " + " + ".join(shown[:8]) + (" + ..." if len(shown) > 8 else "")


def _feasible(A, b):
    """A c = b with c >= 0, in exact fractions by the two-phase simplex's first phase (Bland's rule):
    a solution, or None when there is none or the pivots run out."""
    m, n = len(A), len(A[0]) if A else 0
    rows = []
    for i in range(m):
        sign = -1 if b[i] < 0 else 1
        rows.append([sign * a for a in A[i]] + [Fraction(1) if k == i else Fraction(0) for k in range(m)] + [sign * b[i]])
    basis = [n + i for i in range(m)]
    width = n + m
    cost = [Fraction(0)] * n + [Fraction(1)] * m + [Fraction(0)]
    # reduced costs: cost minus the basic rows
    z = [cost[k] - sum(rows[i][k] for i in range(m)) for k in range(width + 1)]
    for _ in range(MAX_PIVOTS):
        entering = next((k for k in range(width) if z[k] < 0), None)
        if entering is None:
            break
        best, leaving = None, None
        for i in range(m):
            a = rows[i][entering]
            if a > 0:
                ratio = rows[i][-1] / a
                if best is None or ratio < best or (ratio == best and basis[i] < basis[leaving]):
                    best, leaving = ratio, i
        if leaving is None:
            return None
        pivot = rows[leaving][entering]
        rows[leaving] = [v / pivot for v in rows[leaving]]
        for i in range(m):
            if i != leaving and rows[i][entering] != 0:
                factor = rows[i][entering]
                rows[i] = [v - factor * w for v, w in zip(rows[i], rows[leaving])]
        factor = z[entering]
        z = [v - factor * w for v, w in zip(z, rows[leaving])]
        basis[leaving] = entering
    else:
        return None
    if -z[-1] != 0:  # the artificial variables cannot all leave: infeasible
        return None
    solution = [Fraction(0)] * n
    for i, k in enumerate(basis):
        if k < n:
            solution[k] = rows[i][-1]
        elif rows[i][-1] != 0:
            return None
    return solution


_DECIDED: dict = {}  # (d, strict, variables, facts) -> certificate: the parameter procedure asks first


def decide_polynomial(d, strict, variables, facts) -> str:
    """d >= 0 (> 0) for a polynomial d in two to four variables under the facts: its factors' signs, the
    ordered substitution, or a sum of squares; the certificate, or "" (remembered: finished answers only)."""
    key = (sp.sympify(d), bool(strict), tuple(variables), tuple(facts))
    if key not in _DECIDED:
        if len(_DECIDED) > 256:
            _DECIDED.clear()
        _DECIDED[key] = _decide_polynomial(d, strict, variables, facts)
    return _DECIDED[key]


def _decide_polynomial(d, strict, variables, facts) -> str:
    from .several import polynomial as by_factors

    if not 2 <= len(variables) <= MAX_VARIABLES:
        return ""
    poly = _as_polynomial(d, variables)
    if poly is None:
        return ""
    facts = tuple(facts)
    if not strict:
        why = by_factors(poly.as_expr(), variables, facts)
        if why:
            return f"factors of known sign: {why}"
    why = ordered_substitution(poly, strict, variables, facts)
    if why:
        return why
    if not strict:
        return sum_of_squares(poly, variables)
    return ""


@gap_fallback("polynomial", order=40)
def polynomial_in_several(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big for a polynomial difference in two to four real variables, any assumptions."""
    d = sp.sympify(difference)
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not 2 <= len(variables) <= MAX_VARIABLES or any(not v.is_real or v.is_integer for v in variables):
        return StepCheck.unknown("polynomial", "not two to four real variables")
    if not d.is_polynomial(*variables):
        return StepCheck.unknown("polynomial", "not a polynomial")
    facts = tuple(f for f in ctx.facts if sp.sympify(f).free_symbols <= set(variables))
    try:
        with budget(SECONDS):
            why = decide_polynomial(d, strict, variables, facts)
    except OutOfTime:
        return StepCheck.unknown("polynomial", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("polynomial", "a SymPy computation failed: not decided")
    if not why:
        return StepCheck.unknown("polynomial", "no factor signs, ordered substitution or sum of squares")
    return StepCheck.proved(f"polynomial: {why}")
