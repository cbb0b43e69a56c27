"""Deterministic sample points for the numeric search: a fixed grid, seeded random rationals, and points
read from the statement (roots of its factors and denominators, boundaries of its assumptions and cases,
and both sides of each)."""

from __future__ import annotations

import functools
import itertools
import random
import zlib

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.notation import Notation, expand_notation

REAL_VALUES = [
    "0", "1/1000", "-1/1000", "1/10", "-1/10", "1/2", "-1/2", "1", "-1", "5/2", "-5/2",
    "7", "-7", "10", "-10", "40", "-40", "200", "-200", "3/4", "-3/4",
]
POSITIVE_VALUES = ["1/1000", "1/2", "1", "5/2", "10", "40", "200"]
INTEGER_VALUES = ["0", "1", "-1", "2", "-2", "3", "5", "-3", "4", "6"]
NEAR = sp.Rational(1, 1000)
SOLVE_SECONDS = 1.0
MAX_CRITICAL = 10  # per symbol
_OPAQUE = (sp.Derivative, sp.Subs, sp.Integral, sp.Limit, sp.Sum, sp.Indexed)  # no roots read from these


def allowed(symbol, value) -> bool:
    """Does value respect the symbol's own assumptions (positive, integer, ...)?"""
    value = sp.sympify(value)
    checks = {
        "integer": lambda v: v.is_integer,
        "positive": lambda v: v.is_positive,
        "nonnegative": lambda v: v.is_nonnegative,
        "negative": lambda v: v.is_negative,
        "nonpositive": lambda v: v.is_nonpositive,
        "nonzero": lambda v: v.is_nonzero,
    }
    return all(check(value) is True for key, check in checks.items() if getattr(symbol, "is_" + key) is True)


def _pool(symbol) -> list[sp.Basic]:
    if symbol.is_integer:
        values = INTEGER_VALUES + ["7", "10", "-10", "12"]
    elif symbol.is_positive or symbol.is_nonnegative:
        values = POSITIVE_VALUES + (["0"] if symbol.is_nonnegative else [])
    else:
        values = REAL_VALUES
    return [sp.Rational(v) for v in values]


def _random(symbol, count=6) -> list[sp.Basic]:
    """Seeded random rationals (the seed is the symbol's name: the same points on every run)."""
    chooser = random.Random(zlib.crc32(symbol.name.encode()) + 20181807)
    out = []
    for _ in range(count * 3):
        if symbol.is_integer:
            value = sp.Integer(chooser.randint(-20, 20))
        else:
            value = sp.Rational(chooser.randint(-300, 300), chooser.randint(1, 37))
        if symbol.is_positive or symbol.is_nonnegative:
            value = abs(value) + (0 if symbol.is_nonnegative else sp.Rational(1, 97))
        if value not in out:
            out.append(value)
        if len(out) >= count:
            break
    return out


def critical_expressions(exprs) -> list[sp.Expr]:
    """Expressions whose zeros are where a statement may change: factors, bases of powers (denominators
    and squares), arguments of log, arguments of max/min/abs, boundaries of cases and relations."""
    found: list[sp.Expr] = []

    def add(g):
        g = sp.sympify(g)
        if g.free_symbols and not g.is_number and not g.has(*_OPAQUE):
            found.append(g)

    for expr in exprs:
        expr = sp.sympify(expr)
        if isinstance(expr, sp.Rel):
            add(expr.lhs - expr.rhs)
            exprs_inner = (expr.lhs, expr.rhs)
        else:
            add(expr)
            exprs_inner = (expr,)
        for e in exprs_inner:
            try:
                unfolded = expand_notation(e) if e.has(Notation) else e
            except (ValueError, TypeError, NotImplementedError):  # f_n at a symbolic n: no closed form
                unfolded = e
            for node in sp.preorder_traversal(unfolded):
                if node.is_Mul:
                    for factor in node.args:
                        add(factor)
                elif node.is_Pow:
                    add(node.base)
                elif isinstance(node, sp.log):
                    add(node.args[0])
                    add(node.args[0] - 1)
                elif isinstance(node, (sp.Max, sp.Min)):
                    args = list(node.args)
                    for i, a in enumerate(args):
                        for b in args[i + 1 :]:
                            add(a - b)
                elif isinstance(node, sp.Abs):
                    add(node.args[0])
                elif isinstance(node, sp.Rel):
                    add(node.lhs - node.rhs)
    out = []
    for g in found:
        if g not in out:
            out.append(g)
    return out[:40]


@functools.lru_cache(maxsize=2048)
def _roots(g, s) -> tuple:
    """Real roots of g in s (other symbols set to 0 if g has them), exact, when SymPy finds finitely many."""
    others = {o: 0 for o in g.free_symbols if o != s}
    try:
        h = g.xreplace(others) if others else g
        if s not in h.free_symbols:
            return ()
        with budget(SOLVE_SECONDS):
            found = sp.solveset(h, s, sp.S.Reals)
    except (OutOfTime, Exception):  # noqa: BLE001 - a solver that fails finds nothing
        return ()
    if not isinstance(found, sp.FiniteSet):
        return ()
    return tuple(r for r in found if r.is_real and r.is_number and r.is_finite and len(str(r)) < 60)


def critical_values(symbol, expressions) -> list[sp.Basic]:
    """Roots of the critical expressions in this symbol, each with points just beside it."""
    out: list[sp.Basic] = []
    for g in expressions:
        if symbol not in g.free_symbols:
            continue
        for root in _roots(g, symbol):
            near = root if root.is_Rational else sp.nsimplify(sp.N(root, 30), rational=True)
            for value in (root, near + NEAR, near - NEAR):
                if value not in out:
                    out.append(value)
        if len(out) >= 3 * MAX_CRITICAL:
            break
    if symbol.is_integer:
        out = [v for v in {sp.floor(v) for v in out} | {sp.ceiling(v) for v in out}]
        out.sort(key=lambda v: (abs(v), v))
    return out


def sample_points(symbols, facts=(), limit: int = 60, statement=()) -> list[dict]:
    """Deterministic candidate points over ``symbols``: points from the statement and the facts first,
    then a fixed grid and seeded random rationals. Admissibility is the caller's to check."""
    symbols = sorted(symbols, key=str)
    if not symbols:
        return [{}]
    critical = critical_expressions(tuple(statement) + tuple(f for f in facts if isinstance(f, sp.Rel)))
    pools = []
    for s in symbols:
        values = critical_values(s, critical)[: 3 * MAX_CRITICAL] + _pool(s) + _random(s)
        kept = []
        for v in values:
            if v not in kept and allowed(s, v):
                kept.append(v)
        pools.append(kept)
    if len(symbols) == 1:
        candidates = [{symbols[0]: v} for v in pools[0]]
    elif len(symbols) <= 3:
        width = {2: 14, 3: 7}[len(symbols)]
        # the grid in growing shells (every pool's first values before any pool's later ones)
        grid = sorted(itertools.product(*[range(min(width, len(p))) for p in pools]), key=lambda ix: (max(ix), ix))
        grid_points = [{s: p[i] for s, p, i in zip(symbols, pools, ix)} for ix in grid]
        diagonal = []
        for v in pools[0][:9]:  # near the diagonal x = y, where max(x, y) switches branch
            for delta in (0, NEAR, -NEAR):
                point = {s: v for s in symbols}
                point[symbols[-1]] = v + delta
                if all(allowed(s, point[s]) for s in symbols):
                    diagonal.append(point)
        mixed = []
        for k in range(limit):  # and random combinations of everything
            chooser = random.Random(k)
            mixed.append({s: chooser.choice(p) for s, p in zip(symbols, pools)})
        # taken in turn, so that a caller that stops after ``limit`` points has seen each kind
        candidates = [point for group in itertools.zip_longest(grid_points, mixed, diagonal) for point in group if point is not None]
    else:
        chooser = random.Random(20181807)
        candidates = [{s: chooser.choice(pool) for s, pool in zip(symbols, pools)} for _ in range(limit * 3)]
    out, seen = [], set()
    for point in candidates:
        key = tuple(point[s] for s in symbols)
        if key not in seen:
            seen.add(key)
            out.append(point)
    return out


__all__ = ["sample_points", "critical_expressions", "critical_values"]
