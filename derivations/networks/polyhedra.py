"""Exact linear programming over the rationals: the one adapter to pycddlib (cddlib with GMP).

Every question here is answered by an exact simplex in rational arithmetic, or by a floating-point
simplex whose answer is then checked exactly: a point it proposes counts only after every inequality has
been verified at that point in integer arithmetic, and "empty" is never taken from it. So "empty" and
"nonempty" are decisions, not estimates.
"""

from __future__ import annotations

import math
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


# An integer row (c, a_1, ..., a_d) stands for the affine function x -> c + a.x (cddlib's own layout).
Row = tuple[int, ...]
Point = tuple[tuple[int, ...], int]  # (numerators, common denominator q > 0): x_k = numerators[k] / q


def strictly_inside(rows: Sequence[Row], point: Point) -> bool:
    """c + a.x > 0 for every row at x = numerators / q, decided in integers (q > 0 scales every side)."""
    numerators, q = point
    return all(row[0] * q + sum(a * v for a, v in zip(row[1:], numerators)) > 0 for row in rows)


def normalized(row: Row) -> list[float]:
    """The row as floats, scaled to a unit normal, for the floating-point LP (a guess-maker only)."""
    norm = math.sqrt(sum(float(a) * float(a) for a in row[1:])) or 1.0
    return [row[0] / norm, *(a / norm for a in row[1:]), -1.0]


def _float_lp(floats: Sequence[list[float]], dimension: int):
    """Floating-point cddlib: maximise s with c + a.x >= s |a| (unit normals), s <= 1."""
    import cdd

    array = list(floats)
    array.append([1.0] + [0.0] * dimension + [-1.0])
    array.append([0.0] + [0.0] * dimension + [1.0])
    lp = cdd.linprog_from_array(array, cdd.LPObjType.MAX)
    cdd.linprog_solve(lp)
    return lp


def _rounded(x: Sequence[float], margin: float) -> Point | None:
    """x rounded to a dyadic grid fine enough for the margin (a guess; checked exactly by the caller)."""
    if not all(math.isfinite(v) and abs(v) < 2.0**60 for v in x):
        return None
    scale = 2 ** max(0, min(52, math.ceil(math.log2(4 * len(x) / margin))))
    return tuple(round(v * scale) for v in x), scale


def _null_vector(columns: Sequence[Row]) -> list[int] | None:
    """An integer y != 0 with sum_j y_j columns_j = 0 when those vectors span a space of dimension
    len(columns) - 1, else None. Fraction-free (Bareiss) elimination: every entry stays an integer
    minor of the matrix and each division is exact; then back substitution with the free entry set to
    the last pivot, which by Cramer's rule makes every entry an integer. (The caller checks y anyway.)"""
    m = len(columns)
    A = [[col[k] for col in columns] for k in range(len(columns[0]))]
    A = [row for row in A if any(row)]
    pivots: list[int] = []
    free: list[int] = []
    previous = 1
    for c in range(m):
        r = len(pivots)
        p = next((i for i in range(r, len(A)) if A[i][c]), None) if r < len(A) else None
        if p is None:
            free.append(c)
            if len(free) > 1:
                return None
            continue
        A[r], A[p] = A[p], A[r]
        top, t = A[r], A[r][c]
        for i in range(r + 1, len(A)):
            row, f = A[i], A[i][c]
            A[i] = [0] * (c + 1) + [(row[j] * t - f * top[j]) // previous for j in range(c + 1, m)]
        previous = t
        pivots.append(c)
    if len(free) != 1:
        return None
    y = [0] * m
    y[free[0]] = previous
    for r in range(len(pivots) - 1, -1, -1):
        c = pivots[r]
        total = sum(A[r][j] * y[j] for j in range(c + 1, m))
        if total % A[r][c]:
            return None
        y[c] = -total // A[r][c]
    return y


def empty_by_farkas(rows: Sequence[Row], support: Sequence[int]) -> bool:
    """Is {x : c + a.x > 0 for every row} provably empty by multipliers on the support rows?

    Motzkin's transposition: if y >= 0, y != 0, sum y_i a_i = 0 and sum y_i c_i <= 0, then for every x
    sum y_i (c_i + a_i.x) = sum y_i c_i <= 0, which cannot be if every c_i + a_i.x > 0. The float LP
    only suggests the support; y is computed and every one of these conditions checked in integers.
    """
    chosen = [rows[i] for i in support]
    if not chosen:
        return False
    y = _null_vector([row[1:] for row in chosen])
    if y is None:
        return False
    if all(v <= 0 for v in y):
        y = [-v for v in y]
    if not any(y) or any(v < 0 for v in y):
        return False
    if any(sum(v * row[k] for v, row in zip(y, chosen)) for k in range(1, len(chosen[0]))):
        return False
    return sum(v * row[0] for v, row in zip(y, chosen)) <= 0


def point_inside(rows: Sequence[Row], dimension: int, floats: Sequence[list[float]] | None = None) -> Point | None:
    """A point strictly inside {x : c + a.x > 0 for every row}, or None if that open set is empty.

    A floating-point LP (floats: the rows as `normalized` gives them) only makes guesses: a point it
    proposes is returned after strictly_inside has checked it in integers, and "empty" is returned
    after empty_by_farkas has checked a certificate in integers. When neither check goes through, the
    exact LP (interior_point, GMP rationals) decides. No float is ever trusted.
    """
    if not rows:
        return (0,) * dimension, 1
    lp = _float_lp(floats if floats is not None else [normalized(row) for row in rows], dimension)
    if lp.status == cdd.LPStatusType.OPTIMAL:
        if lp.obj_value > 1e-9:
            candidate = _rounded(lp.primal_solution[:dimension], lp.obj_value)
            if candidate is not None and strictly_inside(rows, candidate):
                return candidate
        else:
            support = [i for i, y in lp.dual_solution if i < len(rows) and y > 1e-12]
            if empty_by_farkas(rows, support):
                return None
    exact = interior_point([(tuple(Fraction(a) for a in row[1:]), Fraction(row[0])) for row in rows], dimension)
    if exact is None:
        return None
    q = math.lcm(*(v.denominator for v in exact))
    return tuple(int(v * q) for v in exact), q


def on_facet(rows: Sequence[Row], k: int, dimension: int) -> bool:
    """Is there a point with row k = 0 and every other row > 0 (row k's hyperplane carries a facet of
    the open polyhedron, and the point is in that facet's relative interior)? Exact LP."""
    others = [row for j, row in enumerate(rows) if j != k]
    array = [[row[0], *row[1:], -1] for row in others]
    array.append([rows[k][0], *rows[k][1:], 0])
    array.append([-rows[k][0], *(-a for a in rows[k][1:]), 0])
    array.append([1] + [0] * dimension + [-1])
    array.append([0] + [0] * dimension + [1])
    lp = _gmp.linprog_from_array(array, cdd.LPObjType.MAX)
    _gmp.linprog_solve(lp)
    return lp.status == cdd.LPStatusType.OPTIMAL and lp.obj_value > 0


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


def integer_generators(rows: Sequence[Row], dimension: int) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """The closed polyhedron c + a.x >= 0 (integer rows) by double description, as homogeneous integer
    vectors (B, X): points X / B with B > 0 and rays X with B = 0 (every point of the polyhedron is a
    convex combination of the points plus a nonnegative one of the rays), and lines (0, X)."""
    if not rows:
        return [(1,) + (0,) * dimension], [(0, *(int(k == j) for k in range(dimension))) for j in range(dimension)]
    matrix = _gmp.matrix_from_array([list(row) for row in rows], rep_type=cdd.RepType.INEQUALITY)
    output = _gmp.copy_generators(_gmp.polyhedron_from_matrix(matrix))
    points_and_rays, lines = [], []
    for k, row in enumerate(output.array):
        q = math.lcm(*(v.denominator for v in row))  # GMP rationals arrive as Fraction (or int)
        vector = tuple(v.numerator * (q // v.denominator) for v in row)
        (lines if k in output.lin_set else points_and_rays).append(vector)
    return points_and_rays, lines


def facet_rows(rows: Sequence[Affine], dimension: int) -> list[int]:
    """Indices of the rows z >= a.x + c that define facets of the epigraph of max(a.x + c):
    exactly the affine pieces that are the strict maximum on some open set. Rows must be distinct."""
    if len(rows) == 1:
        return [0]
    array = [[-c, *(-v for v in a), 1] for a, c in rows]
    matrix = _gmp.matrix_from_array(array, rep_type=cdd.RepType.INEQUALITY)
    redundant = _gmp.redundant_rows(matrix)
    return [k for k in range(len(rows)) if k not in redundant]
