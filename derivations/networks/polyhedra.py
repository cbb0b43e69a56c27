"""Exact linear programming over the rationals: the one adapter to pycddlib (cddlib with GMP).

Every question here is answered by an exact simplex in rational arithmetic; nothing is rounded, so
"empty" and "nonempty" are decisions, not estimates.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import cdd
import cdd.gmp as _gmp

# An affine function x -> a.x + c, as (a, c).
Affine = tuple[tuple[Fraction, ...], Fraction]


def interior_point(strict: Sequence[Affine], dimension: int) -> tuple[Fraction, ...] | None:
    """A point x with a.x + c > 0 for every (a, c) in strict, or None if that open set is empty.

    Maximise s subject to a.x + c >= s and s <= 1: the open set is nonempty iff the optimum is > 0,
    and the optimal x then satisfies every inequality strictly.
    """
    if not strict:
        return (Fraction(0),) * dimension
    array = [[c, *a, -1] for a, c in strict]
    array.append([1] + [0] * dimension + [-1])  # s <= 1 keeps the program bounded
    array.append([0] + [0] * dimension + [1])  # objective: s
    lp = _gmp.linprog_from_array(array, cdd.LPObjType.MAX)
    _gmp.linprog_solve(lp)
    if lp.status != cdd.LPStatusType.OPTIMAL or lp.obj_value <= 0:
        return None
    return tuple(Fraction(v) for v in lp.primal_solution[:dimension])


def exceeds(objective: Affine, closed: Sequence[Affine], epigraph: Sequence[Affine], dimension: int) -> tuple[Fraction, ...] | None:
    """A point x of the closed polyhedron (a.x + c >= 0 for closed) where objective(x) > max_g g(x)
    over g in epigraph, or None if there is none (objective <= max g on the whole polyhedron).

    Maximise objective(x) - z subject to z >= g(x) for every g, capped at 1 so that the program is
    bounded; the polyhedron must be nonempty. At the optimum x, objective(x) - max g(x) >= the optimum.
    """
    array = [[c, *a, 0] for a, c in closed]
    array += [[-c, *(-v for v in a), 1] for a, c in epigraph]  # z - g(x) >= 0
    a, c = objective
    array.append([1 - c, *(-v for v in a), 1])  # objective(x) - z <= 1
    array.append([c, *a, -1])  # maximise objective(x) - z
    lp = _gmp.linprog_from_array(array, cdd.LPObjType.MAX)
    _gmp.linprog_solve(lp)
    if lp.status != cdd.LPStatusType.OPTIMAL:
        raise ArithmeticError(f"exact LP ended with status {lp.status.name}")
    if lp.obj_value <= 0:
        return None
    return tuple(Fraction(v) for v in lp.primal_solution[:dimension])


def generators(closed: Sequence[Affine], dimension: int) -> tuple[list, list, list]:
    """The closed polyhedron a.x + c >= 0 as points, rays and lines (exact, by double description):
    every point of it is a convex combination of points plus a nonnegative combination of rays plus
    any combination of lines."""
    if not closed:
        unit = [tuple(Fraction(int(k == j)) for k in range(dimension)) for j in range(dimension)]
        return [(Fraction(0),) * dimension], [], unit
    matrix = _gmp.matrix_from_array([[c, *a] for a, c in closed], rep_type=cdd.RepType.INEQUALITY)
    output = _gmp.copy_generators(_gmp.polyhedron_from_matrix(matrix))
    points, rays, lines = [], [], []
    for k, row in enumerate(output.array):
        vector = tuple(Fraction(v) for v in row[1:])
        if k in output.lin_set:
            lines.append(vector)
        elif row[0] == 0:
            rays.append(vector)
        else:
            points.append(tuple(v / Fraction(row[0]) for v in vector))
    return points, rays, lines


def facet_rows(rows: Sequence[Affine], dimension: int) -> list[int]:
    """Indices of the rows z >= a.x + c that define facets of the epigraph of max(a.x + c):
    exactly the affine pieces that are the strict maximum on some open set. Rows must be distinct."""
    if len(rows) == 1:
        return [0]
    array = [[-c, *(-v for v in a), 1] for a, c in rows]
    matrix = _gmp.matrix_from_array(array, rep_type=cdd.RepType.INEQUALITY)
    redundant = _gmp.redundant_rows(matrix)
    return [k for k in range(len(rows)) if k not in redundant]
