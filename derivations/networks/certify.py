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

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

from .dominance import Monomials
from .local import neighbour_failures
from .model import Network
from .polyhedra import Affine, exceeds, integer_generators
from .regions import Budget, Region
from .tropical import TropicalForm

CHUNK = 40  # regions per task of the one-by-one proof


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
    task_cpu: float = 0.0  # CPU seconds of its tasks, where they ran


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
    """What one task of the one-by-one proof found, per region in order: ("direct", programs) when
    F = f* and G = g* on its closure, ("lp", programs) when F - G = N by LP comparison, or (point,
    programs) where they differ (the task stops there); and whether it finished in time."""

    outcomes: list
    complete: bool
    cpu: float = 0.0  # CPU seconds the task took (where it ran)


class _Form:
    """F and G as Monomials tables (built once per task), their affine pieces only if an LP needs them."""

    def __init__(self, form: TropicalForm):
        self.form = form
        self.tables = (Monomials.of(form.F), Monomials.of(form.G))
        self._pieces = None

    @property
    def pieces(self):
        if self._pieces is None:
            self._pieces = (self.form.F.affine_pieces(), self.form.G.affine_pieces())
        return self._pieces


def prove_regions(form: TropicalForm, regions: Sequence[Region], carried: bool, deadline: float | None = None) -> Proofs:
    """Prove F - G = N on each region on its own (a task: picklable arguments, deterministic result).
    carried: take the region's own monomials as f*, g* (else the largest at its interior point)."""
    budget = Budget(deadline)
    cpu = time.process_time()
    known = _Form(form)
    F, G = known.tables
    d = form.F.dimension
    outcomes: list = []
    try:
        for region in regions:
            budget.check()
            before = budget.programs
            if carried:
                tops = (F.index[region.f[0]], G.index[region.g[0]])
            else:
                tops = (F.largest(region.point), G.largest(region.point))
            if F.minus(tops[0], G, tops[1]) == region.piece:
                gens = integer_generators(region.rows, d)
                if F.dominates(tops[0], gens) and G.dominates(tops[1], gens):
                    outcomes.append(("direct", 0))
                    continue
            P, Q = known.pieces
            N = region.piece
            point = _compare_by_lp(P, [_plus(g, N) for g in Q], list(region.constraints), d, budget)
            outcomes.append(("lp" if point is None else point, budget.programs - before))
            if point is not None:
                break
    except TimeoutError:
        return Proofs(outcomes, False, time.process_time() - cpu)
    return Proofs(outcomes, True, time.process_time() - cpu)


def _regions_own_form(form: TropicalForm, regions: Sequence[Region]) -> bool:
    """Condition (c) of local.py: the monomials of F are exactly the regions' f (with their
    coefficients), and likewise G; and every region has the same scale."""
    if not regions or len({region.scale for region in regions}) != 1:
        return False
    scale = regions[0].scale
    for poly, side in ((form.F, "f"), (form.G, "g")):
        own: dict = {}
        for region in regions:
            e, c = getattr(region, side)
            if own.setdefault(e, c) != c:
                return False
        if len(own) != len(poly.terms) or any(own.get(e) != c * scale for e, c in poly.terms.items()):
            return False
    return True


def certify(
    network: Network,
    form: TropicalForm,
    regions: Sequence[Region],
    budget: Budget | None = None,
    runner=None,
    progress: Callable[[int], None] | None = None,
    facets=None,
) -> Certification:
    """Certified iff network = F - G on every region (hence everywhere), else the first point found
    where they differ (checked again by direct exact evaluation before it is reported).
    runner (parallel.py) runs the one-by-one proofs; progress(k) hears of k more regions proved;
    facets: local.Facets of the regions if the search already computed them."""
    from .parallel import Inline

    budget = budget or Budget()
    runner = runner or Inline()
    tell = progress or (lambda k: None)
    start = time.monotonic()
    if not form.F.terms or not form.G.terms:
        return Certification("unknown", 0, "F or G has no monomials")
    proved, by_neighbours, programs, task_cpu = 0, 0, 0, 0.0
    carried = _regions_own_form(form, regions)
    pending = list(range(len(regions)))
    try:
        if carried:
            failed, programs = neighbour_failures(network, regions, budget, facets)
            failed_set = set(failed) | {r for r, region in enumerate(regions) if not _piece_matches(region)}
            by_neighbours = proved = len(regions) - len(failed_set)
            tell(by_neighbours)
            pending = sorted(failed_set)
    except TimeoutError as exc:
        return Certification("timeout", proved, str(exc), None, 0, time.monotonic() - start, by_neighbours, programs)
    outcomes: dict[int, tuple] = {}
    complete = True
    while pending:
        size = max(8, -(-len(pending) // (8 * runner.workers)))  # a few tasks a worker: balance, progress
        chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
        tasks = [(form, [regions[r] for r in chunk], carried, budget.deadline) for chunk in chunks]
        for chunk, result in zip(chunks, runner.map(prove_regions, tasks, lambda res: tell(len(res.outcomes)))):
            task_cpu += result.cpu
            outcomes.update(zip(chunk, result.outcomes))
            complete &= result.complete
        refuted = [r for r, (kind, _) in sorted(outcomes.items()) if isinstance(kind, tuple)]
        if refuted:
            # the first refuted region in order: every task goes in order up to its first refutation, so
            # this region and everything counted below do not depend on how the regions were split
            first = refuted[0]
            point = outcomes[first][0]
            if network(point) == form(point):  # cannot happen: the LP's point is exact
                raise ArithmeticError(f"LP point {point} does not separate network and F - G")
            before = {r: o for r, o in outcomes.items() if r <= first}
            return Certification(
                "refuted", first + 1, f"network and F - G differ in region {first + 1}", point, _count(before, "lp"),
                time.monotonic() - start, by_neighbours, programs + sum(p for _, p in before.values()), task_cpu,
            )
        spent = programs + sum(p for _, p in outcomes.values())
        if not complete:
            done = by_neighbours + len(outcomes)
            return Certification("timeout", done, "ran past the time limit", None, _count(outcomes, "lp"), time.monotonic() - start, by_neighbours, spent, task_cpu)
        pending = []
        if carried and by_neighbours and _count(outcomes, "lp"):
            # a region proved only by LP comparison leaves F = f_R unproved there, which the neighbour
            # certificate relies on: prove every region on its own instead
            carried, by_neighbours = False, 0
            pending = [r for r in range(len(regions)) if r not in outcomes]
    spent = programs + sum(p for _, p in outcomes.values())
    return Certification("certified", len(regions), "", None, _count(outcomes, "lp"), time.monotonic() - start, by_neighbours, spent, task_cpu)


def _piece_matches(region: Region) -> bool:
    """f_R - g_R = N_R, coefficient by coefficient (integers, all scaled alike)."""
    (fe, fc), (ge, gc) = region.f, region.g
    net = region.net
    return fc - gc == net[0] and all(region.scale * (a - b) == n for a, b, n in zip(fe, ge, net[1:]))


def _count(outcomes: dict, kind: str) -> int:
    return sum(1 for o, _ in outcomes.values() if isinstance(o, str) and o == kind)
