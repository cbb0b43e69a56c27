"""A proof that network(x) = F(x) - G(x) on all of R^d, in exact arithmetic.

When F and G consist exactly of the regions' own monomials (as tropicalize builds them), the neighbour
certificate of local.py proves F = f_R and G = g_R on every region R from integer checks across the
facets between regions, and f_R - g_R = N_R (the network's piece) is compared coefficient by
coefficient; the regions that certificate does not settle are proved one by one as below.

One region on its own: F's monomial f* that is the region's (or the largest at its interior point) is
at least every other monomial of F on the closure of R, checked at R's points and along its rays and
lines (exact double description, integer arithmetic); likewise G; then f* - g* = N proves F - G = N on
R. When that does not apply (an F and G not built by the recursion may switch monomials inside a
region), each monomial is compared with the other side by an exact LP, which either proves the
inequality or yields a rational point where the two sides differ; that point is evaluated again
directly before `refuted` is reported. The regions' closures cover R^d, so agreement on every region
is a proof. Regions are proved one by one in tasks of consecutive regions (parallel.py runs them).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np

from .local import LIMIT, neighbour_failures
from .model import Network
from .polyhedra import Affine, exceeds, generators
from .regions import Budget, Region
from .tropical import TropicalForm

CHUNK = 200  # regions per task of the one-by-one proof


@dataclass(frozen=True)
class Certification:
    verdict: str  # "certified", "refuted", "unknown", "timeout"
    regions: int  # regions proved (all of them when certified)
    detail: str = ""
    point: tuple[Fraction, ...] | None = None  # where network and F - G differ, if refuted
    by_lp: int = 0  # regions that needed the LP comparison
    seconds: float = 0.0
    by_neighbours: int = 0  # regions settled by the neighbour certificate
    programs: int = 0  # exact LPs of the certificate


class _Table:
    """A polynomial's monomials as integers: exponents E and coefficients C / D. Values at a point
    are exact integers (int64 when a magnitude check shows nothing can reach 2^62)."""

    def __init__(self, pieces: Sequence[Affine]):
        self.D = math.lcm(*(c.denominator for _, c in pieces))
        self.E = np.array([[int(v) for v in a] for a, _ in pieces], dtype=object)
        self.C = np.array([int(c * self.D) for _, c in pieces], dtype=object)
        self.e_max = int(np.max(np.abs(self.E))) if self.E.size else 0
        self.c_max = int(np.max(np.abs(self.C)))
        self.E64 = self.E.astype(np.int64) if self.e_max < LIMIT else None
        self.C64 = self.C.astype(np.int64) if self.c_max < LIMIT else None
        self.index = {tuple(int(v) for v in a): k for k, (a, _) in enumerate(pieces)}

    def _dot(self, vector: list[int]) -> np.ndarray:
        """E.vector exactly: in int64 when |E| |vector| d < 2^62."""
        if self.E64 is not None and self.e_max * max(map(abs, vector), default=0) * (len(vector) + 1) < LIMIT:
            return self.E64.dot(np.array(vector, dtype=np.int64))
        return self.E.dot(np.array(vector, dtype=object))

    def values(self, point) -> np.ndarray:
        """D q (c + e.p) for every monomial, p = point with common denominator q (exact integers)."""
        q = math.lcm(*(v.denominator for v in point))
        numerators = [int(v * q) * self.D for v in point]
        slopes = self._dot(numerators)
        bound = self.e_max * max(map(abs, numerators), default=0) * (len(point) + 1) + self.c_max * q
        if slopes.dtype != object and self.C64 is not None and 2 * bound < LIMIT:
            return slopes + self.C64 * q
        return slopes.astype(object) + self.C * q

    def largest(self, point) -> int:
        """The monomial that is largest at point (the first of equals)."""
        return int(self.values(point).argmax())

    def dominated_by(self, index: int, gens) -> bool:
        """Is monomial ``index`` >= every monomial on the polyhedron with these generators?"""
        points, rays, lines = gens
        for p in points:
            values = self.values(p)
            if (values > values[index]).any():
                return False
        for r, exact in [(r, False) for r in rays] + [(l, True) for l in lines]:
            q = math.lcm(*(v.denominator for v in r))
            slopes = self._dot([int(v * q) for v in r])
            if (slopes != slopes[index]).any() if exact else (slopes > slopes[index]).any():
                return False
        return True


def _minus(f: Affine, g: Affine) -> Affine:
    return tuple(a - b for a, b in zip(f[0], g[0])), f[1] - g[1]


def _plus(f: Affine, g: Affine) -> Affine:
    return tuple(a + b for a, b in zip(f[0], g[0])), f[1] + g[1]


def _compare_by_lp(P: Sequence[Affine], Q: Sequence[Affine], closed, d, budget: Budget) -> tuple[Fraction, ...] | None:
    """A point of the closed region where max P != max Q, or None if they agree on all of it."""
    for mine, theirs in ((P, Q), (Q, P)):
        for f in mine:
            budget.tick()
            point = exceeds(f, closed, theirs, d)
            if point is not None:
                return point
    return None


@dataclass(frozen=True)
class Proofs:
    """What one task of the one-by-one proof found: per region "direct" (F = f*, G = g* on its
    closure), "lp" (F - G = N by LP comparison) or a refuting point; and whether it finished."""

    outcomes: list
    programs: int
    complete: bool


def prove_regions(form: TropicalForm, regions: Sequence[Region], carried: bool, deadline: float | None = None) -> Proofs:
    """Prove F - G = N on each region on its own (a task: picklable arguments, deterministic result).
    carried: take the region's own monomials as f*, g* (else the largest at its interior point)."""
    budget = Budget(deadline)
    F, G = form.F.affine_pieces(), form.G.affine_pieces()
    tables = (_Table(F), _Table(G))
    d = form.F.dimension
    outcomes: list = []
    try:
        for region in regions:
            budget.check()
            N = region.piece
            if carried:
                tops = [t.index[m[0]] for t, m in zip(tables, (region.f, region.g))]
            else:
                tops = [t.largest(region.point) for t in tables]
            if _minus(F[tops[0]], G[tops[1]]) == N:
                gens = generators(list(region.constraints), d)
                if tables[0].dominated_by(tops[0], gens) and tables[1].dominated_by(tops[1], gens):
                    outcomes.append("direct")
                    continue
            point = _compare_by_lp(F, [_plus(g, N) for g in G], list(region.constraints), d, budget)
            outcomes.append("lp" if point is None else point)
            if point is not None:
                break
    except TimeoutError:
        return Proofs(outcomes, budget.programs, False)
    return Proofs(outcomes, budget.programs, True)


def _regions_own_form(form: TropicalForm, regions: Sequence[Region]) -> bool:
    """Condition (c) of local.py: the monomials of F are exactly the regions' f (with their
    coefficients), and likewise G; and every region has the same scale."""
    if len({region.scale for region in regions}) != 1:
        return False
    for poly, side in ((form.F, "f"), (form.G, "g")):
        own: dict = {}
        for region in regions:
            e, c = getattr(region, side)
            if own.setdefault(e, Fraction(c, region.scale)) != Fraction(c, region.scale):
                return False
        if own != dict(poly.terms):
            return False
    return True


def certify(
    network: Network,
    form: TropicalForm,
    regions: Sequence[Region],
    budget: Budget | None = None,
    runner=None,
    progress: Callable[[int], None] | None = None,
) -> Certification:
    """Certified iff network = F - G on every region (hence everywhere), else the first point found
    where they differ (checked again by direct exact evaluation before it is reported).
    runner (parallel.py) runs the one-by-one proofs; progress(k) hears of k more regions proved."""
    from .parallel import Inline

    budget = budget or Budget()
    runner = runner or Inline()
    tell = progress or (lambda k: None)
    start = time.monotonic()
    if not form.F.terms or not form.G.terms:
        return Certification("unknown", 0, "F or G has no monomials")
    proved, by_lp, by_neighbours, programs = 0, 0, 0, 0
    carried = _regions_own_form(form, regions)
    pending = list(range(len(regions)))
    try:
        if carried:
            failed, programs = neighbour_failures(regions, budget)
            failed_set = set(failed) | {r for r, region in enumerate(regions) if not _piece_matches(region)}
            by_neighbours = proved = len(regions) - len(failed_set)
            tell(by_neighbours)
            pending = sorted(failed_set)
    except TimeoutError as exc:
        return Certification("timeout", proved, str(exc), None, 0, time.monotonic() - start, by_neighbours, programs)
    outcomes: dict[int, object] = {}
    complete = True
    while pending:
        chunks = [pending[i : i + CHUNK] for i in range(0, len(pending), CHUNK)]
        tasks = [(form, [regions[r] for r in chunk], carried, budget.deadline) for chunk in chunks]
        for chunk, result in zip(chunks, runner.map(prove_regions, tasks, lambda res: tell(len(res.outcomes)))):
            programs += result.programs
            outcomes.update(zip(chunk, result.outcomes))
            complete &= result.complete
        refuted = [(r, o) for r, o in sorted(outcomes.items()) if isinstance(o, tuple)]
        if refuted:
            r, point = refuted[0]
            if network(point) == form(point):  # cannot happen: the LP's point is exact
                raise ArithmeticError(f"LP point {point} does not separate network and F - G")
            detail = f"network and F - G differ in region {r + 1}"
            return Certification("refuted", r + 1, detail, point, _count(outcomes, "lp"), time.monotonic() - start, by_neighbours, programs)
        if not complete:
            done = by_neighbours + len(outcomes)
            return Certification("timeout", done, "ran past the time limit", None, _count(outcomes, "lp"), time.monotonic() - start, by_neighbours, programs)
        pending = []
        if carried and by_neighbours and _count(outcomes, "lp"):
            # a region proved only by LP comparison leaves phi = F unproved there, which the neighbour
            # certificate relies on: prove every region on its own instead
            carried, by_neighbours = False, 0
            pending = [r for r in range(len(regions)) if r not in outcomes]
    by_lp = _count(outcomes, "lp")
    return Certification("certified", len(regions), "", None, by_lp, time.monotonic() - start, by_neighbours, programs)


def _piece_matches(region: Region) -> bool:
    """f_R - g_R = N_R, coefficient by coefficient (integers, all scaled alike)."""
    (fe, fc), (ge, gc) = region.f, region.g
    net = region.net
    return fc - gc == net[0] and all(region.scale * (a - b) == n for a, b, n in zip(fe, ge, net[1:]))


def _count(outcomes: dict, kind: str) -> int:
    return sum(1 for o in outcomes.values() if o == kind)
