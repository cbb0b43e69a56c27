"""The network's activation regions: sign patterns of the hidden neurons whose region is an open,
full-dimensional polyhedron, enumerated depth first with one exact LP per branch that is not free.

A branch is free when the parent region's interior point already lies strictly on that side of the
neuron's hyperplane: a small ball around it then lies in the child region, so the child is full-
dimensional without a program. Regions of full dimension cover R^d up to a set of measure zero, and
the union of their closures is all of R^d.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator

from .model import Network
from .polyhedra import Affine, interior_point


@dataclass(frozen=True)
class Region:
    pattern: tuple[bool, ...]  # one entry per hidden neuron, layer by layer: True = active (z > 0)
    constraints: tuple[Affine, ...]  # a.x + c > 0 on the region (the open polyhedron)
    point: tuple[Fraction, ...]  # strictly inside
    piece: Affine  # the network on the region: x -> a.x + c


def _combine(row, inputs: list[Affine], bias, d) -> Affine:
    """sum_j row_j * inputs_j + bias, for affine inputs."""
    a = [Fraction(0)] * d
    c = Fraction(bias)
    for w, (aj, cj) in zip(row, inputs):
        if w:
            for k in range(d):
                a[k] += w * aj[k]
            c += w * cj
    return tuple(a), c


def _value(f: Affine, x) -> Fraction:
    return sum((a * v for a, v in zip(f[0], x)), f[1])


def _negate(f: Affine) -> Affine:
    return tuple(-a for a in f[0]), -f[1]


class Budget:
    """Counts exact LPs; raises TimeoutError past a deadline (checked between programs)."""

    def __init__(self, deadline: float | None = None):
        self.deadline = deadline  # time.monotonic() value
        self.programs = 0

    def tick(self):
        """One more exact LP."""
        self.programs += 1
        self.check()

    def check(self):
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeoutError("region enumeration ran past its time limit")


def activation_regions(network: Network, budget: Budget | None = None) -> Iterator[Region]:
    """Every activation region of full dimension, in a deterministic order (active branch first)."""
    d = network.inputs
    budget = budget or Budget()
    identity = [(tuple(Fraction(int(k == j)) for k in range(d)), Fraction(0)) for j in range(d)]
    hidden = network.hidden
    output = network.layers[-1]

    def walk(layer, neuron, below, current, constraints, point, pattern):
        if layer == len(hidden):
            yield Region(tuple(pattern), tuple(constraints), point, _combine(output.weights[0], below, output.biases[0], d))
            return
        spec = hidden[layer]
        z = _combine(spec.weights[neuron], below, spec.biases[neuron], d)
        if all(a == 0 for a in z[0]):  # constant on this region: its sign is its value, no hyperplane
            options = [(z[1] > 0, None, point)]
        else:
            at = _value(z, point)
            options = []
            for active in (True, False):
                side = z if active else _negate(z)
                if (at > 0) == active and at != 0:
                    options.append((active, side, point))  # the interior point is strictly on this side
                    continue
                budget.tick()
                inside = interior_point(list(constraints) + [side], d)
                if inside is not None:
                    options.append((active, side, inside))
        for active, side, inside in options:
            out = z if active else ((Fraction(0),) * d, Fraction(0))
            nxt = current + [out]
            more = constraints + [side] if side is not None else constraints
            if neuron + 1 < spec.width:
                yield from walk(layer, neuron + 1, below, nxt, more, inside, pattern + [active])
            else:
                yield from walk(layer + 1, 0, nxt, [], more, inside, pattern + [active])

    yield from walk(0, 0, identity, [], [], (Fraction(0),) * d, [])


def region_bound(network: Network) -> int:
    """Zhang, Naitzat, Lim (2018), Theorem 6.3: at most prod over hidden layers of sum_{i=0}^{d}
    C(n_l, i) linear regions, for hidden widths n_l >= d (d the number of inputs)."""
    from math import comb

    d = network.inputs
    bound = 1
    for layer in network.hidden:
        bound *= sum(comb(layer.width, i) for i in range(d + 1))
    return bound
