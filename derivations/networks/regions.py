"""The network's activation regions: sign patterns of the hidden neurons whose region is an open,
full-dimensional polyhedron, enumerated depth first with one exact decision per branch that is not free.

A branch is free when the parent region's interior point already lies strictly on that side of the
neuron's hyperplane: a small ball around it then lies in the child region, so the child is full-
dimensional without a program. Otherwise polyhedra.point_inside decides (a point it returns has been
checked exactly; "empty" comes only from the exact LP). Regions of full dimension cover R^d up to a set
of measure zero, and the union of their closures is all of R^d.

Everything is integer arithmetic: with `scale` the lcm of the biases' denominators, scale times any
neuron's pre-activation on a region is an affine function with integer coefficients (the weights are
integers). Along the search each neuron also carries the monomials that F and G of the layer recursion
(tropical.py) are on the current region, so a region arrives with its own F and G monomial.

The search splits after the first hidden layer: `prefixes` finds the first layer's regions, and
`subtree` (a task for an executor, see parallel.py) finds every region below one of them. Running the
subtrees one after another in prefix order is exactly the single depth-first search, so the regions,
their order and their points do not depend on how many workers ran the subtrees.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterator

from .model import Network
from .polyhedra import Affine, Point, Row, normalized, point_inside

Monomial = tuple[tuple[int, ...], int]  # (exponent, scale * coefficient)


@dataclass(frozen=True)
class Region:
    pattern: tuple[bool, ...]  # one entry per hidden neuron, layer by layer: True = active (z > 0)
    neurons: tuple[int, ...]  # the hidden neuron (index into pattern) that gives each row
    rows: tuple[Row, ...]  # c + a.x > 0 on the region, each scale times a neuron's signed pre-activation
    inside: Point  # a point strictly inside
    net: Row  # scale times the network on the region
    f: Monomial  # F's monomial on the region (the layer recursion's, carried along the search)
    g: Monomial  # G's monomial on the region
    scale: int
    zeros: tuple[int, ...]  # the hidden neurons whose pre-activation is identically 0 on the region

    @property
    def point(self) -> tuple[Fraction, ...]:
        numerators, q = self.inside
        return tuple(Fraction(v, q) for v in numerators)

    @property
    def piece(self) -> Affine:
        return _affine(self.net, self.scale)

    @property
    def constraints(self) -> tuple[Affine, ...]:
        return tuple(_affine(row, self.scale) for row in self.rows)

    @property
    def mask(self) -> int:
        return sum(1 << k for k, active in enumerate(self.pattern) if active)


def _affine(row: Row, scale: int) -> Affine:
    return tuple(Fraction(a, scale) for a in row[1:]), Fraction(row[0], scale)


class Budget:
    """Counts exact decisions (LPs); raises TimeoutError past a deadline (a time.time() value, so that
    it means the same on every worker of a cluster)."""

    def __init__(self, deadline: float | None = None):
        self.deadline = deadline
        self.programs = 0

    def tick(self):
        """One more program."""
        self.programs += 1
        self.check()

    def check(self):
        if self.deadline is not None and time.time() > self.deadline:
            raise TimeoutError("ran past the time limit")


@dataclass
class _Search:
    """One depth-first search over the hidden layers [start, stop) of the network."""

    network: Network
    budget: Budget
    stop: int  # hidden layer at which a branch is complete (len(hidden) for whole regions)
    prefix_only: bool = False  # stop after the first hidden layer with (signs, point) prefixes
    found: list = field(default_factory=list)

    def __post_init__(self):
        net = self.network
        self.d = net.inputs
        self.scale = math.lcm(*(b.denominator for layer in net.layers for b in layer.biases))
        self.biases = [[int(b * self.scale) for b in layer.biases] for layer in net.layers]

    def inputs(self):
        """F and G of the input layer: F_j = x_j, G_j = 0."""
        d = self.d
        return [(tuple(int(k == j) for k in range(d)), 0) for j in range(d)], [((0,) * d, 0)] * d

    def enter(self, l: int, F, G):
        """For each neuron of layer l: (H, G', z) with H = A+ F + A- G + b, G' = A+ G + A- F as
        monomials on the current region, and z = H - G' (scale times the pre-activation) as a row."""
        out = []
        for weights, bias in zip(self.network.layers[l].weights, self.biases[l]):
            he, hc, ge, gc = [0] * self.d, bias, [0] * self.d, 0
            for w, (fe, fc), (g_e, g_c) in zip(weights, F, G):
                if w > 0:
                    he = [x + w * y for x, y in zip(he, fe)]
                    ge = [x + w * y for x, y in zip(ge, g_e)]
                    hc, gc = hc + w * fc, gc + w * g_c
                elif w < 0:
                    he = [x - w * y for x, y in zip(he, g_e)]
                    ge = [x - w * y for x, y in zip(ge, fe)]
                    hc, gc = hc - w * g_c, gc - w * fc
            z = (hc - gc, *(self.scale * (x - y) for x, y in zip(he, ge)))
            out.append(((tuple(he), hc), (tuple(ge), gc), z))
        return out

    def walk(self, l, n, entry, F, G, rows, floats, neurons, point, pattern, flat):
        """Branch on neuron n of hidden layer l; F, G are the monomials of layer l's neurons decided so
        far; rows and floats (the same, for the float LP) and neurons describe the region so far; flat
        lists the neurons whose pre-activation is identically 0 on the region."""
        if l == self.stop:
            self.emit(entry, rows, neurons, point, pattern, flat)
            return
        H, Gp, z = entry[n]
        index = len(pattern)
        if not any(z[1:]):  # constant on this region: its sign is its value, no hyperplane
            options = [(z[0] > 0, None, None, point)]
            if z[0] == 0:
                flat = flat + [index]
        else:
            numerators, q = point
            at = z[0] * q + sum(a * v for a, v in zip(z[1:], numerators))
            options = []
            for active in (True, False):
                side = z if active else tuple(-v for v in z)
                unit = normalized(side)
                if at != 0 and (at > 0) == active:
                    options.append((active, side, unit, point))  # the interior point is strictly on this side
                    continue
                self.budget.tick()
                inside = point_inside(rows + [side], self.d, floats + [unit])
                if inside is not None:
                    options.append((active, side, unit, inside))
        for active, side, unit, inside in options:
            more = (rows + [side], floats + [unit], neurons + [index]) if side is not None else (rows, floats, neurons)
            nF, nG = F + [H if active else Gp], G + [Gp]
            if n + 1 < len(entry):
                self.walk(l, n + 1, entry, nF, nG, *more, inside, pattern + [active], flat)
            else:
                after = None if self.prefix_only else self.enter(l + 1, nF, nG)
                self.walk(l + 1, 0, after, [], [], *more, inside, pattern + [active], flat)

    def emit(self, entry, rows, neurons, point, pattern, flat):
        if entry is None:
            self.found.append((tuple(pattern), point))
            return
        (f, g, z) = entry[0]
        self.found.append(Region(tuple(pattern), tuple(neurons), tuple(rows), point, z, f, g, self.scale, tuple(flat)))

    def start(self):
        F, G = self.inputs()
        self.walk(0, 0, self.enter(0, F, G), [], [], [], [], [], ((0,) * self.d, 1), [], [])

    def resume(self, pattern: tuple[bool, ...], point: Point):
        """Continue below a region of the first hidden layer, given by its signs and interior point."""
        F0, G0 = self.inputs()
        entry = self.enter(0, F0, G0)
        if not self.network.hidden:  # an affine network: one region, all of R^d
            self.emit(entry, [], [], point, [], [])
            return
        F, G, rows, neurons, flat = [], [], [], [], []
        for n, ((H, Gp, z), active) in enumerate(zip(entry, pattern)):
            F.append(H if active else Gp)
            G.append(Gp)
            if any(z[1:]):
                rows.append(z if active else tuple(-v for v in z))
                neurons.append(n)
            elif z[0] == 0:
                flat.append(n)
        after = self.enter(1, F, G)
        self.walk(1, 0, after, [], [], rows, [normalized(row) for row in rows], neurons, point, list(pattern), flat)


def prefixes(network: Network, budget: Budget) -> tuple[list[tuple[tuple[bool, ...], Point]], bool]:
    """The first hidden layer's regions (signs and interior point), in depth-first order, and whether
    the search finished before the budget's deadline (else: those found so far)."""
    if not network.hidden:
        return [((), ((0,) * network.inputs, 1))], True
    search = _Search(network, budget, stop=1, prefix_only=True)
    try:
        search.start()
    except TimeoutError:
        return search.found, False
    return search.found, True


@dataclass(frozen=True)
class Chunk:
    """What one subtree task found: its regions in order, its programs, and whether it finished."""

    regions: list
    programs: int
    complete: bool
    cpu: float = 0.0  # CPU seconds the task took (where it ran)
    facets: object = None  # local.Facets of the regions, if the task computed them
    worker: int = 0  # the process that ran the task


def subtree(network: Network, prefix: tuple[tuple[bool, ...], Point], deadline: float | None = None) -> Chunk:
    """Every region below one first-layer region (a task: picklable arguments, deterministic result).
    Past the deadline it returns what it had found, marked incomplete."""
    budget = Budget(deadline)
    search = _Search(network, budget, stop=len(network.hidden))
    cpu = time.process_time()
    try:
        budget.check()  # a task that starts after the deadline does nothing
        search.resume(*prefix)
    except TimeoutError:
        return Chunk(search.found, budget.programs, False, time.process_time() - cpu)
    return Chunk(search.found, budget.programs, True, time.process_time() - cpu)


def activation_regions(network: Network, budget: Budget | None = None) -> Iterator[Region]:
    """Every activation region of full dimension, in a deterministic order (active branch first),
    in this process."""
    budget = budget or Budget()
    found, complete = prefixes(network, budget)
    if not complete:
        raise TimeoutError("region enumeration ran past its time limit")
    for prefix in found:
        chunk = subtree(network, prefix, budget.deadline)
        budget.programs += chunk.programs
        yield from chunk.regions
        if not chunk.complete:
            raise TimeoutError("region enumeration ran past its time limit")


def region_bound(network: Network) -> int:
    """Zhang, Naitzat, Lim (2018), Theorem 6.3: at most prod over hidden layers of sum_{i=0}^{d}
    C(n_l, i) linear regions, for hidden widths n_l >= d (d the number of inputs)."""
    from math import comb

    d = network.inputs
    bound = 1
    for layer in network.hidden:
        bound *= sum(comb(layer.width, i) for i in range(d + 1))
    return bound
