"""Is one monomial of a tropical polynomial at least all the others on a polyhedron? Decided exactly,
with a floating-point filter that settles the clear cases and exact integers for the rest.

A polyhedron is given by homogeneous integer generators (B, X): a point X / B (B > 0), a ray X (B = 0)
or a line X. For a monomial with exponent e and coefficient C / D (D common to all), the integer
w = C B + D e.X compares the monomials at a point (divided by B > 0) and along a ray (slopes times D).

The filter and why its error bound holds. Write w = a.b with a = (C, D e_1, ..., D e_d) and
b = (B, X_1, ..., X_d), n = d + 1 integer terms. NumPy computes w^ = fl(a^.b^) from a^ = fl(a),
b^ = fl(b) (each conversion within a relative u = 2^-53 of the integer; integers cannot underflow, and
an overflow shows up as a non-finite number, which sends the case to exact arithmetic). By the standard
bound for a floating-point dot product (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.,
eq. (3.5), which holds for any order of summation, so for whatever order BLAS picks; a fused
multiply-add only removes roundings), |fl(a^.b^) - a^.b^| <= gamma_n |a^|.|b^| with
gamma_n = n u / (1 - n u), and
|a^.b^ - a.b| <= (2u + u^2) |a|.|b| <= 3u |a^|.|b^| / (1 - u)^2; so |w^ - w| <= (n + 4) u T for
T = |a^|.|b^| (n < 2^20), and the computed T^ >= T (1 - gamma_n). We use the margin
m = 2 (n + 4) u T^, at least twice the error. Monomial i is certainly below monomial t if the computed
w^_t - w^_i exceeds the computed m_i + m_t: the subtraction and the sum each lose at most a factor
(1 + u), which the factor 2 covers, so then w_t - w_i > 0 exactly. Every monomial not settled that way is
compared in exact integers (Python ints), and so is everything along a line (which needs equality).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

import numpy as np

from .polyhedra import Affine

U = 2.0**-53


LIMIT = 2**62


def _floats(b: Sequence[int]) -> np.ndarray | None:
    """The integers as floats (each within a relative 2^-53), or None if one is beyond float range."""
    try:
        return np.array([float(v) for v in b])
    except OverflowError:
        return None


class Monomials:
    """A polynomial's monomials as integer rows a = (C, D e) and their float copies."""

    def __init__(self, terms: Sequence[tuple[tuple[int, ...], Fraction]]):
        """terms: (exponent, coefficient) pairs in a fixed order (the index of a monomial)."""
        self.terms = list(terms)
        self.D = math.lcm(*(c.denominator for _, c in terms))
        rows = [(c.numerator * (self.D // c.denominator), *(self.D * v for v in e)) for e, c in terms]
        self.exact = np.array(rows, dtype=object)
        self.largest_entry = max((abs(v) for row in rows for v in row), default=0)
        self.exact64 = self.exact.astype(np.int64) if self.largest_entry < LIMIT else None
        try:
            self.approx = np.array(rows, dtype=np.float64)
        except OverflowError:  # coefficients beyond float range: no filter, integers only
            self.approx = None
        self.size = np.abs(self.approx) if self.approx is not None else None
        self.n = len(rows[0]) if rows else 1
        self.index = {e: k for k, (e, _) in enumerate(terms)}

    @classmethod
    def of(cls, poly) -> "Monomials":
        """A TropicalPolynomial's monomials, in the order of its affine_pieces (sorted exponents)."""
        return cls(sorted(poly.terms.items()))

    def minus(self, t: int, other: "Monomials", u: int) -> Affine:
        """Monomial t of this polynomial minus monomial u of the other, as an affine function."""
        (e, c), (e2, c2) = self.terms[t], other.terms[u]
        return tuple(Fraction(a - b) for a, b in zip(e, e2)), c - c2

    def _exact(self, which, b: Sequence[int]) -> np.ndarray:
        """w_i = a_i.b exactly for the monomials `which`: int64 when a magnitude check shows that no
        product or partial sum can reach 2^62 (n terms, each below |a|max |b|max), else Python ints."""
        biggest = max(map(abs, b), default=0)
        if self.exact64 is not None and self.largest_entry * biggest * self.n < LIMIT:
            return self.exact64[which] @ np.array(b, dtype=np.int64)
        return self.exact[which] @ np.array(b, dtype=object)

    def _filtered(self, b: Sequence[int]):
        """(w^, m) for every monomial, or None if a float overflowed."""
        bf = _floats(b) if self.approx is not None else None
        if bf is None:
            return None
        with np.errstate(over="ignore", invalid="ignore"):
            w = self.approx @ bf
            margin = 2 * (self.n + 4) * U * (self.size @ np.abs(bf))
        if not (np.isfinite(w).all() and np.isfinite(margin).all()):
            return None
        return w, margin

    def not_above(self, t: int, b: Sequence[int]) -> bool:
        """w_i <= w_t for every monomial i, exactly."""
        filtered = self._filtered(b)
        if filtered is None:
            suspects = np.arange(len(self.exact))
        else:
            w, m = filtered
            suspects = np.nonzero(~(w[t] - w > m + m[t]))[0]  # not certainly below: ties, near ties
        values = self._exact(np.append(suspects, t), b)
        return bool((values[:-1] <= values[-1]).all())

    def level(self, t: int, b: Sequence[int]) -> bool:
        """w_i = w_t for every monomial i (along a line), exactly."""
        values = self._exact(np.arange(len(self.exact)), b)
        return bool((values == values[t]).all())

    def largest(self, point: Sequence[Fraction]) -> int:
        """The monomial that is largest at the point (the first of equals), exactly. (Only a choice
        of f*: everything proved about it is checked by dominates and an exact comparison.)"""
        q = math.lcm(*(v.denominator for v in point))
        b = (q, *(int(v * q) for v in point))
        filtered = self._filtered(b)
        if filtered is None:
            candidates = range(len(self.exact))
        else:
            w, m = filtered
            candidates = np.nonzero(w + m >= np.max(w - m))[0].tolist()  # all that might be largest
        values = dict(zip(candidates, self._exact(list(candidates), b).tolist()))
        best = max(values.values())
        return min(i for i, v in values.items() if v == best)

    def dominates(self, t: int, generators) -> bool:
        """Is monomial t >= every monomial on the polyhedron with these homogeneous generators?
        All points and rays go through the filter at once (one matrix product)."""
        points_and_rays, lines = generators
        rows = [_floats(b) for b in points_and_rays] if self.approx is not None else [None]
        if any(row is None for row in rows):  # too large for floats: every monomial in integers
            return all(self.not_above(t, b) for b in points_and_rays) and all(self.level(t, b) for b in lines)
        if points_and_rays:
            with np.errstate(over="ignore", invalid="ignore"):
                B = np.array(rows)
                W = self.approx @ B.T
                M = 2 * (self.n + 4) * U * (self.size @ np.abs(B).T)
            finite = np.isfinite(W).all(axis=0) & np.isfinite(M).all(axis=0)
            for g, b in enumerate(points_and_rays):
                if finite[g]:
                    suspects = np.nonzero(~(W[t, g] - W[:, g] > M[:, g] + M[t, g]))[0]
                else:
                    suspects = np.arange(len(self.exact))
                values = self._exact(np.append(suspects, t), b)
                if not (values[:-1] <= values[-1]).all():
                    return False
        return all(self.level(t, b) for b in lines)
