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


def neighbour_failures(network: Network, regions: Sequence[Region], budget=None) -> tuple[list[int], int]:
    """Indices of the regions the neighbour certificate does not settle, and the exact LPs it used.

    Presupposes condition (c) (checked by the caller) and one scale for every region."""
    kept = [r for r, region in enumerate(regions) if region.rows]
    if not kept:
        return [], 0
    d, scale = len(regions[0].f[0]), regions[0].scale
    masks = [region.mask for region in regions]
    where = {mask: r for r, mask in enumerate(masks)}
    counts = np.array([len(regions[r].rows) for r in kept], dtype=np.int64)
    owner = np.repeat(np.array(kept, dtype=np.int64), counts)
    slot = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    V = _integers([row for r in kept for row in regions[r].rows])
    special = _repeated_hyperplanes(V, owner) | {r for r in kept if regions[r].zeros}
    failed: set[int] = set()
    neighbour = []
    biases = [[int(b * scale) for b in layer.biases] for layer in network.hidden]
    for r in kept:
        region = regions[r]
        if r in special:
            units = [_primitive(row) for row in region.rows]
            for k in range(len(region.rows)):
                mask = across(network, region, k, units, biases)
                if mask is None:
                    failed.add(r)
                neighbour.append(-1 if mask is None else where.get(mask, -1))
        else:  # Z is the row's own neuron alone: just past the facet only its sign changes
            neighbour.extend(where.get(masks[r] ^ (1 << n), -1) for n in region.neurons)
    neighbour = np.array(neighbour, dtype=np.int64)
    has = neighbour >= 0
    mine, theirs, V = owner[has], neighbour[has], V[has]
    suspects = np.zeros(len(V), dtype=bool)
    for side in ("f", "g"):
        M = _integers([(getattr(reg, side)[1], *(scale * e for e in getattr(reg, side)[0])) for reg in regions])
        # |U| <= 2 |M|; a cross term is a difference of two products, a dot product a sum of d + 1
        exact_in_int64 = 2 * _largest(M) * _largest(V) * max(2, d + 1) < LIMIT
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
