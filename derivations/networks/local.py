"""The neighbour certificate: F and G checked across every facet between two regions, in integers.

Setting. The regions R (open, full-dimensional, disjoint, their closures cover R^d) each carry the
monomials f_R, g_R of F and G there (regions.py) and the network's piece N_R. Define phi = f_R on R.
If (a) f_R - g_R = N_R on every R, (b) phi is convex, and (c) the monomials of F are exactly the f_R
(likewise G), then F = phi: F >= phi because every f_R is a monomial of F; and a convex phi that is
affine (= f_S) on an open set S lies above that affine function everywhere (a supporting hyperplane),
so phi >= every f_S, that is phi >= F. With the same for G, F - G = N on every region, hence everywhere.

Convexity from facets. Take a segment between points of two regions in general position: it meets no
face of dimension <= d - 2 of any region (the pairs of end points that do form a null set). Where it
leaves a region R it crosses the relative interior of a facet of R, on the hyperplane of one row k of R
(the pre-activation of neuron n). If no other row of R has that hyperplane and no pre-activation that
is identically 0 on R depends on n (Region.simple), then at the crossing only neuron n's pre-activation
vanishes: the neurons before it keep their signs nearby, so n's pre-activation is the same affine
function on both sides and changes sign, and every later neuron is nonzero there and keeps its sign.
So the segment enters the region whose pattern is R's with neuron n flipped (which therefore exists).
Checking, for every such neighbour S, that f_S - f_R = -lambda h_k with lambda >= 0 (h_k > 0 on R is the
row) makes phi continuous with non-decreasing slope at every crossing: phi is convex on almost every
segment, and by continuity of each piece f_R >= f_S on all of R for every S; that is (b) in the form
used above. A row whose flipped pattern is no region is not a facet (a facet would give one), and a row
whose check fails is either not a facet (on_facet, an exact LP, says so) or the region fails.

A region that is not simple, or fails, is proved on its own instead (certify.py: F = f_R and G = g_R
on its closure, at the generators); at a crossing between two such regions phi = F, which is convex.

Arithmetic. Every quantity is an integer (scale times the affine functions). The checks run on int64
arrays only after a magnitude check shows that no product or sum can reach 2^62; otherwise on arrays
of Python integers. Either way the arithmetic is exact.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

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


def _repeated_hyperplanes(V: np.ndarray, owner: list[int]) -> set[int]:
    """Regions with two rows on the same hyperplane (equal after dividing out the gcd)."""
    if V.dtype == object:
        from math import gcd

        g = np.array([gcd(*row) for row in V.tolist()], dtype=object)
    else:
        g = np.gcd.reduce(V, axis=1)
    seen, out = set(), set()
    for r, row in zip(owner, map(tuple, (V // g[:, None]).tolist())):
        if (r, row) in seen:
            out.add(r)
        seen.add((r, row))
    return out


def neighbour_failures(regions: Sequence[Region], budget=None) -> tuple[list[int], int]:
    """Indices of the regions the neighbour certificate does not settle, and the exact LPs it used.

    Presupposes condition (c) (checked by the caller) and one scale for every region."""
    if not regions:
        return [], 0
    d, scale = len(regions[0].f[0]), regions[0].scale
    where = {region.mask: r for r, region in enumerate(regions)}
    owner, slot, neighbour, rows = [], [], [], []
    failed: set[int] = set()
    for r, region in enumerate(regions):
        if not region.simple:
            failed.add(r)
            continue
        mask = region.mask
        for k, (n, row) in enumerate(zip(region.neurons, region.rows)):
            owner.append(r)
            slot.append(k)
            neighbour.append(where.get(mask ^ (1 << n), -1))
            rows.append(row)
    if not rows:
        return sorted(failed), 0
    V = _integers(rows)
    failed |= _repeated_hyperplanes(V, owner)
    has = np.array(neighbour) >= 0
    mine, theirs = np.array(owner)[has], np.array(neighbour)[has]
    V = V[has]
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
        downhill = (U * W).sum(axis=1) <= 0  # f_S - f_R = -lambda h, lambda >= 0
        suspects |= ~(parallel & downhill)
    programs = 0
    pairs = [(owner[j], slot[j]) for j in np.nonzero(has)[0].tolist()]
    for (r, k), bad in zip(pairs, suspects.tolist()):
        if not bad or r in failed:
            continue
        if budget is not None:
            budget.check()
        programs += 1
        if on_facet(regions[r].rows, k, d):
            failed.add(r)
    return sorted(failed), programs
