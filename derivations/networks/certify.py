"""A proof that network(x) = F(x) - G(x) on all of R^d, region by region, in exact arithmetic.

On each activation region R the network is an affine function N. If F's monomial f* that is largest
at R's interior point is at least every other monomial of F on the closure of R (checked at R's
points and along its rays and lines), F = f* there; likewise G = g*; then f* - g* = N, compared
coefficient by coefficient, proves F - G = N on R. When that fast certificate does not apply (an F and
G not built by the recursion may switch monomials inside a region), each monomial is compared with
the other side by an exact LP, which either proves the inequality or yields a rational point where
the two sides differ. The regions' closures cover R^d, so agreement on every region is a proof.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from .model import Network
from .polyhedra import Affine, exceeds, generators
from .regions import Budget, Region
from .tropical import TropicalForm


@dataclass(frozen=True)
class Certification:
    verdict: str  # "certified", "refuted", "unknown", "timeout"
    regions: int
    detail: str = ""
    point: tuple[Fraction, ...] | None = None  # where network and F - G differ, if refuted
    by_lp: int = 0  # regions that needed the LP comparison
    seconds: float = 0.0


def _minus(f: Affine, g: Affine) -> Affine:
    return tuple(a - b for a, b in zip(f[0], g[0])), f[1] - g[1]


def _plus(f: Affine, g: Affine) -> Affine:
    return tuple(a + b for a, b in zip(f[0], g[0])), f[1] + g[1]


class _Table:
    """A polynomial's monomials as integer arrays (exponents E, coefficients C / D), so that comparing
    every monomial with one of them at a region's generators is exact integer arithmetic in NumPy."""

    def __init__(self, pieces: Sequence[Affine]):
        import math

        import numpy as np

        self.D = math.lcm(*(c.denominator for _, c in pieces))
        self.E = np.array([[int(v) for v in a] for a, _ in pieces], dtype=object)
        self.C = np.array([int(c * self.D) for _, c in pieces], dtype=object)

    def values(self, point):
        """D q (c + e.p) for every monomial, p = point with common denominator q (exact integers)."""
        import math

        import numpy as np

        q = math.lcm(*(v.denominator for v in point))
        return self.E.dot(np.array([int(v * q) for v in point], dtype=object)) * self.D + self.C * q

    def largest(self, point) -> int:
        """The monomial that is largest at point (the first of equals)."""
        return int(self.values(point).argmax())

    def dominated_by(self, index: int, gens) -> bool:
        """Is monomial ``index`` >= every monomial on the polyhedron with these generators?"""
        import math

        import numpy as np

        points, rays, lines = gens
        for p in points:
            values = self.values(p)
            if (values > values[index]).any():
                return False
        for r, exact in [(r, False) for r in rays] + [(l, True) for l in lines]:
            q = math.lcm(*(v.denominator for v in r))
            slopes = self.E.dot(np.array([int(v * q) for v in r], dtype=object))
            if (slopes != slopes[index]).any() if exact else (slopes > slopes[index]).any():
                return False
        return True


def _compare_by_lp(P: Sequence[Affine], Q: Sequence[Affine], closed, d, budget: Budget) -> tuple[Fraction, ...] | None:
    """A point of the closed region where max P != max Q, or None if they agree on all of it."""
    for mine, theirs in ((P, Q), (Q, P)):
        for f in mine:
            budget.tick()
            point = exceeds(f, closed, theirs, d)
            if point is not None:
                return point
    return None


def certify(network: Network, form: TropicalForm, regions: Sequence[Region], budget: Budget | None = None) -> Certification:
    """Certified iff network = F - G on every region (hence everywhere), else the first point found
    where they differ (checked again by direct exact evaluation before it is reported)."""
    budget = budget or Budget()
    start = time.monotonic()
    d = network.inputs
    F, G = form.F.affine_pieces(), form.G.affine_pieces()
    if not F or not G:
        return Certification("unknown", 0, "F or G has no monomials")
    by_lp = 0
    tables = (_Table(F), _Table(G))
    try:
        for count, region in enumerate(regions, start=1):
            budget.check()
            closed = [(a, c) for a, c in region.constraints]
            N = region.piece
            f_top, g_top = tables[0].largest(region.point), tables[1].largest(region.point)
            if _minus(F[f_top], G[g_top]) == N:
                gens = generators(closed, d)
                if tables[0].dominated_by(f_top, gens) and tables[1].dominated_by(g_top, gens):
                    continue
            by_lp += 1
            point = _compare_by_lp(F, [_plus(g, N) for g in G], closed, d, budget)
            if point is not None:
                if network(point) == form(point):  # cannot happen: the LP's point is exact
                    raise ArithmeticError(f"LP point {point} does not separate network and F - G")
                return Certification("refuted", count, f"network and F - G differ in region {count}", point, by_lp, time.monotonic() - start)
    except TimeoutError as exc:
        return Certification("timeout", budget.programs, str(exc), None, by_lp, time.monotonic() - start)
    return Certification("certified", len(regions), "", None, by_lp, time.monotonic() - start)
