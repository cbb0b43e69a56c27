"""The neighbour certificate: F and G checked across every facet between two regions, in integers.

Setting. The regions R (open, full-dimensional, disjoint, their closures cover R^d) each carry the
monomials f_R, g_R of F and G there (regions.py) and the network's piece N_R. Define phi = f_R on R.
If (a) f_R - g_R = N_R on every R, (b) f_R >= f_S on R for all regions R, S, and (c) the monomials of F
are exactly the f_R (likewise G), then F = f_R on R: F >= f_R as f_R is one of F's monomials, and F <= f_R
by (b) and (c). With the same for G and (a), F - G = N on every region, hence everywhere.

(b) from facets. Take a segment between points of two regions in general position: it meets no face
of dimension <= d - 2 of any region (the pairs of end points that do form a null set). Where it leaves
a region R it crosses the relative interior of a facet of R at a point q, on the hyperplane H of a row
k of R (h_k > 0 on R). At q exactly these pre-activations vanish (a row on another hyperplane is > 0 in
the facet's relative interior): Z = the neurons whose row on R is a positive multiple of h_k, and those
identically 0 on R. Every other neuron keeps its sign just past q. Going through the neurons in order,
the pre-activation of a neuron of Z just past q is an affine function z' (its inputs' signs are already
known there) that equals its value on R, 0, along H near q; so z' = lambda h_k, and its sign past q is
that of -lambda (0 if lambda = 0, which the search records as inactive). So `across` computes the sign
pattern just past q, and that region S exists (it contains a half ball at q). Checking, for each row k,
that f_S - f_R = -mu h_k with mu >= 0 makes phi (= f_R on R) continuous with non-decreasing slope at
every crossing of the segment; phi is convex on almost every segment, so f_R >= (the line of f_S) on a
dense set of segments from R into S, hence f_R >= f_S on R: that is (b). A row whose pattern past it is
no region is not a facet (a facet would give one); a row whose check fails is either not a facet
(on_facet, an exact LP: no point of its hyperplane where every row on another hyperplane is > 0) or
its region fails.

A region that fails is proved on its own instead (certify.py: F = f_R and G = g_R on its closure, at
its generators); at a crossing between two such regions phi = F, which is convex.

Arithmetic. Every quantity is an integer (scale times the affine functions). The checks run on int64
arrays only after a magnitude check shows that no product or sum can reach 2^62; otherwise on arrays
of Python integers. Either way the arithmetic is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .model import Network
from .polyhedra import on_facet
from .regions import Region

LIMIT = 2**62


def _integers(values) -> np.ndarray:
    """An int64 array if every entry fits, else an array of Python integers."""
    try:
        return np.array(values, dtype=np.int64)
    except OverflowError:
        return np.array(values, dtype=object)


def _largest(array: np.ndarray) -> int:
    return int(np.max(np.abs(array))) if array.size else 0


def _primitive(row) -> tuple[int, ...]:
    from math import gcd

    g = gcd(*row)
    return tuple(v // g for v in row)


def _repeated_hyperplanes(V: np.ndarray, owner: np.ndarray) -> set[int]:
    """Regions with two rows on the same hyperplane (equal after dividing out the gcd)."""
    if V.dtype == object:
        seen, out = set(), set()
        for r, row in zip(owner.tolist(), map(_primitive, V.tolist())):
            if (r, row) in seen:
                out.add(r)
            seen.add((r, row))
        return out
    primitive = V // np.gcd.reduce(V, axis=1)[:, None]
    # sort by (owner, a hash of the row), then compare neighbours in that order exactly
    mix = np.random.default_rng(14).integers(1, 2**62, size=V.shape[1], dtype=np.int64)
    with np.errstate(over="ignore"):
        hashed = (primitive * mix).sum(axis=1)  # wraps around: only a sort key
    order = np.lexsort((hashed, owner))
    a, b = order[:-1], order[1:]
    candidates = (owner[a] == owner[b]) & (hashed[a] == hashed[b])
    same = candidates.copy()
    same[candidates] = np.all(primitive[a[candidates]] == primitive[b[candidates]], axis=1)
    return set(owner[b[same]].tolist())


def across(network: Network, region: Region, k: int, units: list | None = None, biases: list | None = None) -> int | None:
    """The sign pattern (as a bit mask) just past row k's facet of the region, by the forward pass of
    the module docstring; None if some z' is not a multiple of h_k (not expected; the region then
    goes to the one-by-one proof). units: the region's rows without their gcds; biases: scale times
    the hidden layers' biases (both recomputed if not given)."""
    h = region.rows[k]
    units = units or [_primitive(row) for row in region.rows]
    biases = biases or [[int(b * region.scale) for b in layer.biases] for layer in network.hidden]
    Z = set(region.zeros) | {n for n, unit in zip(region.neurons, units) if unit == units[k]}
    scale, d = region.scale, len(h) - 1
    bits = list(region.pattern)
    below = [(0, *(scale * int(i == j) for i in range(d))) for j in range(d)]  # scale x_j as rows
    n = 0
    for layer, scaled in zip(network.hidden, biases):
        out = []
        for weights, bias in zip(layer.weights, scaled):
            z = None
            if n in Z or bits[n]:
                z = [bias] + [0] * d
                for w, row in zip(weights, below):
                    if w and row is not None:
                        z = [x + w * y for x, y in zip(z, row)]
            if n in Z:
                if any(z):
                    p = max(range(1, d + 1), key=lambda i: abs(h[i]))
                    if any(x * h[p] != z[p] * y for x, y in zip(z, h)):
                        return None
                    bits[n] = z[p] * h[p] < 0  # z' = lambda h with lambda < 0: positive past the facet
                else:
                    bits[n] = False
            out.append(z if bits[n] else None)
            n += 1
        below = out
    return sum(1 << j for j, bit in enumerate(bits) if bit)


@dataclass
class Facets:
    """What the neighbour certificate needs of a run of consecutive regions, computed where they were
    found (a search task) so that only integer arrays travel: per region its mask, row count and F and G
    monomials as integer rows; per row the row and the mask just past it (-1: `across` gave up)."""

    masks: list
    counts: np.ndarray
    rows: np.ndarray
    past: list
    f: np.ndarray
    g: np.ndarray

    @classmethod
    def of(cls, network: Network, regions: Sequence[Region]) -> "Facets":
        masks = [region.mask for region in regions]
        rows = [row for region in regions for row in region.rows]
        d = len(regions[0].f[0]) if regions else network.inputs
        V = _integers(rows) if rows else np.zeros((0, d + 1), dtype=np.int64)
        counts = np.array([len(region.rows) for region in regions], dtype=np.int64)
        owner = np.repeat(np.arange(len(regions), dtype=np.int64), counts)
        special = _repeated_hyperplanes(V, owner) if rows else set()
        biases = [[int(b * regions[0].scale) for b in layer.biases] for layer in network.hidden] if regions else []
        past: list = []
        for r, (region, mask) in enumerate(zip(regions, masks)):
            if r in special or region.zeros:
                units = [_primitive(row) for row in region.rows]
                for k in range(len(region.rows)):
                    found = across(network, region, k, units, biases)
                    past.append(-1 if found is None else found)
            else:  # Z is the row's own neuron alone: just past the facet only its sign changes
                past.extend(mask ^ (1 << n) for n in region.neurons)

        def monomials(side):
            return _integers([(m[1], *(region.scale * e for e in m[0])) for region in regions for m in [getattr(region, side)]])

        return cls(masks, counts, V, past, monomials("f"), monomials("g"))

    @classmethod
    def join(cls, parts: Sequence["Facets"]) -> "Facets":
        parts = [part for part in parts if len(part.masks)]
        if not parts:
            return cls([], np.zeros(0, dtype=np.int64), np.zeros((0, 1), dtype=np.int64), [], np.zeros((0, 1)), np.zeros((0, 1)))
        stack = lambda arrays: np.concatenate(arrays) if all(a.dtype != object for a in arrays) else np.concatenate([a.astype(object) for a in arrays])  # noqa: E731
        return cls(
            [m for part in parts for m in part.masks], np.concatenate([part.counts for part in parts]),
            stack([part.rows for part in parts]), [p for part in parts for p in part.past],
            stack([part.f for part in parts]), stack([part.g for part in parts]),
        )


def neighbour_failures(network: Network, regions: Sequence[Region], budget=None, facets: Facets | None = None) -> tuple[list[int], int]:
    """Indices of the regions the neighbour certificate does not settle, and the exact LPs it used.
    facets: Facets.of(network, regions), if the search tasks already computed it.

    Presupposes condition (c) (checked by the caller) and one scale for every region."""
    if not regions:
        return [], 0
    facets = facets if facets is not None else Facets.of(network, regions)
    d = len(regions[0].f[0])
    where = {mask: r for r, mask in enumerate(facets.masks)}
    owner = np.repeat(np.arange(len(regions), dtype=np.int64), facets.counts)
    slot = np.arange(len(owner)) - np.repeat(np.cumsum(facets.counts) - facets.counts, facets.counts)
    failed = set(owner[np.array([p == -1 for p in facets.past], dtype=bool)].tolist()) if len(owner) else set()
    neighbour = np.array([where.get(p, -1) for p in facets.past], dtype=np.int64)
    has = neighbour >= 0
    mine, theirs, V = owner[has], neighbour[has], facets.rows[has]
    suspects = np.zeros(len(V), dtype=bool)
    for M in (facets.f, facets.g):
        # |U| <= 2 |M|; a cross term is a difference of two products, a dot product a sum of d + 1
        exact_in_int64 = M.dtype != object and V.dtype != object and 2 * _largest(M) * _largest(V) * max(2, d + 1) < LIMIT
        U, W = (M[theirs] - M[mine], V) if exact_in_int64 else (M.astype(object)[theirs] - M.astype(object)[mine], V.astype(object))
        at = np.arange(len(W))
        pivot = np.argmax(np.abs(W[:, 1:]), axis=1) + 1  # a nonzero slope: the row is not constant
        cross = U * W[at, pivot][:, None] - U[at, pivot][:, None] * W
        parallel = ~np.any(cross != 0, axis=1)
        downhill = (U * W).sum(axis=1) <= 0  # f_S - f_R = -mu h, mu >= 0
        suspects |= ~(parallel & downhill)
    programs = 0
    for r, k in zip(mine[suspects].tolist(), slot[has][suspects].tolist()):
        if r in failed:
            continue
        if budget is not None:
            budget.check()
        programs += 1
        # rows on row k's own hyperplane vanish with it: leave them out, or a facet would look empty
        rows = regions[r].rows
        others = [row for j, row in enumerate(rows) if j != k and _primitive(row) != _primitive(rows[k])]
        if on_facet(others + [rows[k]], len(others), d):
            failed.add(r)
    return sorted(failed), programs


def search_with_facets(network: Network, prefix, deadline: float | None = None):
    """regions.subtree, and the Facets of what it found (a task for the region search)."""
    import os
    import time
    from dataclasses import replace

    from .regions import subtree

    cpu = time.process_time()
    chunk = subtree(network, prefix, deadline)
    facets = Facets.of(network, chunk.regions)
    return replace(chunk, facets=facets, cpu=time.process_time() - cpu, worker=os.getpid())
